import { idleKind } from './idle-waits.js';
import type { LockGraph } from './lock-graph.js';
import { describeFrame } from './parse-stack-lines.js';
import { stackKey } from './stack-groups.js';
import type { JavaThreadState, JvmThread, ThreadDump } from './thread-dump-types.js';

/*
 * What only a series of dumps of one JVM shows: which threads burn CPU between the dumps
 * (cpu= is cumulative, so the difference is what they used meanwhile) and which threads sit
 * on the same stack, not idle, in every dump.
 */

export interface HotThread {
  thread: string;
  id: number | null;
  nid: number | null;
  /** CPU milliseconds: used between the first and the last dump ('delta'), or since the thread started ('total'). */
  cpuMs: number;
  /** cpuMs over the wall time it covers (from elapsed=), in % of one core; null when unknown. */
  cpuPercent: number | null;
  basis: 'delta' | 'total';
}

export interface StuckThread {
  thread: string;
  state: JavaThreadState | null;
  frames: string[];
  /** In how many dumps (all of them) it had this stack. */
  dumps: number;
}

/** The same thread in another dump of the same JVM: the Java id and the OS id last its lifetime. */
export function threadKey(thread: JvmThread): string {
  return thread.id === null && thread.nid === null ? `name:${thread.name}` : `${thread.id ?? ''}/${thread.nid ?? ''}`;
}

/**
 * Puts dumps in capture order: by the timestamp above each dump when every dump has one
 * (a stable sort, so dumps of the same second keep their given order), else as given.
 */
export function inCaptureOrder<T extends { dump: ThreadDump }>(dumps: readonly T[]): T[] {
  if (!dumps.every((d) => d.dump.capturedAt !== null)) return [...dumps];
  return [...dumps].sort((a, b) => (a.dump.capturedAt ?? '').localeCompare(b.dump.capturedAt ?? ''));
}

/** The threads using most CPU: by cpu= delta from the first to the last dump, or by total for one dump. */
export function hotThreads(series: readonly ThreadDump[], top: number): HotThread[] {
  const last = series[series.length - 1];
  if (!last) return [];
  const first = series.length > 1 ? new Map(series[0]!.threads.map((t) => [threadKey(t), t])) : null;
  const hot: HotThread[] = [];
  for (const thread of last.threads) {
    if (thread.cpuMs === null) continue;
    const before = first?.get(threadKey(thread));
    // A thread born during the series used all its cpu= within it.
    const cpuMs = thread.cpuMs - (before?.cpuMs ?? 0);
    const wall = thread.elapsedS === null ? null : thread.elapsedS - (before?.elapsedS ?? 0);
    if (cpuMs <= 0) continue;
    hot.push({
      thread: thread.name,
      id: thread.id,
      nid: thread.nid,
      cpuMs: round(cpuMs, 2),
      cpuPercent: wall && wall > 0 ? round((cpuMs / (wall * 1000)) * 100, 1) : null,
      basis: first ? 'delta' : 'total',
    });
  }
  return hot.sort((a, b) => b.cpuMs - a.cpuMs).slice(0, top);
}

/**
 * Threads on the same stack in the same state in every dump of the series (two or more),
 * except idle ones (parked in a pool queue, in a selector, sleeping in their own loop…),
 * unless they hold a lock another thread waits for.
 */
export function stuckThreads(series: readonly ThreadDump[], lastGraph: LockGraph): StuckThread[] {
  const last = series[series.length - 1];
  if (!last || series.length < 2) return [];
  const blocking = new Set([...lastGraph.waits.values()].map((w) => w.holder));
  const earlier = series.slice(0, -1).map((d) => new Map(d.threads.map((t) => [threadKey(t), stackKey(t)])));
  const stuck: StuckThread[] = [];
  for (const thread of last.threads) {
    if (thread.frames.length === 0) continue;
    if (idleKind(thread) !== null && !blocking.has(thread)) continue;
    const key = threadKey(thread);
    const stack = stackKey(thread);
    if (!earlier.every((dump) => dump.get(key) === stack)) continue;
    stuck.push({ thread: thread.name, state: thread.state, frames: thread.frames.map(describeFrame), dumps: series.length });
  }
  return stuck;
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
