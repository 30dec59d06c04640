/**
 * The recorder: every reading a collection produces goes into the history store, so that history
 * exists before anyone looks. It knows the collection only through `ReadingSource` (the
 * headless session's samples, src/runtime/recorder-readings.ts), so what collects can change
 * in that one place.
 *
 * It logs one line per host state change and per problem, never per sample. A store that cannot
 * be opened (read-only, corrupt, full disk) is reported with its path and retried while the
 * collection goes on; a store another process is writing is the one refusal (`WriterLockHeldError`).
 */
import type { Inventory } from '../config/inventory-schema.js';
import { downSnapshot, type HostSnapshot } from '../model/host-snapshot.js';
import type { StoreSample } from '../model/store.js';
import { HistoryWriter } from './history-writer.js';
import { hostSnapshotSamples, type KeyedValue } from './host-snapshot-samples.js';
import { platformInstants } from './platform-samples.js';
import type { RetentionConfig } from './retention.js';
import { WriterLockHeldError } from './store-errors.js';
import { AuditTail } from './audit-tail.js';
import { createHash } from 'node:crypto';

/** What a collection tells (the live store's samples): a host's reading, a host found down, a platform reading. */
export type HostEvent = StoreSample;

/** A running collection: the hosts it watches, and stop (resolving once no reading comes any more). */
export interface ReadingSource {
  readonly hosts: readonly string[];
  /** The audit log the collection's actions go to (null: none, as on this machine alone). */
  readonly auditLog?: string | null;
  stop(): Promise<void> | void;
}

/**
 * Starts a collection that tells `listener` every reading as it arrives. On a reload it is given
 * the running collection, to stop (or keep what it can of it).
 */
export type OpenReadingSource = (listener: (event: HostEvent) => void, previous?: ReadingSource) => Promise<ReadingSource>;

export interface RecorderOptions {
  store: string;
  retention?: RetentionConfig;
  /** One line, without its newline (the command adds the time and writes it to stderr). */
  log: (line: string) => void;
  /** How often readings reach the disk (default 2 s): what a SIGKILL can lose. */
  flushIntervalMs?: number;
  /** How soon a store that could not be opened is tried again (default 30 s). */
  reopenIntervalMs?: number;
  /**
   * How often a host that is down is recorded (host_up 0) and judged again while it stays down
   * (default 1 s; the collection's interval): the session tells only the change.
   */
  downEveryMs?: number;
  /** Busiest processes recorded per host per sample (default 10). */
  topProcesses?: number;
  /**
   * Told every host reading (a down host's too), whether or not the store is open; what it
   * returns is stored beside it (the alerts of that moment: src/alerts/alert-runner.ts).
   */
  judge?: (snapshot: HostSnapshot, t: number) => { group: string; t: number; samples: KeyedValue[] } | null;
  /** Told every new platform instant (a component's health on a host, a database, …), stored or not; what it returns is stored beside it. */
  judgeInstant?: (group: string, t: number, samples: KeyedValue[]) => { group: string; t: number; samples: KeyedValue[] } | null;
  /**
   * Told every instant that is stored (a host's reading, a platform reading, the alerts of a
   * moment); what it returns is stored in the same instant (the anomaly flags and rates:
   * src/analysis/anomaly/live-anomaly-scorer.ts).
   */
  score?: (group: string, t: number, samples: readonly KeyedValue[]) => KeyedValue[];
}

/** The inventory's `history:` retention (seconds) as the store takes it (ms). */
export function retentionOf(history: Inventory['history']): RetentionConfig {
  const { retention, maxBytes } = history;
  return { maxAge: { raw: retention.raw * 1000, '1m': retention['1m'] * 1000, '1h': retention['1h'] * 1000 }, ...(maxBytes === undefined ? {} : { maxBytes }) };
}

export class Recorder {
  private writer: HistoryWriter | null = null;
  private source: ReadingSource | null = null;
  private reopenTimer: NodeJS.Timeout | null = null;
  private audit: AuditTail | null = null;
  /** Hosts down now, with why: recorded and judged on `downTimer` until their next reading. */
  private readonly down = new Map<string, string>();
  private readonly downTimer: NodeJS.Timeout;
  /** Each host's last state as logged: `up`, or the reason it is down. */
  private readonly states = new Map<string, string>();
  private readonly lastTimes = new Map<string, number>();
  private storeProblem: string | null = null;
  private stopped = false;
  private stopping: Promise<void> | null = null;
  samples = 0;

  private constructor(private readonly options: RecorderOptions) {
    this.downTimer = setInterval(() => this.stillDown(), options.downEveryMs ?? 1000);
    this.downTimer.unref();
  }

  /** Opens the store (throwing only when another writer holds it), then the collection. */
  static async start(open: OpenReadingSource, options: RecorderOptions): Promise<Recorder> {
    const recorder = new Recorder(options);
    await recorder.openWriter();
    recorder.source = await open((event) => recorder.take(event));
    recorder.followAudit();
    return recorder;
  }

  get hosts(): readonly string[] {
    return this.source?.hosts ?? [];
  }

  get recording(): boolean {
    return this.writer !== null;
  }

  /** Swaps the collection (the inventory was reloaded); says which hosts came and went. */
  async replaceSource(open: OpenReadingSource): Promise<void> {
    const before = new Set(this.hosts);
    this.source = await open((event) => this.take(event), this.source ?? undefined);
    if (this.source.auditLog !== this.audit?.file) this.followAudit();
    const after = new Set(this.hosts);
    const added = [...after].filter((h) => !before.has(h));
    const removed = [...before].filter((h) => !after.has(h));
    for (const host of removed) {
      this.states.delete(host);
      this.down.delete(host);
    }
    this.options.log(`inventory reloaded: ${after.size} hosts${added.length > 0 ? `, added ${added.join(', ')}` : ''}${removed.length > 0 ? `, removed ${removed.join(', ')}` : ''}`);
  }

  /** Stops collecting, writes every pending reading and releases the store (once, however often called). */
  stop(): Promise<void> {
    this.stopping ??= this.stopOnce();
    return this.stopping;
  }

  private async stopOnce(): Promise<void> {
    if (this.reopenTimer) clearTimeout(this.reopenTimer);
    clearInterval(this.downTimer);
    // Actions and readings that land while the collection closes are still recorded.
    await this.source?.stop();
    this.audit?.read();
    this.audit?.stop();
    this.stopped = true;
    try {
      this.writer?.close();
    } catch (error) {
      this.options.log(`history: cannot write the last readings to ${this.options.store}: ${(error as Error).message}`);
    }
    this.writer = null;
  }

  private async openWriter(): Promise<void> {
    const { store } = this.options;
    try {
      this.writer = await HistoryWriter.open(store, {
        ...(this.options.flushIntervalMs === undefined ? {} : { flushIntervalMs: this.options.flushIntervalMs }),
        ...(this.options.retention ? { retention: this.options.retention } : {}),
        onProblem: (message) => this.options.log(message),
      });
      if (this.stopped) return this.writer.close();
      if (this.storeProblem !== null) {
        this.options.log(`history: ${store} opened; recording again`);
        this.followAudit(); // from the start of the log: what was done while the store was shut (stored once)
      }
      this.storeProblem = null;
    } catch (error) {
      if (error instanceof WriterLockHeldError) throw error;
      const message = error instanceof Error ? error.message : String(error);
      const every = this.options.reopenIntervalMs ?? 30_000;
      if (message !== this.storeProblem) this.options.log(`history: ${message}; hosts are still watched, but nothing is recorded until the store opens (tried again every ${Math.round(every / 1000)} s)`);
      this.storeProblem = message;
      this.reopenTimer = setTimeout(() => void this.openWriter().catch((e: unknown) => this.options.log(`history: ${(e as Error).message}`)), every);
      this.reopenTimer.unref();
    }
  }

  /** Follows the source's audit log from its start (each line is stored once, so reading it again is harmless). */
  private followAudit(): void {
    this.audit?.stop();
    this.audit = null;
    const file = this.source?.auditLog;
    if (!file || !this.writer) return;
    this.audit = new AuditTail(file, (line, lineNumber) => this.takeAuditLine(file, line, lineNumber), this.options.flushIntervalMs ?? 2000, (message) =>
      this.options.log(`history: ${message}; actions are not recorded until it can be read`),
    );
  }

  private takeAuditLine(file: string, line: string, lineNumber: number): void {
    let record: Record<string, unknown> | null = null;
    try {
      const parsed: unknown = JSON.parse(line);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) record = parsed as Record<string, unknown>;
    } catch {
      // reported below
    }
    const t = typeof record?.['time'] === 'string' ? Date.parse(record['time']) : Number.NaN;
    if (!record || !Number.isFinite(t)) return this.options.log(`history: ${file}:${lineNumber}: not an audit record; not recorded`);
    this.writer?.appendEvent(t, createHash('sha256').update(line).digest('hex').slice(0, 16), record);
  }

  private take(event: HostEvent): void {
    if (this.stopped) return;
    if (event.kind === 'platform') {
      // A slot holds every component's latest reading: only the ones newer than what was recorded go in.
      for (const { group, t, samples } of platformInstants(event.key, event.value)) {
        if (t <= (this.lastTimes.get(group) ?? -Infinity)) continue;
        this.lastTimes.set(group, t);
        const judged = this.options.judgeInstant?.(group, t, samples) ?? null;
        if (!this.writer) continue;
        this.append(group, t, samples);
        if (judged && judged.samples.length > 0) this.append(judged.group, judged.t, judged.samples);
      }
      return;
    }
    const { host } = event;
    this.noteState(host, event.kind === 'host' ? 'up' : event.reason);
    if (event.kind === 'host') this.down.delete(host);
    else this.down.set(host, event.reason);
    this.recordHost(host, event.kind === 'host' ? event.snapshot : downSnapshot(host, event.reason, new Date(event.timeMs)), event.timeMs);
  }

  /** Every host still down: host_up 0 again, judged again (a rule's `for` counts on it). */
  private stillDown(): void {
    for (const [host, reason] of this.down) {
      const t = Math.max(Date.now(), (this.lastTimes.get(host) ?? 0) + 1);
      this.recordHost(host, downSnapshot(host, reason, new Date(t)), t);
    }
  }

  private recordHost(host: string, snapshot: HostSnapshot, time: number): void {
    let t = time;
    // Two events of a host in one millisecond (a reading, then its connection failing): keep both, in order.
    const last = this.lastTimes.get(host);
    if (last !== undefined && t === last) t = last + 1;
    const judged = this.options.judge?.(snapshot, t) ?? null;
    if (!this.writer) return;
    this.append(host, t, () => hostSnapshotSamples(snapshot, { topProcesses: this.options.topProcesses ?? 10 }));
    if (judged && judged.samples.length > 0) this.append(judged.group, judged.t, judged.samples);
  }

  private append(group: string, t: number, samples: KeyedValue[] | (() => KeyedValue[])): void {
    this.lastTimes.set(group, t);
    try {
      const measured = typeof samples === 'function' ? samples() : samples;
      const scored = this.options.score?.(group, t, measured);
      const values = scored && scored.length > 0 ? measured.concat(scored) : measured;
      this.writer!.append(group, t, values);
      this.samples += values.length;
    } catch (error) {
      this.options.log(`history: ${group}: reading not recorded: ${(error as Error).message}`);
    }
  }

  private noteState(host: string, state: string): void {
    const before = this.states.get(host);
    if (before === state) return;
    this.states.set(host, state);
    if (state === 'up') this.options.log(`${host} up${before === undefined ? '' : ' again'}`);
    else this.options.log(`${host} down: ${state}`);
  }
}
