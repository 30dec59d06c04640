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
  /** Buckets in which any host was recorded: what "the window" is for a share of it. */
  observed: number;
}

/**
 * What the checks read first: host resources, JVMs, databases, queues, SLOs and alerts. The
 * processes (a host keeps a series for every process ever among its busiest: thousands) are
 * read afterwards, only for the hosts and figures a saturated resource blames them for.
 */
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

/** The process series that blame a host resource: who burns the CPU, holds the memory, does the I/O. */
export const CULPRIT_METRICS = { cpu: 'process_cpu', memory: 'process_rss_bytes', disk: 'process_io_bytes_per_sec' } as const;

export interface SeriesWanted {
  name: string;
  labels: Readonly<Record<string, string>>;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Reads the series asked for into `into` (by metric name), letting the event loop run between reads: a TUI keeps answering keys. */
async function readInto(reader: HistoryReader, into: Map<string, WindowSeries[]>, wanted: readonly SeriesWanted[], from: number, to: number, step: number): Promise<void> {
  for (const { name, labels } of wanted) {
    const results = reader
      .query({ name, labels }, from, to, step)
      .filter((r) => r.buckets.length > 0)
      .map((r) => ({ id: r.id, key: r.key, points: r.buckets.map((b) => ({ t: b.t, mean: b.mean, max: b.max, min: b.min })) }));
    if (results.length > 0) into.set(name, [...(into.get(name) ?? []), ...results]);
    await yieldToEventLoop();
  }
}

/**
 * The window's series: first WINDOW_METRICS, then the process series `culprits` asks for
 * given those (the hosts whose resources are saturated), so a host nobody blames costs nothing.
 */
export async function readBottleneckWindow(reader: HistoryReader, from: number, to: number, culprits: (window: BottleneckWindow) => readonly SeriesWanted[]): Promise<BottleneckWindow> {
  const step = windowStep(to - from);
  const series = new Map<string, WindowSeries[]>();
  await readInto(reader, series, WINDOW_METRICS.map((name) => ({ name, labels: {} })), from, to, step);
  const recorded = new Set((series.get('cpu_usage') ?? []).flatMap((s) => s.points.map((p) => p.t)));
  const window = { from, to, step, series, observed: recorded.size };
  await readInto(reader, series, culprits(window), from, to, step);
  return window;
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
