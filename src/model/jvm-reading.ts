/**
 * What perfmon knows about the JVMs of a host: the processes (discovery) and, per JVM, one
 * reading of its heap, non-heap, GC and threads (JvmMonitor pushes one per interval). Plain
 * data, like HostSnapshot: a public contract for the store, the host detail and Dumps panes
 * and any JSON output — add fields, never rename or remove them. Bytes are integers, rates
 * are per second, percentages 0–100, times in ms unless the name says otherwise.
 *
 * Where the figures come from: the JVM's own performance counters (the hsperfdata file that
 * `jstat` reads: the same numbers as `jstat -gc`), read by one long-lived `jstat` per JVM on
 * the host's monitor channel; the code cache from `jcmd PID Compiler.codecache` now and then
 * (no counter holds it). Metaspace counters are refreshed by the JVM at each GC only, so they
 * lag between collections; heap `used` moves with allocation under G1, Parallel and Serial.
 */

/** A running JVM found on a host (from /proc: every user's JVMs, not only the login user's). */
export interface JvmProcessInfo {
  pid: number;
  /** The effective user owning the process (the one jcmd/jstat must run as). */
  user: string;
  uid: number;
  /** The main class, `-jar` file or `-m` module; '?' when the command line names none. */
  mainClass: string;
  /** The full command line, arguments separated by single spaces (cut to 2 KB). */
  args: string;
  /** Seconds since the process started, when discovered. */
  uptimeSeconds: number;
  /** The process start time in clock ticks since boot: with pid, tells a restarted JVM apart. */
  startTicks: number;
}

export interface HeapFigures {
  used: number;
  /** Memory the heap has reserved from the OS and may use now. */
  committed: number;
  /** -Xmx: the most the heap may grow to; null when the JVM does not say. */
  max: number | null;
}

export interface PoolFigures {
  used: number;
  committed: number;
  /** null when unbounded or not reported. */
  max: number | null;
}

export interface NonHeapFigures {
  /** Class metadata (JDK 8+); refreshed by the JVM at each GC. */
  metaspace: PoolFigures | null;
  /** The compressed class space inside metaspace (64-bit JVMs with compressed class pointers). */
  classSpace: PoolFigures | null;
  /** JIT-compiled code (all code heaps); null until the first Compiler.codecache reading. */
  codeCache: PoolFigures | null;
  /** ISO time of the code cache reading (it is taken far less often than the rest). */
  codeCacheTime: string | null;
}

export interface GcCollectorFigures {
  /** As the JVM names it: `G1 young collection pauses`, `G1 full collection pauses`, … */
  name: string;
  /** Collections since the JVM started. */
  count: number;
  /** Total pause time in ms since the JVM started. */
  timeMs: number;
  /** Collections per second over the last interval; null on the first reading. */
  countPerSec: number | null;
  /** Share of wall time spent in this collector over the last interval, 0–100; null on the first reading. */
  timePercent: number | null;
}

export interface GcFigures {
  /** The JVM's GC policy name (`GarbageFirst`, `ParScav:MSC`, `Copy:MSC`), null when not reported. */
  policy: string | null;
  collectors: GcCollectorFigures[];
  /** Sums over the collectors. */
  count: number;
  timeMs: number;
  countPerSec: number | null;
  timePercent: number | null;
  /** Why the last GC ran (`G1 Evacuation Pause`, `System.gc()`), null when not reported. */
  lastCause: string | null;
}

export interface ThreadFigures {
  live: number;
  daemon: number | null;
  peak: number | null;
}

export type JvmMetricsStatus = 'ok' | 'unavailable';

export interface JvmSnapshot {
  host: string;
  pid: number;
  user: string;
  mainClass: string;
  /** ISO 8601 time perfmon received the reading. */
  time: string;
  /** Seconds since the JVM started: from its own clock when it has one, else from /proc. */
  uptimeSeconds: number | null;
  /**
   * 'unavailable': no figures (heap, gc, threads are null), `error` says why — the JVM belongs
   * to another user and no jvm.sudoUser is set, jstat is missing, the JVM runs with
   * -XX:-UsePerfData, the JVM is gone. Discovery data (pid, user, mainClass) is still right.
   */
  status: JvmMetricsStatus;
  error: string | null;
  heap: HeapFigures | null;
  nonHeap: NonHeapFigures | null;
  gc: GcFigures | null;
  threads: ThreadFigures | null;
}
