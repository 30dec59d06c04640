import { InputParseError, splitLines } from './parse-error.js';
import { DEADLOCK_START, ReportedDeadlockReader } from './parse-reported-deadlocks.js';
import { parseFrame, parseFrameLock, parseOwnable } from './parse-stack-lines.js';
import { parseThreadHeader } from './parse-thread-header.js';
import { JAVA_THREAD_STATES, type JavaThreadState, type JvmThread, type ThreadDump } from './thread-dump-types.js';

/*
 * Parses HotSpot thread dumps of JDK 8 to 25 as `jcmd PID Thread.print -l`, `jstack -l PID`
 * and `kill -3` print them. One input may hold several dumps (jstack output appended to a
 * file, a series captured by `perfmon dump`), with any text before, between and after them.
 *
 * A dump runs from `Full thread dump …` to `JNI global refs: …` (plus the JVM's deadlock
 * report when one follows). Inside it every line must be one the JVM writes; anything else
 * raises InputParseError with the line, so a damaged or truncated dump is never silently
 * half-read. It is one pass over the lines with a few anchored regular expressions, cheap
 * enough for dumps of tens of thousands of threads (bench/thread-dump-parse.ts).
 */

const FULL_DUMP = /^Full thread dump (.*?):?\s*$/;
const TIMESTAMP = /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})\s*$/;
const JCMD_PID = /^(\d+):\s*$/;
const SMR_INFO = /^Threads class SMR info:\s*$/;
const SMR_LINE = /^(?:_\w+=.*|(?:0x[0-9a-fA-F]+,?\s*)+|\}\s*)$/;
const JNI_REFS = /^JNI global (?:refs: (\d+), weak refs: (\d+)|references: (\d+))\s*$/;
const STATE = /^\s+java\.lang\.Thread\.State: ([A-Z_]+)(?: \((.+)\))?\s*$/;
const OWNABLE_HEADER = /^\s+Locked ownable synchronizers:\s*$/;
const CARRYING = /^\s+Carrying virtual thread #(\d+)\s*$/;
const MOUNTED = /^\s+Mounted virtual thread #(\d+)\s*$/;
const NOTE = /^\s+(No compile task|Compiling:.*?)\s*$/;

type Mode = 'outside' | 'smr' | 'threads' | 'ownable' | 'after-jni' | 'deadlocks';

/** Every dump in the text, in order. Throws InputParseError naming the line that does not fit. */
export function parseThreadDumps(text: string): ThreadDump[] {
  const reader = new DumpReader();
  const lines = splitLines(text);
  for (let i = 0; i < lines.length; i++) {
    if (reader.accept(lines[i] ?? '', i + 1) === 'again') i--;
  }
  return reader.finish(lines.length);
}

class DumpReader {
  readonly dumps: ThreadDump[] = [];
  private mode: Mode = 'outside';
  private dump: ThreadDump | null = null;
  private thread: JvmThread | null = null;
  private deadlocks: ReportedDeadlockReader | null = null;
  private pid: number | null = null;
  private capturedAt: string | null = null;
  private lastText = 0;

  /** Returns 'again' when the line ended a dump and must be read once more outside it. */
  accept(line: string, lineNo: number): 'again' | void {
    if (line.trim() !== '') this.lastText = lineNo;
    switch (this.mode) {
      case 'outside':
        return this.outside(line, lineNo);
      case 'smr':
        if (SMR_LINE.test(line) || line.trim() === '') return;
        this.mode = 'threads';
        return this.inThreads(line, lineNo);
      case 'threads':
      case 'ownable':
        return this.inThreads(line, lineNo);
      case 'after-jni':
        return this.afterJni(line, lineNo);
      case 'deadlocks':
        return this.inDeadlockReport(line, lineNo);
    }
  }

  finish(lineCount: number): ThreadDump[] {
    if (this.mode === 'after-jni') this.close(this.lastText);
    if (this.mode !== 'outside') {
      const where = this.mode === 'deadlocks' ? "the JVM's deadlock report" : 'the thread list';
      throw new InputParseError(
        lineCount,
        `thread dump truncated: input ends inside ${where} of the dump that starts at line ${this.dump?.line}`,
        '',
      );
    }
    if (this.dumps.length === 0) {
      throw new InputParseError(1, 'no thread dump found (expected a line starting "Full thread dump")', '');
    }
    return this.dumps;
  }

  private outside(line: string, lineNo: number): void {
    const full = FULL_DUMP.exec(line);
    if (full) {
      this.dump = {
        line: lineNo,
        endLine: lineNo,
        capturedAt: this.capturedAt,
        pid: this.pid,
        vm: full[1] ?? '',
        threads: [],
        jniGlobalRefs: null,
        jniWeakRefs: null,
        withOwnableSynchronizers: false,
        reportedDeadlocks: [],
      };
      this.thread = null;
      this.mode = 'threads';
      return;
    }
    if (line.trim() === '') return;
    const time = TIMESTAMP.exec(line);
    if (time) {
      this.capturedAt = time[1] ?? null;
      return;
    }
    const pid = JCMD_PID.exec(line);
    this.pid = pid ? Number(pid[1]) : null;
    this.capturedAt = null;
    if (line.startsWith('"') && typeof parseThreadHeader(line, lineNo) !== 'string') {
      throw new InputParseError(lineNo, 'thread entry outside a thread dump (no "Full thread dump" line above it)', line);
    }
  }

  private inThreads(line: string, lineNo: number): void {
    const first = line.charCodeAt(0);
    if (first === 9 /* tab */ || first === 32 /* space */) {
      if (line.trim() === '') {
        if (this.mode === 'ownable') this.mode = 'threads';
        return;
      }
      return this.indented(line, lineNo);
    }
    if (line === '') return;
    if (first === 34 /* " */) return this.header(line, lineNo);
    const jni = JNI_REFS.exec(line);
    if (jni) {
      const dump = this.current(lineNo, line);
      dump.jniGlobalRefs = Number(jni[1] ?? jni[3]);
      dump.jniWeakRefs = jni[2] === undefined ? null : Number(jni[2]);
      dump.endLine = lineNo;
      this.mode = 'after-jni';
      return;
    }
    if (SMR_INFO.test(line) && this.thread === null) {
      this.mode = 'smr';
      return;
    }
    if (FULL_DUMP.test(line) || TIMESTAMP.test(line) || JCMD_PID.test(line)) {
      // The head of the next capture: the one before was cut short (a series appended to one file).
      const reason = `thread dump truncated: a new dump starts here before the one at line ${this.dump?.line} ended`;
      throw new InputParseError(lineNo, reason, line);
    }
    throw new InputParseError(lineNo, 'unexpected line in thread dump', line);
  }

  private header(line: string, lineNo: number): void {
    const thread = parseThreadHeader(line, lineNo);
    if (typeof thread === 'string') throw new InputParseError(lineNo, thread, line);
    this.thread = thread;
    this.current(lineNo, line).threads.push(thread);
    this.mode = 'threads';
  }

  private indented(line: string, lineNo: number): void {
    const thread = this.thread;
    if (!thread) throw new InputParseError(lineNo, 'stack line before the first thread header', line);
    if (this.mode === 'ownable') {
      const owned = parseOwnable(line);
      if (owned === null) throw new InputParseError(lineNo, 'unexpected line under "Locked ownable synchronizers"', line);
      if (owned !== 'none') thread.ownableSynchronizers.push(owned);
      return;
    }
    const frame = parseFrame(line);
    if (frame) {
      thread.frames.push(frame);
      return;
    }
    const lock = parseFrameLock(line);
    if (lock) {
      const top = thread.frames[thread.frames.length - 1];
      if (!top) throw new InputParseError(lineNo, 'lock line before any stack frame', line);
      if (lock !== 'no-object') top.locks.push(lock);
      return;
    }
    this.threadNote(thread, line, lineNo);
  }

  private threadNote(thread: JvmThread, line: string, lineNo: number): void {
    const state = STATE.exec(line);
    if (state) {
      const name = state[1] as JavaThreadState;
      if (!JAVA_THREAD_STATES.includes(name)) throw new InputParseError(lineNo, 'unknown thread state', line);
      thread.state = name;
      thread.stateDetail = state[2] ?? null;
      return;
    }
    if (OWNABLE_HEADER.test(line)) {
      this.current(lineNo, line).withOwnableSynchronizers = true;
      this.mode = 'ownable';
      return;
    }
    const carrying = CARRYING.exec(line);
    if (carrying) {
      thread.carriedVirtualThread = Number(carrying[1]);
      return;
    }
    if (MOUNTED.test(line)) {
      // The frames so far were the carrier's own; what follows is the virtual thread's stack.
      thread.carrierFrames = thread.frames;
      thread.frames = [];
      return;
    }
    const note = NOTE.exec(line);
    if (note) {
      thread.notes.push(note[1] ?? '');
      return;
    }
    throw new InputParseError(lineNo, 'unexpected line in thread dump', line);
  }

  private afterJni(line: string, lineNo: number): 'again' | void {
    if (line.trim() === '') return;
    if (DEADLOCK_START.test(line)) {
      this.deadlocks = new ReportedDeadlockReader();
      this.mode = 'deadlocks';
      return this.inDeadlockReport(line, lineNo);
    }
    this.close(this.current(lineNo, line).endLine);
    return 'again';
  }

  private inDeadlockReport(line: string, lineNo: number): void {
    const reader = this.deadlocks;
    if (!reader) return;
    const verdict = reader.accept(line, lineNo);
    if (verdict === 'more') return;
    if (verdict !== 'done') throw new InputParseError(lineNo, verdict.reason, line);
    this.current(lineNo, line).reportedDeadlocks = reader.deadlocks;
    this.close(lineNo);
  }

  private close(endLine: number): void {
    const dump = this.dump;
    if (dump) {
      dump.endLine = endLine;
      this.dumps.push(dump);
    }
    this.dump = null;
    this.thread = null;
    this.deadlocks = null;
    this.pid = null;
    this.capturedAt = null;
    this.mode = 'outside';
  }

  private current(lineNo: number, line: string): ThreadDump {
    if (!this.dump) throw new InputParseError(lineNo, 'line outside a thread dump', line);
    return this.dump;
  }
}
