/**
 * The Trends pane's history: a host's CPU, memory, disk and network over a range (10 minutes to
 * 30 days) as one column per bucket — min, max and mean — read from the tier the bucket's width
 * calls for (raw below a minute, the 1-minute rollups below an hour, the 1-hour rollups above),
 * so a 30-day chart costs what a 10-minute one does. A column with nothing recorded is NaN: a
 * gap, never a line drawn across it.
 *
 * The host's figures are the live store's (src/model/series.ts): memory is used ÷ total, disk and
 * network are the sums over devices and interfaces (loopback left out). A sum's min and max are
 * the sums of each device's min and max in the bucket: bounds, since the devices need not peak
 * together.
 */
import type { SeriesMatcher } from '../model/series-key.js';
import type { HistoryReader, QueryBucket } from './history-reader.js';
import { DAY, HOUR, MINUTE } from './store-layout.js';

export const TREND_RANGES = [
  { label: '10m', ms: 10 * MINUTE },
  { label: '1h', ms: HOUR },
  { label: '24h', ms: DAY },
  { label: '7d', ms: 7 * DAY },
  { label: '30d', ms: 30 * DAY },
] as const;

export type TrendMetric = 'cpu' | 'memory' | 'diskRead' | 'diskWrite' | 'netRx' | 'netTx';

/** One column: the bucket's start and its figures (NaN: nothing recorded then). */
export interface TrendColumn {
  t: number;
  min: number;
  max: number;
  mean: number;
}

/** A group's columns: the band over every host (min of mins, max of maxes), the mean of their means, the worst host's mean. */
export interface GroupTrend {
  columns: TrendColumn[];
  worst: number[];
}

/** A bucket width that reads one tier: whole seconds below a minute, whole minutes below an hour, whole hours above. */
export function trendStep(rangeMs: number, columns: number): number {
  const raw = Math.max(1000, Math.ceil(rangeMs / Math.max(1, columns)));
  const unit = raw >= HOUR ? HOUR : raw >= MINUTE ? MINUTE : 1000;
  return Math.ceil(raw / unit) * unit;
}

/** The columns ending at `end` (the bucket holding it is the last): their start times. */
export function trendWindow(end: number, step: number, columns: number): { from: number; to: number } {
  const to = (Math.floor(end / step) + 1) * step;
  return { from: to - columns * step, to };
}

const SOURCES: Readonly<Record<Exclude<TrendMetric, 'memory'>, { name: string; skip?: (labels: Readonly<Record<string, string>>) => boolean }>> = {
  cpu: { name: 'cpu_usage' },
  diskRead: { name: 'disk_read_bytes_per_sec' },
  diskWrite: { name: 'disk_write_bytes_per_sec' },
  netRx: { name: 'net_rx_bytes_per_sec', skip: (l) => l['iface'] === 'lo' },
  netTx: { name: 'net_tx_bytes_per_sec', skip: (l) => l['iface'] === 'lo' },
};

function emptyColumns(from: number, step: number, count: number): TrendColumn[] {
  return Array.from({ length: count }, (_, i) => ({ t: from + i * step, min: Number.NaN, max: Number.NaN, mean: Number.NaN }));
}

/** Sums the buckets of several series (devices) into the columns. */
function sumInto(columns: TrendColumn[], from: number, step: number, series: readonly QueryBucket[][]): void {
  for (const buckets of series) {
    for (const b of buckets) {
      const column = columns[Math.floor((b.t - from) / step)];
      if (!column) continue;
      const first = Number.isNaN(column.mean);
      column.min = (first ? 0 : column.min) + b.min;
      column.max = (first ? 0 : column.max) + b.max;
      column.mean = (first ? 0 : column.mean) + b.mean;
    }
  }
}

/** One host's metric over [from, to) in columns of `step`. */
export function hostTrend(reader: HistoryReader, host: string, metric: TrendMetric, from: number, to: number, step: number): TrendColumn[] {
  const count = Math.round((to - from) / step);
  const columns = emptyColumns(from, step, count);
  const read = (matcher: SeriesMatcher) => reader.query(matcher, from, to, step);
  if (metric === 'memory') {
    const used = read({ name: 'memory_used_bytes', labels: { host } })[0]?.buckets ?? [];
    const total = new Map((read({ name: 'memory_total_bytes', labels: { host } })[0]?.buckets ?? []).map((b) => [b.t, b.mean]));
    for (const b of used) {
      const column = columns[Math.floor((b.t - from) / step)];
      const of = total.get(b.t);
      if (!column || of === undefined || !(of > 0)) continue;
      column.min = (b.min / of) * 100;
      column.max = (b.max / of) * 100;
      column.mean = (b.mean / of) * 100;
    }
    return columns;
  }
  const source = SOURCES[metric];
  const series = read({ name: source.name, labels: { host } }).filter((s) => !source.skip?.(s.key.labels));
  sumInto(
    columns,
    from,
    step,
    series.map((s) => s.buckets),
  );
  return columns;
}

/** Several hosts' columns as one: the band over all, the mean of the means, the worst mean. */
export function groupTrend(hosts: readonly TrendColumn[][]): GroupTrend {
  const count = Math.max(0, ...hosts.map((h) => h.length));
  const columns: TrendColumn[] = [];
  const worst: number[] = [];
  for (let i = 0; i < count; i++) {
    const seen = hosts.map((h) => h[i]).filter((c): c is TrendColumn => c !== undefined && Number.isFinite(c.mean));
    const t = hosts.find((h) => h[i])?.[i]?.t ?? 0;
    if (seen.length === 0) {
      columns.push({ t, min: Number.NaN, max: Number.NaN, mean: Number.NaN });
      worst.push(Number.NaN);
      continue;
    }
    columns.push({ t, min: Math.min(...seen.map((c) => c.min)), max: Math.max(...seen.map((c) => c.max)), mean: seen.reduce((a, c) => a + c.mean, 0) / seen.length });
    worst.push(Math.max(...seen.map((c) => c.mean)));
  }
  return { columns, worst };
}

/** The column with the highest max, or null when nothing was recorded. */
export function peakOf(columns: readonly TrendColumn[]): TrendColumn | null {
  let peak: TrendColumn | null = null;
  for (const c of columns) if (Number.isFinite(c.max) && (peak === null || c.max > peak.max)) peak = c;
  return peak;
}
