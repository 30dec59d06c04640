/**
 * The stored series a bottleneck analysis looks at, over one window, as plain data: each metric
 * the USE checks and the software checks read, in about WINDOW_BUCKETS buckets (mean and max
 * per bucket, a gap left out). Reading is the only part that touches the history store; every
 * check is a pure function over a BottleneckWindow, so tests can build one by hand.
 */
import type { HistoryReader } from '../../history/history-reader.js';
import type { SeriesKey } from '../../model/series-key.js';

export interface WindowPoint {
  t: number;
  mean: number;
  max: number;
  min: number;
}

export interface WindowSeries {
  id: string;
  key: SeriesKey;
  points: WindowPoint[];
}

export interface BottleneckWindow {
  from: number;
  to: number;
  /** Bucket width, ms. */
  step: number;
  /** By metric name; a metric never recorded in the window is absent. */
  series: ReadonlyMap<string, readonly WindowSeries[]>;
}

/** What the checks read: host resources, top processes, JVMs, databases, queues, SLOs and alerts. */
export const WINDOW_METRICS = [
  'cpu_usage',
  'cpu_steal',
  'cpu_iowait',
  'cpu_core_usage',
  'load1',
  'memory_total_bytes',
  'memory_available_bytes',
  'swap_total_bytes',
  'swap_used_bytes',
  'disk_utilisation',
  'disk_queue_length',
  'disk_await_ms',
  'disk_write_bytes_per_sec',
  'disk_read_bytes_per_sec',
  'net_rx_drops',
  'net_tx_drops',
  'net_rx_errors',
  'net_tx_errors',
  'tcp_retransmits_per_sec',
  'process_cpu',
  'process_rss_bytes',
  'process_io_bytes_per_sec',
  'jvm_gc_time_percent',
  'jvm_heap_used_bytes',
  'jvm_heap_max_bytes',
  'db_connections_used_ratio',
  'db_sessions_waiting_on_lock',
  'db_sessions_blocked',
  'db_cache_hit_ratio',
  'queue_depth',
  'queue_consumers',
  'queue_publish_per_sec',
  'queue_deliver_per_sec',
  'queue_growth_per_sec',
  'slo_burn_rate_short',
  'slo_burn_rate_long',
  'alert_state',
] as const;

/** Buckets a window is read in: enough for a sparkline and for "most of the window", cheap for a day. */
export const WINDOW_BUCKETS = 60;

/** The narrowest bucket: two readings at the default 1 s interval, so a bucket is empty only when a host was. */
const MIN_STEP_MS = 2000;

/** The bucket width for a window: ~WINDOW_BUCKETS buckets, whole seconds, whole minutes past an hour (the 1-minute rollups). */
export function windowStep(windowMs: number): number {
  const raw = windowMs / WINDOW_BUCKETS;
  const unit = windowMs >= 3_600_000 ? 60_000 : 1000;
  return Math.max(MIN_STEP_MS, unit, Math.round(raw / unit) * unit);
}

export function readBottleneckWindow(reader: HistoryReader, from: number, to: number): BottleneckWindow {
  const step = windowStep(to - from);
  const series = new Map<string, WindowSeries[]>();
  for (const name of WINDOW_METRICS) {
    const results = reader
      .query({ name }, from, to, step)
      .filter((r) => r.buckets.length > 0)
      .map((r) => ({ id: r.id, key: r.key, points: r.buckets.map((b) => ({ t: b.t, mean: b.mean, max: b.max, min: b.min })) }));
    if (results.length > 0) series.set(name, results);
  }
  return { from, to, step, series };
}

/** The series of a metric whose labels include `labels`. */
export function seriesOf(window: BottleneckWindow, name: string, labels: Readonly<Record<string, string>> = {}): readonly WindowSeries[] {
  const all = window.series.get(name) ?? [];
  const wanted = Object.entries(labels);
  return wanted.length === 0 ? all : all.filter((s) => wanted.every(([k, v]) => s.key.labels[k] === v));
}

/** The hosts any host series names, sorted. */
export function windowHosts(window: BottleneckWindow): string[] {
  return [...new Set((window.series.get('cpu_usage') ?? []).map((s) => s.key.labels['host']).filter((h): h is string => h !== undefined))].sort();
}
