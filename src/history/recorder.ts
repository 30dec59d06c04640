/**
 * The recorder: every reading a collection produces goes into the history store, so that history
 * exists before anyone looks. It knows the collection only through `ReadingSource` (today the
 * fleet as the headless commands open it, src/runtime/recorder-readings.ts; later the headless
 * session), so switching what collects is one change there.
 *
 * It logs one line per host state change and per problem, never per sample. A store that cannot
 * be opened (read-only, corrupt, full disk) is reported with its path and retried while the
 * collection goes on; a store another process is writing is the one refusal (`WriterLockHeldError`).
 */
import type { Inventory } from '../config/inventory-schema.js';
import { downSnapshot, type HostSnapshot } from '../model/host-snapshot.js';
import type { PlatformState } from '../model/platform-state.js';
import { HistoryWriter } from './history-writer.js';
import { hostSnapshotSamples, type KeyedValue } from './host-snapshot-samples.js';
import { platformInstants } from './platform-samples.js';
import type { RetentionConfig } from './retention.js';
import { WriterLockHeldError } from './store-errors.js';

/** What a collection tells: a good reading of a host, that a host could not be read, or a platform slot's new value. */
export type HostEvent =
  | { kind: 'reading'; snapshot: HostSnapshot }
  | { kind: 'down'; host: string; reason: string; time: number }
  | { kind: 'platform'; key: keyof PlatformState; value: PlatformState[keyof PlatformState] };

/** A running collection: the hosts it watches, and stop. Events go to the listener it was opened with. */
export interface ReadingSource {
  readonly hosts: readonly string[];
  stop(): void;
}

/**
 * Starts a collection that tells `listener` every reading as it arrives. On a reload it is given
 * the running collection: it keeps what it can of it (connections to unchanged hosts) and stops the rest.
 */
export type OpenReadingSource = (listener: (event: HostEvent) => void, previous?: ReadingSource) => ReadingSource;

export interface RecorderOptions {
  store: string;
  retention?: RetentionConfig;
  /** One line, without its newline (the command adds the time and writes it to stderr). */
  log: (line: string) => void;
  /** How often readings reach the disk (default 2 s): what a SIGKILL can lose. */
  flushIntervalMs?: number;
  /** How soon a store that could not be opened is tried again (default 30 s). */
  reopenIntervalMs?: number;
  /** Busiest processes recorded per host per sample (default 10). */
  topProcesses?: number;
  /**
   * Told every host reading (a down host's too), whether or not the store is open; what it
   * returns is stored beside it (the alerts of that moment: src/alerts/alert-runner.ts).
   */
  judge?: (snapshot: HostSnapshot, t: number) => { group: string; t: number; samples: KeyedValue[] } | null;
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
  /** Each host's last state as logged: `up`, or the reason it is down. */
  private readonly states = new Map<string, string>();
  private readonly lastTimes = new Map<string, number>();
  private storeProblem: string | null = null;
  private stopped = false;
  samples = 0;

  private constructor(private readonly options: RecorderOptions) {}

  /** Opens the store (throwing only when another writer holds it), then the collection. */
  static async start(open: OpenReadingSource, options: RecorderOptions): Promise<Recorder> {
    const recorder = new Recorder(options);
    await recorder.openWriter();
    recorder.source = open((event) => recorder.take(event));
    return recorder;
  }

  get hosts(): readonly string[] {
    return this.source?.hosts ?? [];
  }

  get recording(): boolean {
    return this.writer !== null;
  }

  /** Swaps the collection (the inventory was reloaded); says which hosts came and went. */
  replaceSource(open: OpenReadingSource): void {
    const before = new Set(this.hosts);
    this.source = open((event) => this.take(event), this.source ?? undefined);
    const after = new Set(this.hosts);
    const added = [...after].filter((h) => !before.has(h));
    const removed = [...before].filter((h) => !after.has(h));
    for (const host of removed) this.states.delete(host);
    this.options.log(`inventory reloaded: ${after.size} hosts${added.length > 0 ? `, added ${added.join(', ')}` : ''}${removed.length > 0 ? `, removed ${removed.join(', ')}` : ''}`);
  }

  /** Stops collecting, writes every pending reading and releases the store. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.reopenTimer) clearTimeout(this.reopenTimer);
    this.source?.stop();
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
      if (this.storeProblem !== null) this.options.log(`history: ${store} opened; recording again`);
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

  private take(event: HostEvent): void {
    if (this.stopped) return;
    if (event.kind === 'platform') {
      if (!this.writer) return;
      // A slot holds every component's latest reading: only the ones newer than what was recorded go in.
      for (const { group, t, samples } of platformInstants(event.key, event.value)) {
        if (t > (this.lastTimes.get(group) ?? -Infinity)) this.append(group, t, samples);
      }
      return;
    }
    const host = event.kind === 'reading' ? event.snapshot.name : event.host;
    this.noteState(host, event.kind === 'reading' ? 'up' : event.reason);
    const snapshot = event.kind === 'reading' ? event.snapshot : downSnapshot(host, event.reason, new Date(event.time));
    let t = Date.parse(snapshot.time);
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
      const values = typeof samples === 'function' ? samples() : samples;
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
