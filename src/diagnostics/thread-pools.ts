import { idleKind, isExecutorWorker } from './idle-waits.js';
import type { JvmThread } from './thread-dump-types.js';

export interface ThreadPool {
  /** The name pattern, trailing number replaced by `*`: `pool-3-thread-*`, `http-nio-8080-exec-*`. */
  name: string;
  threads: number;
  /** Not parked in the pool's queue: running, or held up inside a task. */
  busy: number;
  /** Parked in the pool's queue take()/poll() (ForkJoinPool: awaitWork); for plain threads, any idle wait. */
  idle: number;
  /** The stacks show executor workers (ThreadPoolExecutor, ForkJoinPool, Jetty, Netty). */
  executor: boolean;
  /** An executor with every worker busy: new tasks wait in its queue. */
  saturated: boolean;
}

/**
 * Groups threads by name with the trailing number taken off (`pool-3-thread-7` →
 * `pool-3-thread-*`, `ForkJoinPool-1-worker-3` → `ForkJoinPool-1-worker-*`). Only threads
 * with a Java stack count (GC and compiler threads are not pools of tasks). A group is a pool
 * when its threads are executor workers or when it has at least two threads. Saturated pools
 * come first, then the larger.
 */
export function findThreadPools(threads: readonly JvmThread[]): ThreadPool[] {
  const groups = new Map<string, JvmThread[]>();
  for (const thread of threads) {
    const numbered = /^(.*\D)\d+$/.exec(thread.name);
    if (!numbered || (thread.frames.length === 0 && thread.carrierFrames.length === 0)) continue;
    const name = `${numbered[1]}*`;
    const members = groups.get(name);
    if (members) members.push(thread);
    else groups.set(name, [thread]);
  }
  const pools: ThreadPool[] = [];
  for (const [name, members] of groups) {
    const executor = members.some(isExecutorWorker);
    if (!executor && members.length < 2) continue;
    // An executor's worker is idle only in its queue; a named group of plain threads in any idle wait.
    const idle = members.filter((t) => (executor ? idleKind(t) === 'pool' : idleKind(t) !== null)).length;
    const busy = members.length - idle;
    pools.push({ name, threads: members.length, busy, idle, executor, saturated: executor && idle === 0 });
  }
  return pools.sort((a, b) => Number(b.saturated) - Number(a.saturated) || b.threads - a.threads);
}
