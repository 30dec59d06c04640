/**
 * Reads a history store, also while its writer runs in another process (LMDB readers never
 * block the writer nor see a half-written window). A query takes a range and a step and
 * returns min/max/mean/count per bucket from the coarsest tier whose buckets divide the step,
 * so a 30-day chart costs about what a 10-minute one does. A bucket without samples is left
 * out: a gap stays a gap.
 */
import { statSync } from 'node:fs';
import { matchesSeries, parseSeriesId, type SeriesKey, type SeriesMatcher } from '../model/series-key.js';
import { decodeColumn, decodeTimestamps } from './chunk-codec.js';
import { openStore, type StoreTables } from './open-store.js';
import { tierWindows } from './retention.js';
import { decodeBuckets } from './rollup.js';
import { decodeSegment } from './segments.js';
import { HistoryStoreError } from './store-errors.js';
import { RAW_WINDOW, TIERS, type Tier, type TierName, windowStart } from './store-layout.js';

export interface QueryBucket {
  /** Start of the bucket, ms since 1970. */
  t: number;
  min: number;
  max: number;
  mean: number;
  count: number;
}

export interface SeriesResult {
  key: SeriesKey;
  id: string;
  tier: TierName;
  buckets: QueryBucket[];
}

export interface StoredEvent {
  t: number;
  id: string;
  /** As it was recorded (an audit-log line: time, event, action or what, host, component, operator, …). */
  event: Record<string, unknown>;
}

export interface TierStats {
  tier: TierName;
  /** Time of the oldest sample (raw) or bucket (rollups) kept; null when the tier is empty. */
  oldest: number | null;
  newest: number | null;
  bytes: number;
  /** Series in the tier's newest window. */
  series: number;
  /** Samples (raw) or buckets (rollups). */
  points: number;
  bytesPerPoint: number | null;
}

export interface StoreStats {
  dir: string;
  file: string;
  fileBytes: number;
  /** Every series ever recorded. */
  seriesKnown: number;
  tiers: TierStats[];
  /** The open windows still in the write-ahead table. */
  open: { segments: number; bytes: number };
}

/** A group's instants: `values[i][k]` is series `ids[i]` at `times[k]` (undefined: not read then); only series read in the range. */
export interface GroupInstants {
  ids: readonly string[];
  times: number[];
  values: (number | undefined)[][];
}

interface Accumulator {
  min: number;
  max: number;
  sum: number;
  count: number;
}

/** The tier a step reads: the coarsest whose bucket width divides it (raw for anything finer than a minute). */
export function tierForStep(step: number): Tier {
  return [...TIERS].reverse().find((tier) => tier.bucket === 0 || (step >= tier.bucket && step % tier.bucket === 0))!;
}

/** Decoded closed windows a reader keeps (a host's 10 minutes each): a fleet of 16 hosts, two windows each. */
const WINDOW_CACHE = 32;

interface DecodedWindow {
  times: number[];
  columns: ((number | undefined)[] | undefined)[];
}

export class HistoryReader {
  private readonly windows = new Map<string, DecodedWindow>();

  private constructor(
    readonly dir: string,
    private readonly tables: StoreTables,
  ) {}

  static async open(dir: string): Promise<HistoryReader> {
    return new HistoryReader(dir, await openStore(dir, 'read'));
  }

  close(): void {
    void this.tables.root.close();
  }

  /** The name of every series ever recorded, sorted, each once. */
  seriesNames(): string[] {
    this.tables.root.resetReadTxn();
    const names = new Set<string>();
    for (const id of this.tables.series.getKeys({})) {
      const brace = id.indexOf('{');
      names.add(brace < 0 ? id : id.slice(0, brace));
    }
    return [...names].sort();
  }

  /** Ids of the series a matcher picks, sorted. */
  seriesIds(matcher: SeriesMatcher): string[] {
    this.tables.root.resetReadTxn(); // see what the writer committed since the last call
    const ids: string[] = [];
    if (this.tables.series.get(matcher.name) !== undefined) ids.push(matcher.name);
    // Ids start with the name and sort by it, so a name's series are one range of keys.
    ids.push(...this.tables.series.getKeys({ start: `${matcher.name}{`, end: `${matcher.name}|` }));
    return ids.filter((id) => matchesSeries(matcher, parseSeriesId(id)));
  }

  /**
   * Every series with `what`'s name whose labels include `what`'s labels, over [from, to), in
   * buckets of `step` ms (aligned to multiples of the step).
   */
  query(what: SeriesMatcher, from: number, to: number, step: number): SeriesResult[] {
    if (!Number.isFinite(from) || !Number.isFinite(to) || to <= from) throw new RangeError(`history query: the range must end after it starts (from ${from}, to ${to})`);
    if (!Number.isSafeInteger(step) || step < 1) throw new RangeError(`history query: the step must be a whole number of ms ≥ 1 (got ${step})`);
    const ids = this.seriesIds(what);
    const tier = tierForStep(step);
    return ids.flatMap((id) => {
      const info = this.tables.series.get(id);
      if (!info) return [];
      return [{ key: parseSeriesId(id), id, tier: tier.name, buckets: this.readSeries(id, info, tier, from, to, step) }];
    });
  }

  private readSeries(id: string, info: { group: string; index: number }, tier: Tier, from: number, to: number, step: number): QueryBucket[] {
    const { tables } = this;
    const buckets = new Map<number, Accumulator>();
    const add = (t: number, min: number, max: number, sum: number, count: number) => {
      if (t < from || t >= to) return;
      const start = Math.floor(t / step) * step;
      const b = buckets.get(start);
      if (!b) buckets.set(start, { min, max, sum, count });
      else {
        b.min = Math.min(b.min, min);
        b.max = Math.max(b.max, max);
        b.sum += sum;
        b.count += count;
      }
    };
    const addSamples = (times: readonly number[], values: readonly (number | undefined)[], after = -Infinity) => {
      times.forEach((t, i) => {
        const v = values[i];
        if (t >= after && v !== undefined && !Number.isNaN(v)) add(t, v, v, v, 1);
      });
    };
    const closedUntil = this.closedUntil(info.group);
    const decode = this.decode;
    const closedEnd = Math.min(to, closedUntil);
    if (tier.bucket === 0) {
      for (let w = windowStart(from, RAW_WINDOW); w < closedEnd; w += RAW_WINDOW) {
        const column = tables.raw.get([w, id]);
        if (!column) continue;
        const timesBytes = tables.times.get([w, info.group]);
        if (!timesBytes) throw new HistoryStoreError(`history store ${tables.file}: window ${new Date(w).toISOString()} of ${id} has no timestamps for ${info.group} (corrupt)`, this.dir);
        const times = decode('times', [w, info.group], () => decodeTimestamps(timesBytes));
        addSamples(times, decode('raw', [w, id], () => decodeColumn(column, times.length)));
      }
    } else {
      const table = tables[tier.table];
      for (let w = windowStart(from, tier.window); w < closedEnd; w += tier.window) {
        const chunk = table.get([w, id]);
        if (!chunk) continue;
        for (const b of decode(tier.table, [w, id], () => decodeBuckets(chunk))) add(b.t, b.min, b.max, b.sum, b.count);
      }
    }
    // The open window: what the writer has flushed but not yet rolled up.
    if (to > closedUntil) {
      const start = Math.max(from, closedUntil) - RAW_WINDOW;
      for (const { key, value } of tables.wal.getRange({ start: [info.group, start], end: [info.group, to] })) {
        const segment = decode('wal', key, () => decodeSegment(value));
        const column = segment.columns.get(info.index);
        if (column) addSamples(segment.times, column, closedUntil);
      }
    }
    return [...buckets]
      .sort((a, b) => a[0] - b[0])
      .map(([t, b]) => ({ t, min: b.min, max: b.max, mean: b.sum / b.count, count: b.count }));
  }

  /** The group (host) whose timestamps a series follows; undefined for a series never recorded. */
  groupOf(id: string): string | undefined {
    return this.tables.series.get(id)?.group;
  }

  /** The series recorded under a group (a host), in the order first recorded. */
  groupSeries(group: string): string[] {
    return (this.tables.meta.get(['groupSeries', group]) as string[] | undefined) ?? [];
  }

  /**
   * Every instant of one group (a host) in [from, to] at full resolution, with each of its
   * series' values then: the readings as they were taken, for rebuilding a moment. Only the raw
   * tier is read (rollups keep no instants).
   */
  instants(group: string, from: number, to: number): GroupInstants {
    const { tables } = this;
    tables.root.resetReadTxn();
    const ids = this.groupSeries(group);
    const times: number[] = [];
    // By series index, only for series with a value in the range: a host's list of series grows
    // with every process that was ever among the busiest, and most of them are long gone.
    const values = new Map<number, (number | undefined)[]>();
    const addRows = (rowTimes: readonly number[], column: (index: number) => readonly (number | undefined)[] | undefined, after: number) => {
      const rows: number[] = [];
      rowTimes.forEach((t, row) => {
        if (t >= from && t <= to && t >= after) rows.push(row);
      });
      if (rows.length === 0) return;
      const offset = times.length;
      for (const row of rows) times.push(rowTimes[row]!);
      ids.forEach((_, index) => {
        const source = column(index);
        if (!source || !rows.some((row) => source[row] !== undefined)) return;
        let target = values.get(index);
        if (!target) values.set(index, (target = new Array<number | undefined>(offset).fill(undefined)));
        target.length = offset;
        for (const row of rows) target.push(source[row]);
      });
    };
    const closedUntil = this.closedUntil(group);
    for (let w = windowStart(from, RAW_WINDOW); w <= to && w < closedUntil; w += RAW_WINDOW) {
      const window = this.closedWindow(group, w, ids);
      if (window) addRows(window.times, (index) => window.columns[index], -Infinity);
    }
    if (to >= closedUntil) {
      for (const { key, value } of tables.wal.getRange({ start: [group, Math.max(from, closedUntil) - RAW_WINDOW], end: [group, to + 1] })) {
        const segment = this.decode('wal', key, () => decodeSegment(value));
        addRows(segment.times, (index) => segment.columns.get(index), closedUntil);
      }
    }
    const kept = [...values.keys()].sort((a, b) => a - b);
    return {
      ids: kept.map((index) => ids[index]!),
      times,
      values: kept.map((index) => {
        const column = values.get(index)!;
        column.length = times.length;
        return Array.from(column);
      }),
    };
  }

  /** The first and the last instant kept at full resolution (any host), or null when there is none. */
  span(): { oldest: number; newest: number } | null {
    const { tables } = this;
    const stats = this.stats(); // resets the read transaction
    let oldest = stats.tiers.find((t) => t.tier === 'raw')?.oldest ?? Infinity;
    let newest = -Infinity;
    for (const { key, value } of tables.wal.getRange({})) {
      const times = this.decode('wal', key, () => decodeSegment(value)).times;
      oldest = Math.min(oldest, times[0] ?? Infinity);
      newest = Math.max(newest, times.at(-1) ?? -Infinity);
    }
    // The newest closed window: each host's timestamps there.
    for (const last of tables.times.getKeys({ reverse: true, limit: 1 })) {
      const window = Number(last[0]);
      for (const { key, value } of tables.times.getRange({ start: [window], end: [window + 1] })) {
        newest = Math.max(newest, this.decode('times', key, () => decodeTimestamps(value)).at(-1) ?? -Infinity);
      }
    }
    return Number.isFinite(oldest) && Number.isFinite(newest) ? { oldest, newest } : null;
  }

  /**
   * One closed raw window of a group, decoded. A closed window never changes, so the last few
   * are kept: stepping through a window (replay's `[` `]`) decodes it once.
   */
  private closedWindow(group: string, w: number, ids: readonly string[]): DecodedWindow | null {
    const cacheKey = `${w}|${ids.length}|${group}`;
    const cached = this.windows.get(cacheKey);
    if (cached) {
      this.windows.delete(cacheKey);
      this.windows.set(cacheKey, cached);
      return cached;
    }
    const { tables } = this;
    const timesBytes = tables.times.get([w, group]);
    if (!timesBytes) return null;
    const times = this.decode('times', [w, group], () => decodeTimestamps(timesBytes));
    const columns = ids.map((id) => {
      const column = tables.raw.get([w, id]);
      return column ? this.decode('raw', [w, id], () => decodeColumn(column, times.length)) : undefined;
    });
    const window = { times, columns };
    this.windows.set(cacheKey, window);
    if (this.windows.size > WINDOW_CACHE) this.windows.delete(this.windows.keys().next().value!);
    return window;
  }

  private closedUntil(group: string): number {
    return (this.tables.meta.get(['closed', group]) as number | undefined) ?? 0;
  }

  /** Decodes a stored chunk, naming the table and key when it cannot be read. */
  private readonly decode = <T>(table: string, key: readonly unknown[], action: () => T): T => {
    try {
      return action();
    } catch (error) {
      const where = `${table} [${key.map((k) => JSON.stringify(k)).join(', ')}] in ${this.tables.file}`;
      throw new HistoryStoreError(`history store chunk ${where} cannot be read: ${(error as Error).message}`, this.dir);
    }
  };

  /** The events (audit-log lines) of [from, to), oldest first. */
  events(from: number, to: number): StoredEvent[] {
    const table = this.tables.events;
    if (!table) return [];
    this.tables.root.resetReadTxn();
    const out: StoredEvent[] = [];
    for (const { key, value } of table.getRange({ start: [from], end: [to] })) out.push({ t: Number(key[0]), id: String(key[1]), event: value });
    return out;
  }

  stats(): StoreStats {
    const { tables } = this;
    tables.root.resetReadTxn();
    const tiers = TIERS.map((tier): TierStats => {
      const windows = tierWindows(tables, tier);
      const bytes = windows.reduce((n, w) => n + w.usage.bytes, 0);
      const points = windows.reduce((n, w) => n + w.usage.points, 0);
      const newest = windows[windows.length - 1];
      return {
        tier: tier.name,
        oldest: windows.length > 0 ? Math.min(...windows.map((w) => w.usage.first)) : null,
        newest: newest ? newest.start + tier.window : null,
        bytes,
        series: newest?.usage.series ?? 0,
        points,
        bytesPerPoint: points > 0 ? bytes / points : null,
      };
    });
    let segments = 0;
    let walBytes = 0;
    for (const { value } of tables.wal.getRange({})) {
      segments++;
      walBytes += value.length;
    }
    return { dir: this.dir, file: tables.file, fileBytes: statSync(tables.file).size, seriesKnown: tables.series.getKeysCount(), tiers, open: { segments, bytes: walBytes } };
  }
}
