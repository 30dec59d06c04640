/**
 * The one writer of a history store. `append` takes one instant of a host (or any group of
 * series sampled together); every `flushIntervalMs` the new instants go to the write-ahead
 * table as a segment (so SIGKILL loses at most that long); when a host's 10-minute window
 * ends, its segments become the window's compressed columns and its 1-minute and 1-hour
 * rollups, in one transaction. Bad input (a clock that steps back or far ahead, a full disk)
 * is reported through `onProblem` and never rewrites stored data.
 */
import type { SeriesKey } from '../model/series-key.js';
import { seriesId } from '../model/series-key.js';
import { encodeColumn, encodeTimestamps } from './chunk-codec.js';
import { openStore, type StoreTables } from './open-store.js';
import { enforceRetention, type RetentionConfig, type Usage, usageKey } from './retention.js';
import { decodeBuckets, encodeBuckets, mergeBuckets, rollUp } from './rollup.js';
import { decodeSegment, encodeSegment, joinSegments, type WindowData } from './segments.js';
import { HistoryStoreError } from './store-errors.js';
import { RAW_WINDOW, TIERS, windowStart } from './store-layout.js';
import { takeWriterLock, type WriterLock } from './writer-lock.js';

export interface AppendSample {
  key: SeriesKey;
  v: number;
}

export interface HistoryWriterOptions {
  /** How often new instants reach the disk (default 2 s): what a SIGKILL can lose. */
  flushIntervalMs?: number;
  retention?: RetentionConfig;
  /** Told about input the store refuses and about write failures; the writer carries on. */
  onProblem?: (message: string) => void;
}

/** A sample further ahead of this machine's clock than this is refused (a clock gone wrong). */
const MAX_FUTURE_MS = 5 * 60_000;
/** A host silent this long past its window's end has the window closed without it. */
const CLOSE_GRACE_MS = 60_000;

interface GroupState {
  name: string;
  list: string[];
  indexes: Map<string, number>;
  /** Series added since the last flush (their index entries go with the segment). */
  added: string[];
  open: number | undefined;
  lastTime: number;
  closedUntil: number;
  pending: WindowData;
  /** Whether the last append was refused, so one bad stretch is reported once. */
  refusing: boolean;
}

export class HistoryWriter {
  private readonly groups = new Map<string, GroupState>();
  private readonly timer: NodeJS.Timeout;
  private newest = 0;
  private retentionDoneFor = -1;
  private pendingEvents: { t: number; id: string; event: Record<string, unknown> }[] = [];
  private closed = false;
  private failing = false;

  private constructor(
    readonly dir: string,
    private readonly tables: StoreTables,
    private readonly lock: WriterLock,
    private readonly options: HistoryWriterOptions,
  ) {
    this.timer = setInterval(() => this.tick(), options.flushIntervalMs ?? 2000);
    this.timer.unref();
  }

  static async open(dir: string, options: HistoryWriterOptions = {}): Promise<HistoryWriter> {
    const lock = takeWriterLock(dir);
    try {
      const tables = await openStore(dir, 'write');
      const writer = new HistoryWriter(dir, tables, lock, options);
      writer.recover();
      return writer;
    } catch (error) {
      lock.release();
      throw error;
    }
  }

  /** One instant of a group (a host): every sample carries the same time `t` (ms since 1970). */
  append(group: string, t: number, samples: readonly AppendSample[]): void {
    if (this.closed) throw new Error(`the history writer for ${this.dir} is closed`);
    const state = this.group(group);
    const refuse = (why: string) => {
      if (!state.refusing) this.problem(`history: ${group}: ${why}; its readings are not recorded until that passes`);
      state.refusing = true;
    };
    if (!Number.isSafeInteger(t)) return refuse(`a reading time of ${t} is not a whole number of ms`);
    if (t <= state.lastTime || t < state.closedUntil) {
      return refuse(`the clock stepped back (${new Date(t).toISOString()} after ${new Date(Math.max(state.lastTime, state.closedUntil - 1)).toISOString()})`);
    }
    if (t > Date.now() + MAX_FUTURE_MS) return refuse(`a reading time of ${new Date(t).toISOString()} is ahead of this machine's clock`);
    state.refusing = false;
    const window = windowStart(t, RAW_WINDOW);
    if (state.open !== window) {
      if (state.open !== undefined) this.closeWindows(state, window);
      state.open = window;
    }
    const row = state.pending.times.length;
    state.pending.times.push(t);
    for (const { key, v } of samples) {
      let id: string;
      try {
        id = seriesId(key);
      } catch (error) {
        this.problem(`history: ${group}: ${(error as Error).message}`);
        continue;
      }
      let index = state.indexes.get(id);
      if (index === undefined) {
        const owner = this.tables.series.get(id);
        if (owner && owner.group !== group) {
          this.problem(`history: ${group}: series ${id} is already recorded for ${owner.group}; not recorded twice`);
          continue;
        }
        index = state.list.length;
        state.list.push(id);
        state.indexes.set(id, index);
        state.added.push(id);
      }
      let column = state.pending.columns.get(index);
      if (!column) state.pending.columns.set(index, (column = []));
      column[row] = v;
    }
    state.lastTime = t;
    this.newest = Math.max(this.newest, t);
  }

  /** An event (an audit-log line) at `t`; `id` tells a line stored before from a new one, so storing it again changes nothing. */
  appendEvent(t: number, id: string, event: Record<string, unknown>): void {
    if (this.closed) throw new Error(`the history writer for ${this.dir} is closed`);
    if (!Number.isSafeInteger(t)) return this.problem(`history: event ${id}: a time of ${t} is not a whole number of ms; not recorded`);
    this.pendingEvents.push({ t, id, event });
  }

  /** Writes every pending instant to the disk now. */
  flush(): void {
    if (this.closed) return;
    this.writeSegments();
  }

  /** Flushes and releases the store; the open windows stay in the write-ahead table for the next writer. */
  close(): void {
    if (this.closed) return;
    clearInterval(this.timer);
    this.writeSegments();
    this.closed = true;
    void this.tables.root.close();
    this.lock.release();
  }

  private tick(): void {
    this.writeSegments();
    // Hosts that went quiet: close their windows once everyone else is well past them.
    for (const state of this.groups.values()) {
      if (state.open !== undefined && state.open + RAW_WINDOW + CLOSE_GRACE_MS <= this.newest) {
        this.closeWindows(state, windowStart(this.newest, RAW_WINDOW));
        state.open = undefined;
      }
    }
  }

  private problem(message: string): void {
    this.options.onProblem?.(message);
  }

  /** A write failed (full disk, store gone read-only): say it once, keep the samples for the next try. */
  private guard(what: string, action: () => void): boolean {
    try {
      action();
      if (this.failing) this.problem(`history: writing ${this.dir} works again`);
      this.failing = false;
      return true;
    } catch (error) {
      if (!this.failing) this.problem(`history: cannot ${what} in ${this.dir}: ${error instanceof Error ? error.message : String(error)}; retrying`);
      this.failing = true;
      return false;
    }
  }

  private group(name: string): GroupState {
    let state = this.groups.get(name);
    if (state) return state;
    const list = (this.tables.meta.get(['groupSeries', name]) as string[] | undefined) ?? [];
    const closedUntil = (this.tables.meta.get(['closed', name]) as number | undefined) ?? 0;
    let lastTime = closedUntil - 1;
    let open: number | undefined;
    for (const { value } of this.tables.wal.getRange({ start: [name, 0], end: [name, Number.MAX_SAFE_INTEGER], reverse: true, limit: 1 })) {
      const times = decodeSegment(value).times;
      lastTime = Math.max(lastTime, times[times.length - 1] ?? lastTime);
      open = windowStart(lastTime, RAW_WINDOW);
    }
    state = {
      name,
      list,
      indexes: new Map(list.map((id, i) => [id, i])),
      added: [],
      open,
      lastTime,
      closedUntil,
      pending: { times: [], columns: new Map() },
      refusing: false,
    };
    this.groups.set(name, state);
    return state;
  }

  /** At open: windows a previous writer left in the write-ahead table that have ended by now. */
  private recover(): void {
    const groups = new Set<string>();
    for (const key of this.tables.wal.getKeys({ start: [''], end: ['\uffff'] })) groups.add(String(key[0]));
    const current = windowStart(Date.now(), RAW_WINDOW);
    for (const name of groups) {
      const state = this.group(name);
      this.newest = Math.max(this.newest, state.lastTime);
      this.closeWindows(state, current);
      if (state.open !== undefined && state.open < current) state.open = undefined;
    }
  }

  private writeSegments(): void {
    const ready = [...this.groups.values()].filter((s) => s.pending.times.length > 0 || s.added.length > 0);
    const events = this.pendingEvents;
    if (ready.length === 0 && events.length === 0) return;
    const written = this.guard('write the latest readings', () =>
      this.tables.root.transactionSync(() => {
        for (const state of ready) {
          if (state.added.length > 0) {
            void this.tables.meta.put(['groupSeries', state.name], state.list);
            for (const id of state.added) void this.tables.series.put(id, { group: state.name, index: state.indexes.get(id)! });
          }
          const { times } = state.pending;
          if (times.length > 0) void this.tables.wal.put([state.name, times[0]!], encodeSegment(state.pending));
        }
        for (const { t, id, event } of events) void this.tables.events!.put([t, id], event);
      }),
    );
    if (!written) return;
    this.pendingEvents = [];
    for (const state of ready) {
      state.added = [];
      state.pending = { times: [], columns: new Map() };
    }
  }

  /** Turns every window of the group that starts before `before` into its chunks and rollups. */
  private closeWindows(state: GroupState, before: number): void {
    this.writeSegments();
    if (state.pending.times.length > 0) return; // the write failed; keep everything and try later
    const byWindow = new Map<number, WindowData[]>();
    const keys: (string | number)[][] = [];
    for (const { key, value } of this.tables.wal.getRange({ start: [state.name, 0], end: [state.name, before] })) {
      const start = windowStart(Number(key[1]), RAW_WINDOW);
      let parts = byWindow.get(start);
      if (!parts) byWindow.set(start, (parts = []));
      parts.push(decodeSegment(value));
      keys.push(key);
    }
    if (byWindow.size === 0) return;
    const done = this.guard('store a finished 10-minute window', () =>
      this.tables.root.transactionSync(() => {
        for (const [start, parts] of [...byWindow].sort((a, b) => a[0] - b[0])) this.storeWindow(state, start, joinSegments(parts));
        for (const key of keys) void this.tables.wal.remove(key);
        const closedUntil = Math.max(...byWindow.keys()) + RAW_WINDOW;
        void this.tables.meta.put(['closed', state.name], closedUntil);
        state.closedUntil = closedUntil;
      }),
    );
    if (done) this.retain(before);
  }

  /** Inside a transaction: one window of one group as raw columns and merged rollups. */
  private storeWindow(state: GroupState, start: number, data: WindowData): void {
    const { tables } = this;
    const timesBytes = encodeTimestamps(data.times);
    void tables.times.put([start, state.name], timesBytes);
    const raw: Usage = { bytes: timesBytes.length + keyBytes(state.name), points: 0, series: 0, first: data.times[0] ?? start };
    const rollupUsage = new Map<string, Usage>();
    for (const [index, column] of data.columns) {
      const id = state.list[index];
      if (id === undefined) throw new HistoryStoreError(`history segment of ${state.name} names series #${index}, which the store does not know (corrupt)`, this.dir);
      const encoded = encodeColumn(column);
      void tables.raw.put([start, id], encoded);
      raw.bytes += encoded.length + keyBytes(id);
      raw.points += column.reduce((n: number, v) => (v === undefined ? n : n + 1), 0);
      raw.series++;
      for (const tier of TIERS.slice(1)) {
        const table = tables[tier.table];
        const chunkStart = windowStart(start, tier.window);
        const key = [chunkStart, id];
        const previous = table.get(key);
        const old = previous ? decodeBuckets(previous) : [];
        const buckets = mergeBuckets(old, rollUp(data.times, column, tier.bucket));
        const bytes = encodeBuckets(buckets);
        void table.put(key, bytes);
        const usageId = `${tier.name}:${chunkStart}`;
        const usage = rollupUsage.get(usageId) ?? (tables.meta.get(usageKey(tier.name, chunkStart)) as Usage | undefined) ?? { bytes: 0, points: 0, series: 0, first: Infinity };
        usage.bytes += bytes.length - (previous ? previous.length : -keyBytes(id));
        usage.points += buckets.length - old.length;
        if (!previous) usage.series++;
        usage.first = Math.min(usage.first, buckets[0]?.t ?? Infinity);
        rollupUsage.set(usageId, usage);
      }
    }
    // Other hosts' chunks of the same window are counted in the same entry.
    const before = tables.meta.get(usageKey('raw', start)) as Usage | undefined;
    if (before) raw.bytes += before.bytes, raw.points += before.points, raw.series += before.series, raw.first = Math.min(raw.first, before.first);
    void tables.meta.put(usageKey('raw', start), raw);
    for (const [usageId, usage] of rollupUsage) {
      const [tier, chunkStart] = usageId.split(':');
      void tables.meta.put(usageKey(tier as 'raw', Number(chunkStart)), usage);
    }
  }

  /** Retention once per raw window, as of the newest sample. */
  private retain(window: number): void {
    if (window === this.retentionDoneFor) return;
    this.retentionDoneFor = window;
    this.guard('delete old history', () => void enforceRetention(this.tables, this.options.retention ?? {}, this.newest));
  }
}

/** What a key costs on disk, roughly: the id, the window number, LMDB's node header. */
function keyBytes(id: string): number {
  return Buffer.byteLength(id) + 16;
}
