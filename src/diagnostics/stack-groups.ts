import { describeFrame } from './parse-stack-lines.js';
import type { JavaThreadState, JvmThread } from './thread-dump-types.js';

export interface StackGroup {
  /** How many threads share this stack. */
  count: number;
  state: JavaThreadState | null;
  /** The shared stack, top first: `java.lang.Thread.sleep(java.base@17.0.15/Native Method)`. */
  frames: string[];
  threads: string[];
}

/** The frames of a thread as one string: the identity of its stack. */
export function stackKey(thread: JvmThread): string {
  return `${thread.state ?? ''}\n${thread.frames.map(describeFrame).join('\n')}`;
}

/**
 * Threads with the same state and the same frames (lock addresses aside, since every waiter
 * of a pool waits on its own object), largest group first, ties in dump order. Threads
 * without a Java stack are left out.
 */
export function groupByStack(threads: readonly JvmThread[]): StackGroup[] {
  const groups = new Map<string, StackGroup>();
  for (const thread of threads) {
    if (thread.frames.length === 0) continue;
    const key = stackKey(thread);
    const group = groups.get(key);
    if (group) {
      group.count++;
      group.threads.push(thread.name);
    } else {
      groups.set(key, { count: 1, state: thread.state, frames: thread.frames.map(describeFrame), threads: [thread.name] });
    }
  }
  // Array.prototype.sort is stable, so equal counts keep the dump's order.
  return [...groups.values()].sort((a, b) => b.count - a.count);
}
