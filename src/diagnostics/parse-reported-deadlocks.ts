import { parseFrame, parseFrameLock } from './parse-stack-lines.js';
import type { ReportedDeadlock, ReportedLockWait } from './thread-dump-types.js';

/*
 * The JVM's own deadlock report, printed after `JNI global refs:` when it finds one:
 *
 *   Found one Java-level deadlock:
 *   =============================
 *   "transfer-savings-to-checking":
 *     waiting to lock monitor 0x00007f279004e850 (object 0x000000069ec1a1d0, a MonitorDeadlock$Account),
 *     which is held by "transfer-checking-to-savings"
 *   "risk-check":
 *     waiting for ownable synchronizer 0x000000069ec17388, (a java.util.concurrent.locks.ReentrantLock$NonfairSync),
 *     which is held by "order-router"
 *
 *   Java stack information for the threads listed above:
 *   ===================================================
 *   "transfer-savings-to-checking":
 *   	at …            (the same stacks again: checked for form, not kept)
 *
 *   Found 1 deadlock.
 */
export const DEADLOCK_START = /^Found one Java-level deadlock:\s*$/;
const DEADLOCK_END = /^Found (\d+) deadlocks?\.\s*$/;
const RULE = /^=+\s*$/;
const THREAD = /^"(.*)":\s*$/;
const MONITOR_WAIT = /^\s+waiting to lock monitor 0x[0-9a-fA-F]+,? \(object (0x[0-9a-fA-F]+), a (.+)\),\s*$/;
const SYNCHRONIZER_WAIT = /^\s+waiting for ownable synchronizer (0x[0-9a-fA-F]+), \(a (.+)\),\s*$/;
const HELD_BY = /^\s+which is held by (?:"(.*)"|UNKNOWN_owner_addr=0x[0-9a-fA-F]+)\s*$/;
const STACKS = /^Java stack information for the threads listed above:\s*$/;

export type ReaderVerdict = 'more' | 'done' | { reason: string };

/** Reads one report (one or several "Found one …" sections up to "Found N deadlocks."). */
export class ReportedDeadlockReader {
  readonly deadlocks: ReportedDeadlock[] = [];
  private current: ReportedDeadlock | null = null;
  private waiter: string | null = null;
  private pending: Omit<ReportedLockWait, 'holder'> | null = null;
  private inStacks = false;

  /** Feeds the line (the first one is `Found one Java-level deadlock:`). */
  accept(line: string, lineNo: number): ReaderVerdict {
    if (DEADLOCK_START.test(line)) {
      this.current = { line: lineNo, threads: [], locks: [] };
      this.deadlocks.push(this.current);
      this.inStacks = false;
      return 'more';
    }
    const end = DEADLOCK_END.exec(line);
    if (end) {
      if (Number(end[1]) !== this.deadlocks.length) {
        return { reason: `the JVM says ${end[1]} deadlock(s) but lists ${this.deadlocks.length}` };
      }
      return 'done';
    }
    if (line.trim() === '' || RULE.test(line)) return 'more';
    if (STACKS.test(line)) {
      this.inStacks = true;
      return 'more';
    }
    const thread = THREAD.exec(line);
    if (thread) {
      this.waiter = thread[1] ?? '';
      if (!this.inStacks) this.current?.threads.push(this.waiter);
      return 'more';
    }
    if (this.inStacks) {
      return parseFrame(line) || parseFrameLock(line) ? 'more' : { reason: 'unexpected line in the deadlock report' };
    }
    return this.acceptWait(line);
  }

  private acceptWait(line: string): ReaderVerdict {
    const monitor = MONITOR_WAIT.exec(line);
    const synchronizer = monitor ? null : SYNCHRONIZER_WAIT.exec(line);
    const found = monitor ?? synchronizer;
    if (found && this.waiter !== null) {
      this.pending = {
        kind: monitor ? 'monitor' : 'synchronizer',
        address: (found[1] ?? '').toLowerCase(),
        className: found[2] ?? '',
        waiter: this.waiter,
      };
      return 'more';
    }
    const held = HELD_BY.exec(line);
    if (held && this.pending && this.current) {
      this.current.locks.push({ ...this.pending, holder: held[1] ?? null });
      this.pending = null;
      return 'more';
    }
    return { reason: 'unexpected line in the deadlock report' };
  }
}
