import type { JvmThread } from './thread-dump-types.js';

/*
 * Is a thread waiting for work (idle) rather than doing it or being held up? A thread is idle
 * when, from the top of its stack down to a known "wait for work" frame, there is nothing
 * but JDK waiting plumbing. A pool worker parked in its queue's take() is idle; the same
 * worker parked in a CountDownLatch inside its task is busy (an application frame comes
 * first). Used for pool busy/idle counts and to keep idle threads out of "stuck".
 */

export type IdleKind = 'pool' | 'timer' | 'selector' | 'accept' | 'references' | 'sleep' | 'join';

/** Frames that only wait on behalf of their caller. */
const PLUMBING =
  /^(?:jdk\.internal\.misc\.Unsafe\.|sun\.misc\.Unsafe\.|java\.util\.concurrent\.|java\.lang\.Object\.wait|java\.lang\.Thread\.(?:sleep|onSpinWait)|java\.lang\.VirtualThread\.joinNanos$|sun\.nio\.ch\.|java\.lang\.ref\.|org\.apache\.tomcat\.util\.threads\.TaskQueue\.|org\.eclipse\.jetty\.util\.BlockingArrayQueue\.)/;

/** Where a thread waits for its next piece of work. */
const ANCHORS: [RegExp, IdleKind][] = [
  // java.util.concurrent and Tomcat's copy of ThreadPoolExecutor: the worker asks its queue for a task.
  [/(?:^|\.)ThreadPoolExecutor\.getTask$/, 'pool'],
  [/^java\.util\.concurrent\.ForkJoinPool\.(?:awaitWork|runWorker)$/, 'pool'],
  [/^java\.util\.concurrent\.DelayScheduler\.loop$/, 'pool'],
  [/^org\.eclipse\.jetty\.util\.thread\.(?:QueuedThreadPool\$Runner\.idleJobPoll|ReservedThreadExecutor\$ReservedThread\.reservedWait)$/, 'pool'],
  [/^java\.util\.TimerThread\.mainLoop$/, 'timer'],
  [/^sun\.nio\.ch\.\w*SelectorImpl\.doSelect$|^sun\.nio\.ch\.EPollArrayWrapper\.epollWait$/, 'selector'],
  [/^sun\.nio\.ch\.(?:Net|NioSocketImpl|ServerSocketChannelImpl)\.accept0?$|^java\.net\.PlainSocketImpl\.socketAccept$/, 'accept'],
  [/^java\.lang\.ref\.(?:Reference\.(?:waitForReferencePendingList|tryHandlePending)|ReferenceQueue\.remove0?)$/, 'references'],
  [/^java\.lang\.VirtualThread\.takeVirtualThreadListToUnblock$/, 'references'],
  // Waiting for other threads to finish (main joining its workers): if one of those is held
  // up, that thread is what "stuck" must show, not the one patiently waiting for it.
  [/^java\.lang\.Thread\.join$/, 'join'],
];

/** How the thread is idle, or null when it is busy (or has no Java stack to tell). */
export function idleKind(thread: JvmThread): IdleKind | null {
  for (const frame of thread.frames) {
    for (const [anchor, kind] of ANCHORS) {
      // A pool worker joining inside its task is busy with that task, as when it sleeps there.
      if (anchor.test(frame.method)) return kind === 'join' && isExecutorWorker(thread) ? null : kind;
    }
    if (!PLUMBING.test(frame.method)) return sleepsInOwnLoop(thread) ? 'sleep' : null;
  }
  return null;
}

/**
 * A thread of its own sleeping (a heartbeat, a poller) is idle; a pool worker sleeping inside
 * a task is not: the task is what keeps the worker from the queue.
 */
function sleepsInOwnLoop(thread: JvmThread): boolean {
  return thread.stateDetail === 'sleeping' && !isExecutorWorker(thread);
}

/** Frames that show a thread is an executor's worker (so "all busy" means saturated). */
const WORKER =
  /(?:ThreadPoolExecutor\.runWorker|ForkJoinWorkerThread\.run|QueuedThreadPool\$Runner\.run|SingleThreadEventExecutor\$\d+\.run)$/;

export function isExecutorWorker(thread: JvmThread): boolean {
  return thread.frames.some((f) => WORKER.test(f.method)) || thread.carrierFrames.some((f) => WORKER.test(f.method));
}
