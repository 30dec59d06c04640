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

export class HistoryReader {
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
    const closedUntil = (tables.meta.get(['closed', info.group]) as number | undefined) ?? 0;
    const where = (table: string, key: unknown[]) => `${table} [${key.map((k) => JSON.stringify(k)).join(', ')}] in ${tables.file}`;
    const decode = <T>(table: string, key: unknown[], action: () => T): T => {
      try {
        return action();
      } catch (error) {
        throw new HistoryStoreError(`history store chunk ${where(table, key)} cannot be read: ${(error as Error).message}`, this.dir);
      }
    };
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
