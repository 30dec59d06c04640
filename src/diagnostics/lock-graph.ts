import type { JvmThread, LockKind, ObjectRef, ThreadDump } from './thread-dump-types.js';

/*
 * The wait-for graph of one dump: who holds which lock, who waits for which, over both
 * monitors (`synchronized`) and java.util.concurrent ownable synchronizers (ReentrantLock,
 * the write side of ReentrantReadWriteLock, …). A thread waits for at most one lock, so each
 * thread has at most one outgoing edge: thread → holder of the lock it waits for.
 */

export interface LockRef extends ObjectRef {
  kind: LockKind;
}

export interface LockWait {
  thread: JvmThread;
  lock: LockRef;
  /** null when no thread in the dump holds it (released meanwhile, or held by a thread not shown). */
  holder: JvmThread | null;
}

export interface LockGraph {
  /** Lock address → the thread holding it. */
  holders: Map<string, JvmThread>;
  /** The lock each waiting thread waits for, in dump order. */
  waits: Map<JvmThread, LockWait>;
}

/** Sync classes that are locks (an owner exists); a parked thread on anything else waits for a signal. */
const LOCK_SYNC = /(?:^|\.)Reentrant(?:ReadWrite)?Lock\$(?:Nonfair|Fair)?Sync$/;

export function buildLockGraph(dump: ThreadDump): LockGraph {
  const holders = new Map<string, JvmThread>();
  for (const thread of dump.threads) {
    for (const address of heldLocks(thread)) if (!holders.has(address)) holders.set(address, thread);
  }
  const waits = new Map<JvmThread, LockWait>();
  for (const thread of dump.threads) {
    const lock = awaitedLock(thread, holders);
    if (lock) waits.set(thread, { thread, lock, holder: holders.get(lock.address) ?? null });
  }
  return { holders, waits };
}

/**
 * Monitors shown as `- locked` (or `- eliminated`) minus those the thread is `waiting on`:
 * HotSpot still prints `- locked` on the frame that entered a monitor its thread has released
 * by calling Object.wait(). Plus the ownable synchronizers it owns.
 */
export function heldLocks(thread: JvmThread): string[] {
  const released: string[] = [];
  const held: string[] = [];
  for (const frames of [thread.frames, thread.carrierFrames]) {
    for (const frame of frames) {
      for (const lock of frame.locks) {
        if (lock.action === 'waiting-on' || lock.action === 'waiting-to-relock') released.push(lock.address);
        else if (lock.action === 'locked' || lock.action === 'eliminated') held.push(lock.address);
      }
    }
  }
  const monitors = released.length === 0 ? held : held.filter((address) => !released.includes(address));
  return thread.ownableSynchronizers.length === 0 ? monitors : [...monitors, ...thread.ownableSynchronizers.map((s) => s.address)];
}

/** The monitor a thread is BLOCKED on, or the lock-like synchronizer it is parked on. */
function awaitedLock(thread: JvmThread, holders: Map<string, JvmThread>): LockRef | null {
  for (const frame of thread.frames) {
    for (const lock of frame.locks) {
      if (lock.action === 'waiting-to-lock' || lock.action === 'waiting-to-relock') {
        return { kind: 'monitor', address: lock.address, className: lock.className };
      }
      if (lock.action === 'parking') {
        const owner = holders.get(lock.address);
        const isLock = LOCK_SYNC.test(lock.className) || (owner !== undefined && owner !== thread);
        return isLock ? { kind: 'synchronizer', address: lock.address, className: lock.className } : null;
      }
    }
  }
  return null;
}

/**
 * From a waiting thread, follow "waits for the holder of" until a thread that waits for
 * nothing (the one to look at) or a thread already on the path (a deadlock).
 */
export function lockChain(graph: LockGraph, start: JvmThread): { threads: JvmThread[]; cycle: boolean } {
  const threads = [start];
  const seen = new Set(threads);
  for (let holder = graph.waits.get(start)?.holder; holder; holder = graph.waits.get(holder)?.holder) {
    if (seen.has(holder)) return { threads, cycle: true };
    threads.push(holder);
    seen.add(holder);
  }
  return { threads, cycle: false };
}
