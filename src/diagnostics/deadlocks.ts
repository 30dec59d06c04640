import type { LockGraph } from './lock-graph.js';
import type { JvmThread, ReportedDeadlock, ReportedLockWait, ThreadDump } from './thread-dump-types.js';

/** A deadlock: its threads in wait order, and for each the lock it waits for and who holds it. */
export interface Deadlock {
  threads: string[];
  locks: ReportedLockWait[];
}

export interface ComputedDeadlock extends Deadlock {
  /** Whether the JVM's own report lists the same threads and locks. */
  reportedByJvm: boolean;
}

/**
 * The cycles of the wait-for graph. Every thread has at most one outgoing edge (the holder of
 * the lock it waits for), so walking from each thread either ends or closes a loop; a loop is
 * a deadlock. Each cycle starts at its thread that comes first in the dump, as the JVM does.
 */
export function findDeadlocks(dump: ThreadDump, graph: LockGraph): ComputedDeadlock[] {
  const order = new Map(dump.threads.map((t, i) => [t, i]));
  const done = new Set<JvmThread>();
  const found: Deadlock[] = [];
  for (const start of dump.threads) {
    const path: JvmThread[] = [];
    const onPath = new Map<JvmThread, number>();
    let at: JvmThread | null | undefined = start;
    while (at && !done.has(at) && !onPath.has(at)) {
      onPath.set(at, path.length);
      path.push(at);
      at = graph.waits.get(at)?.holder;
    }
    if (at && onPath.has(at)) {
      const cycle = path.slice(onPath.get(at));
      const first = cycle.reduce((best, t, i) => ((order.get(t) ?? 0) < (order.get(cycle[best]!) ?? 0) ? i : best), 0);
      found.push(describe([...cycle.slice(first), ...cycle.slice(0, first)], graph));
    }
    for (const t of path) done.add(t);
  }
  const reported = dump.reportedDeadlocks.map(deadlockKey);
  return found.map((d) => ({ ...d, reportedByJvm: reported.includes(deadlockKey(d)) }));
}

function describe(cycle: JvmThread[], graph: LockGraph): Deadlock {
  return {
    threads: cycle.map((t) => t.name),
    locks: cycle.map((t) => {
      const wait = graph.waits.get(t)!;
      return { ...wait.lock, waiter: t.name, holder: wait.holder?.name ?? null };
    }),
  };
}

/** Same threads, same locks, same holders: the order a cycle is written in does not matter. */
export function deadlockKey(deadlock: Deadlock | ReportedDeadlock): string {
  return deadlock.locks
    .map((l) => `${l.waiter}\u0000${l.address}\u0000${l.holder ?? ''}`)
    .sort()
    .join('\u0001');
}

/** The JVM's deadlocks that the wait-for graph did not find (should be none on a -l dump). */
export function unconfirmedReports(dump: ThreadDump, computed: Deadlock[]): Deadlock[] {
  const keys = new Set(computed.map(deadlockKey));
  return dump.reportedDeadlocks
    .filter((d) => !keys.has(deadlockKey(d)))
    .map((d) => ({ threads: d.threads, locks: d.locks }));
}
