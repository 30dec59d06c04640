/**
 * What parse-thread-dump.ts reads out of a HotSpot thread dump (`jcmd PID Thread.print -l`,
 * `jstack -l PID`, `kill -3` output) of JDK 8 to 25. Plain data: no methods, so it can be
 * cached, sent to a view or printed as JSON as it is.
 */

export type JavaThreadState = 'NEW' | 'RUNNABLE' | 'BLOCKED' | 'WAITING' | 'TIMED_WAITING' | 'TERMINATED';

export const JAVA_THREAD_STATES: readonly JavaThreadState[] = [
  'NEW',
  'RUNNABLE',
  'BLOCKED',
  'WAITING',
  'TIMED_WAITING',
  'TERMINATED',
];

/** A Java object as the dump names it: `<0x000000069ec1a1d0> (a MonitorDeadlock$Account)`. */
export interface ObjectRef {
  /** As written in the dump, lower case (`0x000000069ec1a1d0`): the identity of a lock. */
  address: string;
  /** `java.util.concurrent.locks.ReentrantLock$NonfairSync`; '' when the dump omits it. */
  className: string;
}

/**
 * The lock lines under a frame: `- locked`, `- waiting to lock`, `- waiting on` (in
 * Object.wait(), the monitor is released), `- parking to wait for`, `- waiting to re-lock in
 * wait()` and `- eliminated` (a lock the JIT removed; the thread still holds it logically).
 */
export type LockAction = 'locked' | 'waiting-to-lock' | 'waiting-on' | 'parking' | 'waiting-to-relock' | 'eliminated';

export interface FrameLock extends ObjectRef {
  action: LockAction;
}

export interface StackFrame {
  /** `java.lang.Thread.sleep` */
  method: string;
  /** What is between the parentheses: `java.base@17.0.15/Native Method`, `Foo.java:12`. */
  location: string;
  locks: FrameLock[];
}

export interface JvmThread {
  name: string;
  /** 1-based line of the thread's header in the input. */
  line: number;
  /** `#12`: the Java thread id; null for VM threads (GC, compiler, VM Thread) that have none. */
  id: number | null;
  /** `[12345]` after the id (JDK 19+): the OS thread id. */
  osThreadId: number | null;
  daemon: boolean;
  priority: number | null;
  osPriority: number | null;
  /** `cpu=37.25ms` (JDK 11+): CPU time the thread has used since it started. */
  cpuMs: number | null;
  /** `elapsed=0.24s` (JDK 11+): wall time since the thread started. */
  elapsedS: number | null;
  /** `tid=0x…`: address of the JVM's thread structure. */
  tid: string | null;
  /** `nid=0x27df` (before JDK 19) or `nid=10207`: the OS thread id, as a number either way. */
  nid: number | null;
  /** The words after nid: `waiting for monitor entry`, `runnable`, `in Object.wait()`, … */
  description: string;
  /** From `java.lang.Thread.State: BLOCKED (on object monitor)`; null when there is no such line. */
  state: JavaThreadState | null;
  /** The parenthesised part: `on object monitor`, `parking`, `sleeping`. */
  stateDetail: string | null;
  /** Top of the stack first. For a carrier with a mounted virtual thread: the virtual thread's frames. */
  frames: StackFrame[];
  /** `Locked ownable synchronizers:` (only with -l): the java.util.concurrent locks it owns. */
  ownableSynchronizers: ObjectRef[];
  /** `Carrying virtual thread #N` (JDK 21+): the carrier's mounted virtual thread. */
  carriedVirtualThread: number | null;
  /** The carrier's own frames below `Mounted virtual thread #N` (empty otherwise). */
  carrierFrames: StackFrame[];
  /** Other indented notes the JVM adds: `No compile task`, `Compiling: …`. */
  notes: string[];
}

export type LockKind = 'monitor' | 'synchronizer';

/** One "waiting to lock … which is held by …" entry of the JVM's own deadlock report. */
export interface ReportedLockWait extends ObjectRef {
  kind: LockKind;
  waiter: string;
  /** null when the JVM could not name the owner (`UNKNOWN_owner_addr=…`). */
  holder: string | null;
}

/** A "Found one Java-level deadlock:" section, as the JVM printed it. */
export interface ReportedDeadlock {
  line: number;
  threads: string[];
  locks: ReportedLockWait[];
}

export interface ThreadDump {
  /** 1-based line of `Full thread dump …`. */
  line: number;
  /** 1-based line where the dump (with its deadlock report, if any) ends. */
  endLine: number;
  /** The timestamp line above the dump, as written (`2026-11-27 04:36:53`, the JVM's local time). */
  capturedAt: string | null;
  /** The `PID:` line jcmd prints above the dump. */
  pid: number | null;
  /** `OpenJDK 64-Bit Server VM (17.0.15+6-Debian-1deb12u1 mixed mode, sharing)` */
  vm: string;
  threads: JvmThread[];
  /** `JNI global refs: 4, weak refs: 0` (JDK 8: `JNI global references: 4`). */
  jniGlobalRefs: number | null;
  jniWeakRefs: number | null;
  /** Whether the dump has `Locked ownable synchronizers:` sections (taken with -l). */
  withOwnableSynchronizers: boolean;
  /** The JVM's own deadlock report printed after the threads; empty when it found none. */
  reportedDeadlocks: ReportedDeadlock[];
}
