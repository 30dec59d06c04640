import { findDeadlocks, unconfirmedReports, type ComputedDeadlock, type Deadlock } from './deadlocks.js';
import { buildLockGraph, lockChain, type LockGraph, type LockRef } from './lock-graph.js';
import { describeFrame } from './parse-stack-lines.js';
import { groupByStack, type StackGroup } from './stack-groups.js';
import { findThreadPools, type ThreadPool } from './thread-pools.js';
import { hotThreads, inCaptureOrder, stuckThreads, type HotThread, type StuckThread } from './thread-series.js';
import { JAVA_THREAD_STATES, type JavaThreadState, type ThreadDump } from './thread-dump-types.js';

/*
 * The analysis of one thread dump or of a series of dumps of one JVM; `perfmon analyze --json`
 * prints exactly this object. The shape (a public contract: fields are added, never renamed):
 *
 * {
 *   "dumps":   [{ "source": "a.txt", "line": 3, "capturedAt": "2026-11-27 04:36:53" | null,
 *                 "pid": 10206 | null, "vm": "OpenJDK 64-Bit Server VM (…)", "threads": 21,
 *                 "deadlocks": 1, "blocked": 2 }],          one entry per dump, in capture order
 *   -- the fields below describe the newest (last) dump --
 *   "threads": 21,                                          thread entries in the dump
 *   "states":  { "NEW": 0, "RUNNABLE": 9, "BLOCKED": 2, "WAITING": 1, "TIMED_WAITING": 1,
 *                "TERMINATED": 0, "NONE": 8 },              NONE: no java.lang.Thread.State line
 *                                                           (GC/compiler/VM threads, virtual-thread carriers)
 *   "deadlocks": [{ "threads": ["a", "b"],                  cycles of the wait-for graph, in wait order
 *                   "locks": [{ "kind": "monitor" | "synchronizer", "address": "0x…", "className": "…",
 *                               "waiter": "a", "holder": "b" }],
 *                   "reportedByJvm": true }],               the JVM's own report lists the same cycle
 *   "jvmDeadlocks": [{ "threads": […], "locks": […] }],     the JVM's "Found one Java-level deadlock" sections
 *   "blocked": [{ "thread": "book-reader-1", "state": "BLOCKED",
 *                 "lock": { "kind", "address", "className" },   the monitor it is BLOCKED on, or the
 *                                                                lock (ReentrantLock…) it is parked on
 *                 "holder": "book-writer" | null, "holderState": "TIMED_WAITING" | null,
 *                 "holderFrame": "java.lang.Thread.sleep(…)" | null,
 *                 "chain": ["book-reader-1", "book-writer"],    waits-for-holder-of, to a thread that waits
 *                 "deadlocked": false }],                       for nothing (or round a deadlock)
 *   "contended": [{ "kind", "address", "className", "holder": "book-writer" | null,
 *                   "waiters": ["book-reader-1", …] }],     locks with waiters, most waiters first
 *   "pools": [{ "name": "pool-1-thread-*", "threads": 4, "busy": 4, "idle": 0,
 *               "executor": true, "saturated": true }],     saturated first, then larger
 *   "groups": [{ "count": 4, "state": "TIMED_WAITING", "frames": ["…", …], "threads": ["pool-1-thread-1", …] }],
 *                                                           identical stacks, largest first (at most `top`)
 *   -- over the whole series --
 *   "hot":   [{ "thread": "price-calculator", "id": 12 | null, "nid": 10708 | null, "cpuMs": 4342.95,
 *               "cpuPercent": 99.6 | null, "basis": "delta" | "total" }],   at most `top`; one dump: total cpu=
 *   "stuck": [{ "thread": "main", "state": "RUNNABLE", "frames": [ … ], "dumps": 3 }],   needs 2+ dumps
 *   "warnings": ["…"]                                       what limits the analysis (no -l, mixed JVMs, …)
 * }
 */

export interface DumpSummary {
  source: string;
  line: number;
  capturedAt: string | null;
  pid: number | null;
  vm: string;
  threads: number;
  deadlocks: number;
  blocked: number;
}

export interface BlockedThread {
  thread: string;
  state: JavaThreadState | null;
  lock: LockRef;
  holder: string | null;
  holderState: JavaThreadState | null;
  holderFrame: string | null;
  chain: string[];
  deadlocked: boolean;
}

export interface ContendedLock extends LockRef {
  holder: string | null;
  waiters: string[];
}

export type StateCounts = Record<JavaThreadState | 'NONE', number>;

export interface ThreadDumpAnalysis {
  dumps: DumpSummary[];
  threads: number;
  states: StateCounts;
  deadlocks: ComputedDeadlock[];
  jvmDeadlocks: Deadlock[];
  blocked: BlockedThread[];
  contended: ContendedLock[];
  pools: ThreadPool[];
  groups: StackGroup[];
  hot: HotThread[];
  stuck: StuckThread[];
  warnings: string[];
}

export interface SourcedDump {
  /** Where the dump came from (a file name), for the summary and messages. */
  source: string;
  dump: ThreadDump;
}

export interface AnalysisOptions {
  /** At most this many hot threads and stack groups (default 10). */
  top?: number;
}

/** One dump, or a series of dumps of one JVM (put in capture order; see inCaptureOrder). */
export function analyzeThreadDumps(input: readonly SourcedDump[], options: AnalysisOptions = {}): ThreadDumpAnalysis {
  const ordered = inCaptureOrder(input);
  const newest = ordered[ordered.length - 1];
  if (!newest) throw new Error('analyzeThreadDumps needs at least one dump');
  const top = options.top ?? 10;
  const graphs = new Map(ordered.map(({ dump }) => [dump, buildLockGraph(dump)]));
  const found = new Map(ordered.map(({ dump }) => [dump, findDeadlocks(dump, graphs.get(dump)!)]));
  const dump = newest.dump;
  const graph = graphs.get(dump)!;
  const deadlocks = found.get(dump)!;
  return {
    dumps: ordered.map(({ source, dump: d }) => summarize(source, d, graphs.get(d)!, found.get(d)!)),
    threads: dump.threads.length,
    states: countStates(dump),
    deadlocks,
    jvmDeadlocks: dump.reportedDeadlocks.map(({ threads, locks }) => ({ threads, locks })),
    blocked: blockedThreads(graph, deadlocks),
    contended: contendedLocks(graph),
    pools: findThreadPools(dump.threads),
    groups: groupByStack(dump.threads).slice(0, top),
    hot: hotThreads(
      ordered.map((d) => d.dump),
      top,
    ),
    stuck: stuckThreads(
      ordered.map((d) => d.dump),
      graph,
    ),
    warnings: warnings(ordered, deadlocks),
  };
}

function summarize(source: string, dump: ThreadDump, graph: LockGraph, deadlocks: Deadlock[]): DumpSummary {
  return {
    source,
    line: dump.line,
    capturedAt: dump.capturedAt,
    pid: dump.pid,
    vm: dump.vm,
    threads: dump.threads.length,
    deadlocks: deadlocks.length,
    blocked: graph.waits.size,
  };
}

export function countStates(dump: ThreadDump): StateCounts {
  const counts = Object.fromEntries([...JAVA_THREAD_STATES, 'NONE'].map((s) => [s, 0])) as StateCounts;
  for (const thread of dump.threads) counts[thread.state ?? 'NONE']++;
  return counts;
}

function blockedThreads(graph: LockGraph, deadlocks: ComputedDeadlock[]): BlockedThread[] {
  const deadlocked = new Set(deadlocks.flatMap((d) => d.threads));
  return [...graph.waits.values()].map(({ thread, lock, holder }) => ({
    thread: thread.name,
    state: thread.state,
    lock,
    holder: holder?.name ?? null,
    holderState: holder?.state ?? null,
    holderFrame: holder?.frames[0] ? describeFrame(holder.frames[0]) : null,
    chain: lockChain(graph, thread).threads.map((t) => t.name),
    deadlocked: deadlocked.has(thread.name),
  }));
}

function contendedLocks(graph: LockGraph): ContendedLock[] {
  const locks = new Map<string, ContendedLock>();
  for (const { thread, lock, holder } of graph.waits.values()) {
    const entry = locks.get(lock.address);
    if (entry) entry.waiters.push(thread.name);
    else locks.set(lock.address, { ...lock, holder: holder?.name ?? null, waiters: [thread.name] });
  }
  return [...locks.values()].sort((a, b) => b.waiters.length - a.waiters.length);
}

function warnings(ordered: readonly SourcedDump[], deadlocks: ComputedDeadlock[]): string[] {
  const found: string[] = [];
  const newest = ordered[ordered.length - 1]!;
  const pids = new Set(ordered.map((d) => d.dump.pid).filter((p) => p !== null));
  const vms = new Set(ordered.map((d) => d.dump.vm));
  if (pids.size > 1 || vms.size > 1) {
    found.push(
      `the dumps come from different JVMs (${[...(pids.size > 1 ? pids : vms)].join(', ')}): ` +
        'hot and stuck match threads by id, which only means something within one JVM',
    );
  }
  if (!newest.dump.withOwnableSynchronizers && newest.dump.threads.some((t) => t.frames.length > 0)) {
    found.push(
      `${newest.source}: taken without -l (no "Locked ownable synchronizers"): owners of ReentrantLock ` +
        'and other java.util.concurrent locks are unknown, so deadlocks over them cannot be computed',
    );
  }
  for (const missed of unconfirmedReports(newest.dump, deadlocks)) {
    found.push(`the JVM reports a deadlock of ${missed.threads.map((t) => `"${t}"`).join(', ')} that the wait-for graph does not show`);
  }
  if (newest.dump.threads.some((t) => t.cpuMs === null && t.id !== null)) {
    found.push('threads without cpu= (dumps of JDK 8 and older): hot threads cannot be ranked for them');
  }
  return found;
}
