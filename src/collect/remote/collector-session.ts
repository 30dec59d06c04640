/**
 * Drives one running collector over any stream pair — an ssh2 exec channel or a local child's
 * stdio: writes the script, waits for its hello, then sends one tick per sample() and resolves
 * the parsed record. A sample asked for while the previous one is still outstanding is skipped,
 * not stacked (it resolves to null at once). Garbled output rejects that sample and is reported,
 * the session stays usable; the collector ending or its streams failing fails the session.
 */
import type { Readable, Writable } from 'node:stream';
import type { FilesystemSnapshot, JvmProcess, ProcessSnapshot, TcpSnapshot } from '../../model/host-snapshot.js';
import { emptyTcp } from '../../model/host-snapshot.js';
import { CollectorExitError, CollectorOutputError, CollectorTimeoutError, excerptOf } from './collector-errors.js';
import { COLLECTOR_SCRIPT } from './collector-script.js';
import type { CollectorFacts, CollectorSampleRecord, HostSampleFields } from './parse-collector-record.js';
import { parseCollectorRecord } from './parse-collector-record.js';
import { KnownProcesses } from './known-processes.js';
import { RecordFramer } from './record-framer.js';

/** Emits 'exit' (code, signal) and then 'close': a ChildProcess or an ssh2 ClientChannel. */
export interface ExitSource {
  once(event: 'exit' | 'close', listener: (...args: unknown[]) => void): unknown;
}

export interface CollectorStreams {
  stdin: Writable;
  stdout: Readable;
  stderr?: Readable | null;
  /** Without it, the end of stdout is taken as the end of the collector. */
  exit?: ExitSource | null;
}

export interface CollectorSessionOptions {
  /** Names the host in errors. */
  label?: string;
  /** A process list every this many samples (the first sample has one); default 5. */
  processEvery?: number;
  /** A new df every this many samples; default 30. */
  filesystemEvery?: number;
  /** TCP sockets by state every this many samples (the first sample has them); default 5. */
  tcpStatesEvery?: number;
  /** Processes per list (top by CPU and top by memory, merged); default 10. */
  topProcesses?: number;
  /** Warn when a df has been running this long (a hung mount); default 60 s. */
  dfWarnSeconds?: number;
  /**
   * How long the hello or a sample may take before the session gives up on the collector (it
   * is hung, or died in a way that left its shell waiting) and fails; default 30 000 ms, 0 never.
   */
  timeoutMs?: number;
  maxRecordBytes?: number;
  /** The script to run; default COLLECTOR_SCRIPT (tests pass one reading a synthetic /proc). */
  script?: string;
  /**
   * The first sample's rates cover at least this long after the hello; default 500 ms. Asked
   * for at once, they would cover a few milliseconds in which the collector's own start-up is
   * most of what ran: CPU read 100 % busy on an idle host.
   */
  firstIntervalMs?: number;
}

export interface CollectorSample {
  seq: number;
  /** Seconds the rates cover. */
  interval: number;
  /** Complete: processes, JVMs and filesystems are carried over from the last record with them. */
  fields: HostSampleFields;
  /** Whether processes, filesystems, TCP states were read for this sample (else carried over). */
  fresh: { processes: boolean; filesystems: boolean; tcp: boolean };
  /** What partly failed (unreadable files, a df that does not return). */
  warnings: string[];
}

interface Pending<T> {
  seq: number;
  since: number;
  resolve: (value: T) => void;
  reject: (error: Error) => void;
}

type Listener<T> = (value: T) => void;

function subscribe<T>(set: Set<Listener<T>>, listener: Listener<T>): () => void {
  set.add(listener);
  return () => set.delete(listener);
}
const STDERR_TAIL = 20;

export class CollectorSession {
  private readonly framer: RecordFramer;
  private readonly script: string;
  private readonly every: { processes: number; filesystems: number; tcp: number; top: number; dfWarn: number; timeout: number };
  private readonly listeners = { error: new Set<Listener<Error>>(), stderr: new Set<Listener<string>>(), noise: new Set<Listener<string>>() };
  private readonly stderrLines: string[] = [];
  private stderrPartial = '';
  private hello: Pending<CollectorFacts> | null = null;
  private pending: Pending<CollectorSample | null> | null = null;
  private factsValue: CollectorFacts | null = null;
  /** When the hello came (ms since the epoch). */
  private helloAt = 0;
  private failure: Error | null = null;
  private closing = false;
  private ended: Promise<void>;
  private seq = 0;
  private samples = 0;
  private samplesSinceDf = 0;
  private dfPending = true;
  /** Processes the collector may send short; trusted only while nothing was lost. */
  private readonly known = new KnownProcesses();
  private processesKnown = false;
  /** The outstanding tick asked for processes in full (P). */
  private askedFull = false;
  private last: { processes: ProcessSnapshot[]; jvms: JvmProcess[]; filesystems: FilesystemSnapshot[] } = {
    processes: [],
    jvms: [],
    filesystems: [],
  };
  private lastTcp: TcpSnapshot = emptyTcp();

  constructor(
    private readonly streams: CollectorStreams,
    private readonly options: CollectorSessionOptions = {},
  ) {
    this.framer = new RecordFramer({ maxRecordBytes: options.maxRecordBytes });
    this.script = options.script ?? COLLECTOR_SCRIPT;
    this.every = {
      processes: Math.max(1, options.processEvery ?? 5),
      filesystems: Math.max(1, options.filesystemEvery ?? 30),
      tcp: Math.max(1, options.tcpStatesEvery ?? 5),
      top: Math.max(1, options.topProcesses ?? 10),
      dfWarn: options.dfWarnSeconds ?? 60,
      timeout: options.timeoutMs ?? 30_000,
    };
    this.ended = this.watch();
  }

  get facts(): CollectorFacts | null {
    return this.factsValue;
  }

  /** Why the session is unusable, or null. */
  get failed(): Error | null {
    return this.failure;
  }

  /** When the sample in flight was asked for (ms since the epoch), or null: lets a poller time out. */
  get outstandingSince(): number | null {
    return this.pending?.since ?? null;
  }

  /** The last lines the collector wrote on stderr. */
  get stderrTail(): readonly string[] {
    return this.stderrLines;
  }

  onError(listener: Listener<Error>): () => void {
    return subscribe(this.listeners.error, listener);
  }

  onStderr(listener: Listener<string>): () => void {
    return subscribe(this.listeners.stderr, listener);
  }

  /** Output before the collector's hello (e.g. a login script's echo): harmless, but shown. */
  onNoise(listener: Listener<string>): () => void {
    return subscribe(this.listeners.noise, listener);
  }

  /** Sends the script and resolves with the host's facts once the collector says hello. */
  start(): Promise<CollectorFacts> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.hello || this.factsValue) return Promise.reject(new Error('collector session already started'));
    return new Promise<CollectorFacts>((resolve, reject) => {
      this.hello = this.waiting(0, resolve, reject);
      this.streams.stdin.write(this.script);
    });
  }

  /** Asks for a sample; resolves to null at once when the previous one is still outstanding. */
  sample(): Promise<CollectorSample | null> {
    if (this.failure) return Promise.reject(this.failure);
    if (!this.factsValue) return Promise.reject(new Error('collector session not started'));
    if (this.pending) return Promise.resolve(null);
    const seq = ++this.seq;
    let flags = '';
    if (this.samples % this.every.processes === 0) flags += this.processesKnown ? 'p' : 'P';
    this.askedFull = flags.includes('P');
    if (this.samples++ % this.every.tcp === 0) flags += 's';
    if (++this.samplesSinceDf >= this.every.filesystems && !this.dfPending) {
      flags += 'f';
      this.samplesSinceDf = 0;
      this.dfPending = true;
    }
    const tick = `${seq} ${flags || '-'} ${this.every.top}\n`;
    const early = seq === 1 ? this.helloAt + (this.options.firstIntervalMs ?? 500) - Date.now() : 0;
    return new Promise<CollectorSample | null>((resolve, reject) => {
      this.pending = this.waiting(seq, resolve, reject);
      if (early <= 0) this.streams.stdin.write(tick);
      else
        setTimeout(() => {
          if (!this.failure && !this.closing) this.streams.stdin.write(tick);
        }, early);
    });
  }

  /** Ends the collector's input (it exits at EOF) and resolves once its output has ended. */
  close(): Promise<void> {
    this.closing = true;
    if (!this.streams.stdin.writableEnded) this.streams.stdin.end();
    return this.ended;
  }

  private emit<T>(set: Set<Listener<T>>, value: T): void {
    for (const listener of set) listener(value);
  }

  private watch(): Promise<void> {
    const { stdin, stdout, stderr, exit } = this.streams;
    stdout.on('data', (chunk: Buffer | string) => this.onEvents(this.framer.push(chunk)));
    stderr?.on('data', (chunk: Buffer | string) => this.onStderrChunk(String(chunk)));
    const streamFailed = (what: string) => (error: Error) =>
      this.fail(new CollectorExitError(`collector ${what} failed: ${error.message}`, null, null, this.stderrLines));
    stdin.on('error', streamFailed('input'));
    stdout.on('error', streamFailed('output'));
    return new Promise<void>((resolve) => {
      let status: { code: number | null; signal: string | null } = { code: null, signal: null };
      const finish = () => {
        this.onEvents(this.framer.end());
        if (this.stderrPartial !== '') this.onStderrLine(this.stderrPartial);
        const how = status.signal ? `killed by ${status.signal}` : status.code === null ? 'ended' : `exited with code ${status.code}`;
        this.fail(new CollectorExitError(`collector ${how}`, status.code, status.signal, this.stderrLines));
        resolve();
      };
      if (exit) {
        exit.once('exit', (code, signal) => {
          status = { code: typeof code === 'number' ? code : null, signal: typeof signal === 'string' ? signal : null };
        });
        exit.once('close', finish);
      } else {
        stdout.once('close', finish);
      }
    });
  }

  private onStderrChunk(text: string): void {
    const parts = (this.stderrPartial + text).split('\n');
    this.stderrPartial = (parts.pop() ?? '').slice(-4096);
    for (const line of parts) this.onStderrLine(line);
  }

  private onStderrLine(line: string): void {
    const shown = excerptOf(line);
    this.stderrLines.push(shown);
    if (this.stderrLines.length > STDERR_TAIL) this.stderrLines.shift();
    this.emit(this.listeners.stderr, shown);
  }

  private onEvents(events: ReturnType<RecordFramer['push']>): void {
    for (const event of events) {
      if (event.kind === 'record') this.onRecord(event.seq, event.text);
      else if (event.kind === 'error') this.onOutputError(event.error);
      else if (this.factsValue === null) this.emit(this.listeners.noise, excerptOf(event.text));
      else this.onOutputError(new CollectorOutputError('output outside any record', { line: event.line, excerpt: excerptOf(event.text) }));
    }
  }

  /** A record lost or garbled: its sample (if awaited) fails, the next process list is sent in full. */
  private onOutputError(error: CollectorOutputError): void {
    const located = error.with({ host: this.options.label });
    if (error.seq !== undefined) {
      this.processesKnown = false;
      if (this.waitingSeq() === error.seq) this.rejectWaiting(located);
    }
    this.emit(this.listeners.error, located);
  }

  private onRecord(seq: number, text: string): void {
    try {
      if (this.waitingSeq() !== seq) {
        throw new CollectorOutputError(`record ${seq} arrived unasked (awaiting ${this.waitingSeq() ?? 'nothing'})`, { seq });
      }
      const record = parseCollectorRecord(text, { knownProcesses: this.askedFull ? undefined : this.known });
      if (record.kind === 'hello') {
        const hello = this.hello;
        if (this.factsValue !== null || !hello) throw new CollectorOutputError('a second hello', { seq });
        this.hello = null;
        this.factsValue = record.facts;
        this.helloAt = Date.now();
        hello.resolve(record.facts);
        return;
      }
      const pending = this.pending;
      if (this.factsValue === null || !pending) throw new CollectorOutputError('a sample before the hello', { seq });
      this.pending = null;
      pending.resolve(this.merge(record));
    } catch (error) {
      if (!(error instanceof CollectorOutputError)) throw error;
      this.onOutputError(error.with({ seq: error.seq ?? seq }));
    }
  }

  /** Completes a sample record with the lists it does not carry and notes what it says of df. */
  private merge(record: CollectorSampleRecord): CollectorSample {
    const { fields, hasProcesses, hasFilesystems, hasTcpStates, dfPendingSeconds } = record;
    if (hasTcpStates) this.lastTcp = fields.tcp;
    if (hasProcesses) {
      this.last.processes = fields.processes;
      this.last.jvms = fields.jvms;
      if (this.askedFull) this.known.reset();
      this.known.add(fields.processes);
      this.processesKnown = true;
    }
    if (hasFilesystems) this.last.filesystems = fields.filesystems;
    this.dfPending = dfPendingSeconds !== null;
    const warnings = [...record.warnings];
    if (dfPendingSeconds !== null && dfPendingSeconds >= this.every.dfWarn) {
      warnings.push(`df has been running for ${dfPendingSeconds} s (a hung mount?): free space is not current`);
    }
    return {
      seq: record.seq,
      interval: record.interval,
      fields: { ...fields, ...this.last, tcp: { ...this.lastTcp, retransmitsPerSec: fields.tcp.retransmitsPerSec } },
      fresh: { processes: hasProcesses, filesystems: hasFilesystems, tcp: hasTcpStates },
      warnings,
    };
  }

  /** A record awaited, given up on after the timeout. */
  private waiting<T>(seq: number, resolve: (value: T) => void, reject: (error: Error) => void): Pending<T> {
    const ms = this.every.timeout;
    const timer = ms > 0 ? setTimeout(() => this.onTimeout(seq, ms), ms) : null;
    timer?.unref();
    const done = <A>(settle: (arg: A) => void) => (arg: A) => {
      if (timer) clearTimeout(timer);
      settle(arg);
    };
    return { seq, since: Date.now(), resolve: done(resolve), reject: done(reject) };
  }

  private onTimeout(seq: number, ms: number): void {
    if (this.waitingSeq() !== seq) return;
    this.fail(new CollectorTimeoutError(`no ${seq === 0 ? 'hello' : `record ${seq}`} from the collector in ${ms} ms`, ms));
    if (!this.streams.stdin.writableEnded) this.streams.stdin.end();
  }

  private waitingSeq(): number | undefined {
    return this.factsValue === null ? this.hello?.seq : this.pending?.seq;
  }

  private rejectWaiting(error: Error): void {
    const waiting = [this.hello, this.pending];
    this.hello = null;
    this.pending = null;
    for (const w of waiting) w?.reject(error);
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    this.rejectWaiting(error);
    if (!this.closing) this.emit(this.listeners.error, error);
  }
}
