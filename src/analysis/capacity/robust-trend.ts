/**
 * Robust straight-line trends for capacity forecasts. Theil–Sen: the slope is the median of the
 * slopes between every pair of points, so a burst, a spike or a stretch of bad readings moves
 * it little (up to ~29 % of the points can be outliers). Its significance is Mann–Kendall's z
 * (how much more often later points are above earlier ones than chance would give): a sawtooth
 * or plain noise scores near 0, a steady fill scores high whatever its slope.
 */

export interface Point {
  /** ms since 1970. */
  t: number;
  v: number;
}

export interface Trend {
  /** Units per hour. */
  slopePerHour: number;
  /** The line's value at `at`: where the trend says the level is now (robust to the last reading being a burst). */
  levelAt: number;
  /** Mann–Kendall z: |z| ≥ 2.6 is a trend at 1 % significance; near 0 no trend. */
  z: number;
  points: number;
  /** Pairs the slope was taken over (fewer when only whole-period pairs count). */
  pairs: number;
  /** True when only pairs a whole number of periods apart counted (a daily cycle cancels out). */
  seasonal: boolean;
}

const HOUR = 3_600_000;

export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The q-quantile (0..1) of values, by nearest rank. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** Mann–Kendall z of points in time order (ties count 0; the variance is not corrected for ties). */
export function mannKendallZ(points: readonly Point[]): number {
  const n = points.length;
  if (n < 3) return 0;
  let s = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) s += Math.sign(points[j]!.v - points[i]!.v);
  const variance = (n * (n - 1) * (2 * n + 5)) / 18;
  return s === 0 ? 0 : (s - Math.sign(s)) / Math.sqrt(variance);
}

/**
 * Theil–Sen over points in time order. With `period` (ms) and points spanning at least two
 * periods, only pairs a whole number of periods apart (within `tolerance` ms) count, so a daily
 * cycle does not tilt the slope by where in the day the window starts and ends (`onePeriodEnough`:
 * from one period on, for a day-over-day comparison).
 */
export function theilSen(points: readonly Point[], at: number, period?: { ms: number; tolerance: number }, onePeriodEnough = false): Trend | null {
  const n = points.length;
  if (n < 2) return null;
  const span = points[n - 1]!.t - points[0]!.t;
  const seasonal = period !== undefined && span >= (onePeriodEnough ? 1 : 2) * period.ms;
  const slopes: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const dt = points[j]!.t - points[i]!.t;
      if (dt <= 0) continue;
      if (seasonal) {
        const k = Math.round(dt / period.ms);
        if (k < 1 || Math.abs(dt - k * period.ms) > period.tolerance) continue;
      }
      slopes.push((points[j]!.v - points[i]!.v) / dt);
    }
  }
  if (slopes.length === 0) return null;
  const slope = median(slopes);
  const intercept = median(points.map((p) => p.v - slope * (p.t - at)));
  return { slopePerHour: slope * HOUR, levelAt: intercept, z: mannKendallZ(points), points: n, pairs: slopes.length, seasonal };
}
