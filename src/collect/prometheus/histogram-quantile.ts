/**
 * Prometheus' histogram_quantile() over classic (`le`) buckets, step for step as
 * promql/quantile.go's bucketQuantile does it, so a p99 here is the p99 an operator's Grafana
 * shows for the same buckets. The tests hold it to answers captured from a real Prometheus.
 */
import { counterIncrease } from './counter-rate.js';
import { parseFloatValue } from './parse-float.js';
import { labelsWithout, seriesKey } from './select.js';
import type { Labels, Sample } from './types.js';

export interface Bucket {
  /** Upper bound (the `le` label as a number; +Infinity for `+Inf`). */
  le: number;
  /** Cumulative count of observations ≤ le (or its increase/rate between scrapes). */
  count: number;
}

/** Prometheus tolerates this relative difference between neighbouring buckets as float noise. */
const PRECISION_TOLERANCE = 1e-12;

/** Go's sort.Search: the smallest i in [0, n) for which f(i) is true (n if none), by bisection. */
function search(n: number, f: (i: number) => boolean): number {
  let i = 0;
  let j = n;
  while (i < j) {
    const h = (i + j) >>> 1;
    if (!f(h)) i = h + 1;
    else j = h;
  }
  return i;
}

/** Buckets sharing an upper bound (e.g. `le="1"` and `le="1.0"`) are one bucket: their counts add up. */
function coalesce(sorted: Bucket[]): Bucket[] {
  const out: Bucket[] = [];
  for (const b of sorted) {
    const last = out[out.length - 1];
    if (last && last.le === b.le) last.count += b.count;
    else out.push({ ...b });
  }
  return out;
}

/** Counts that differ from the previous bucket's by float noise only are made equal to it. */
function correctPrecisionErrors(buckets: Bucket[]): void {
  let prev = buckets[0]?.count ?? 0;
  for (const b of buckets.slice(1)) {
    const delta = Math.abs(b.count - prev);
    if (delta === 0) continue;
    if (delta / b.count <= PRECISION_TOLERANCE) b.count = prev;
    else prev = b.count;
  }
}

/**
 * Cumulative counts can only grow with `le`; where they do not (independent resets of bucket
 * series between two scrapes, inconsistent targets) each count is raised to the largest
 * count below it — the "envelope" Prometheus uses so the bisection stays meaningful.
 */
function ensureMonotonic(buckets: Bucket[]): void {
  let max = buckets[0]?.count ?? 0;
  for (const b of buckets.slice(1)) {
    if (b.count > max) max = b.count;
    else if (b.count < max) b.count = max;
  }
}

/**
 * The q-quantile of the observations in `buckets` (any order; counts cumulative):
 * - q NaN → NaN; q < 0 → -Inf; q > 1 → +Inf;
 * - no `+Inf` bucket, fewer than two buckets, or no observations → NaN;
 * - linear interpolation inside the bucket holding rank q·count; the lowest bucket starts
 *   at 0 when its upper bound is positive, and answers its upper bound when that is ≤ 0;
 * - a rank in the `+Inf` bucket answers the upper bound of the second-highest bucket.
 * Buckets whose `le` is NaN are ignored (Prometheus' order for them is undefined).
 */
export function histogramQuantile(q: number, buckets: readonly Bucket[]): number {
  if (Number.isNaN(q)) return NaN;
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  const sorted = buckets
    .filter((b) => !Number.isNaN(b.le))
    .map((b) => ({ le: b.le, count: b.count }))
    .sort((a, b) => (a.le < b.le ? -1 : a.le > b.le ? 1 : 0));
  if (sorted[sorted.length - 1]?.le !== Infinity) return NaN;
  const bs = coalesce(sorted);
  correctPrecisionErrors(bs);
  ensureMonotonic(bs);
  const n = bs.length;
  if (n < 2) return NaN;
  const observations = (bs[n - 1] as Bucket).count;
  if (observations === 0) return NaN;
  let rank = q * observations;
  const b = search(n - 1, (i) => (bs[i] as Bucket).count >= rank);
  if (b === n - 1) return (bs[n - 2] as Bucket).le;
  const bucket = bs[b] as Bucket;
  if (b === 0 && bucket.le <= 0) return bucket.le;
  let start = 0;
  let count = bucket.count;
  if (b > 0) {
    const below = bs[b - 1] as Bucket;
    start = below.le;
    count -= below.count;
    rank -= below.count;
  }
  return start + (bucket.le - start) * (rank / count);
}

export interface HistogramSeries {
  /** The `_bucket` sample name, e.g. `order_processing_seconds_bucket`. */
  name: string;
  /** The series' labels without `le`. */
  labels: Labels;
  buckets: Bucket[];
}

/**
 * Groups bucket samples (pass `x_bucket` samples, e.g. from selectSamples) into one histogram
 * per label set. Samples without a numeric `le` are skipped, as histogram_quantile skips them.
 */
export function histogramSeries(bucketSamples: readonly Sample[]): HistogramSeries[] {
  const groups = new Map<string, HistogramSeries>();
  for (const s of bucketSamples) {
    const leText = s.labels.le;
    const le = leText === undefined ? undefined : parseFloatValue(leText);
    if (le === undefined) continue;
    const key = seriesKey(s.name, s.labels, ['le']);
    let group = groups.get(key);
    if (!group) {
      group = { name: s.name, labels: labelsWithout(s.labels, ['le']), buckets: [] };
      groups.set(key, group);
    }
    group.buckets.push({ le, count: s.value });
  }
  return [...groups.values()];
}

/**
 * Per-bucket increase between two scrapes of one histogram, each bucket a counter with its
 * own reset handling (as irate()/increase() treat each `le` series). Buckets missing from
 * either scrape are left out. The result may be non-monotonic; histogramQuantile copes.
 */
export function bucketIncrease(prev: readonly Bucket[], curr: readonly Bucket[]): Bucket[] {
  const out: Bucket[] = [];
  for (const c of curr) {
    const p = prev.find((b) => b.le === c.le);
    if (p) out.push({ le: c.le, count: counterIncrease(p.count, c.count) });
  }
  return out;
}

/** bucketIncrease for every histogram series present in both scrapes (matched by name and labels). */
export function histogramIncrease(
  prev: readonly HistogramSeries[],
  curr: readonly HistogramSeries[],
): HistogramSeries[] {
  const before = new Map(prev.map((h) => [seriesKey(h.name, h.labels), h]));
  const out: HistogramSeries[] = [];
  for (const h of curr) {
    const p = before.get(seriesKey(h.name, h.labels));
    if (p) out.push({ name: h.name, labels: h.labels, buckets: bucketIncrease(p.buckets, h.buckets) });
  }
  return out;
}
