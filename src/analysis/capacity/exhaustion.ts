/**
 * Time to exhaustion of one resource from its bucketed history: the growth trend over 6 h, 24 h
 * and 7 d, and when the level meets its limit, with a confidence. One configuration for every
 * resource and every host (FORECAST_CONFIG); the bench (bench/capacity-forecast.ts) measures
 * its false alarms on non-filling traces and its error on filling ones.
 *
 * Patterns that must not read as "full soon":
 * - bursts (a temporary file, a spike): Theil–Sen ignores them, and the level now is the
 *   trend line's, not the last reading's;
 * - sawtooth and log rotation (the level climbs, then drops back when a log rotates or a cache
 *   is purged): with two resets or more in the window, what must not grow is the peak of each
 *   cycle, so the forecast follows the peaks, and the current tooth counts only if it reaches
 *   the limit before the next reset is due;
 * - a daily cycle: over two days or more, only pairs of buckets a whole number of days apart
 *   give the slope.
 */
import { quantile, theilSen, type Point, type Trend } from './robust-trend.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface ForecastConfig {
  /** The trend windows, shortest first. */
  windows: readonly { name: string; ms: number }[];
  /** Buckets per window (the step is the window's span over this). */
  bucketsPerWindow: number;
  /** Fewest buckets a trend is taken over. */
  minPoints: number;
  /** A drop counts as a reset when it exceeds this share of the limit… */
  resetShareOfLimit: number;
  /** …and this many times the median step-to-step change. */
  resetNoiseFactor: number;
  /** History that earns full confidence (less scales it down). */
  fullConfidenceHistoryMs: number;
  /** Mann–Kendall |z| that earns full confidence in the trend's existence. */
  fullConfidenceZ: number;
  /** Full confidence in a time to exhaustion up to history / this. */
  horizonFactor: number;
  /** The longest window a forecast rests on (longer ones are shown, and judge resets and day-over-day growth). */
  longestBasisMs: number;
  /** Buckets over the history (up to the longest window) that resets are looked for in. */
  resetBuckets: number;
  /** History past which the day-over-day slope must agree with the trend. */
  dayOverDayHistoryMs: number;
  /** "Runs out soon": within this time and at least `soonConfidence` sure. */
  soonMs: number;
  soonConfidence: number;
}

export const FORECAST_CONFIG: ForecastConfig = {
  windows: [
    { name: '6h', ms: 6 * HOUR },
    { name: '24h', ms: DAY },
    { name: '7d', ms: 7 * DAY },
  ],
  bucketsPerWindow: 72,
  minPoints: 8,
  resetShareOfLimit: 0.02,
  resetNoiseFactor: 4,
  fullConfidenceHistoryMs: DAY,
  fullConfidenceZ: 4,
  horizonFactor: 4,
  resetBuckets: 504,
  longestBasisMs: 7 * DAY,
  dayOverDayHistoryMs: 30 * HOUR,
  soonMs: DAY,
  soonConfidence: 0.3,
};

export interface WindowTrend {
  window: string;
  /** Units per hour (null: not enough history in the window). */
  slopePerHour: number | null;
  z: number | null;
  points: number;
  seasonal: boolean;
}

export type ForecastModel = 'linear' | 'cycle-peaks' | 'current-cycle' | 'exhausted' | 'flat';

export interface Forecast {
  /** The level now by the trend (or, for peak resources, the recent peak). */
  level: number;
  limit: number;
  trends: WindowTrend[];
  /** The window the forecast rests on. */
  basis: string;
  /** Units per hour of the trend used. */
  slopePerHour: number;
  model: ForecastModel;
  /** ms until the level meets the limit; null when it does not grow toward it. */
  exhaustionInMs: number | null;
  /** 0..1 */
  confidence: number;
  confidenceLabel: 'high' | 'medium' | 'low';
  /** Runs out within config.soonMs, confidently enough to raise it. */
  soon: boolean;
  /** The growth from one day to the next (pairs whole days apart), once history spans more than a day. */
  dayOverDayPerHour: number | null;
  /** Resets (drops) seen in the basis window: a sawtooth when ≥ 2. */
  resets: number;
  historyMs: number;
}

export interface ForecastInput {
  /** Bucketed level values, oldest first. */
  points: readonly Point[];
  limit: number;
  at: number;
  /** Judge the recent peak (CPU at peak), not the trend line's level. */
  peak?: boolean;
}

export function confidenceLabel(c: number): Forecast['confidenceLabel'] {
  return c >= 0.6 ? 'high' : c >= 0.3 ? 'medium' : 'low';
}

/** The index of each reset: a drop much larger than the series' step-to-step noise. */
export function resetsOf(points: readonly Point[], limit: number, config: ForecastConfig = FORECAST_CONFIG): number[] {
  const changes = points.slice(1).map((p, i) => Math.abs(p.v - points[i]!.v));
  const noise = quantile(changes, 0.5) || 0;
  const floor = Math.max(config.resetShareOfLimit * limit, config.resetNoiseFactor * noise);
  const out: number[] = [];
  // A drop spread over several buckets (a purge that straddles a bucket edge) is one reset, at its last bucket.
  for (let i = 1; i < points.length; i++) {
    if (points[i - 1]!.v - points[i]!.v <= floor) continue;
    if (out.at(-1) === i - 1) out[out.length - 1] = i;
    else out.push(i);
  }
  return out;
}

/** Points of [at - span, at] averaged into `buckets` equal buckets (a bucket without points is left out). */
export function rebucket(points: readonly Point[], at: number, span: number, buckets: number): Point[] {
  const step = span / buckets;
  const sums = new Map<number, { t: number; v: number; n: number }>();
  for (const p of points) {
    if (p.t < at - span || p.t > at) continue;
    const k = Math.min(buckets - 1, Math.floor((p.t - (at - span)) / step));
    const b = sums.get(k);
    if (b) {
      b.t += p.t;
      b.v += p.v;
      b.n++;
    } else sums.set(k, { t: p.t, v: p.v, n: 1 });
  }
  return [...sums.entries()].sort((a, b) => a[0] - b[0]).map(([, b]) => ({ t: b.t / b.n, v: b.v / b.n }));
}

function windowTrend(points: readonly Point[], at: number, ms: number, historyMs: number, config: ForecastConfig): { trend: Trend | null; points: Point[] } {
  // A window longer than the history is bucketed over the history, so a short record still has its buckets.
  const span = Math.min(ms, historyMs);
  const inWindow = rebucket(points, at, span, config.bucketsPerWindow);
  if (inWindow.length < config.minPoints) return { trend: null, points: inWindow };
  return { trend: theilSen(inWindow, at, { ms: DAY, tolerance: span / config.bucketsPerWindow / 2 }), points: inWindow };
}

const timeTo = (level: number, limit: number, slopePerHour: number) => (slopePerHour > 0 ? (Math.max(0, limit - level) / slopePerHour) * HOUR : null);

export function forecastExhaustion(input: ForecastInput, config: ForecastConfig = FORECAST_CONFIG): Forecast | null {
  const { points, limit, at } = input;
  if (points.length < config.minPoints || !(limit > 0)) return null;
  const historyMs = at - points[0]!.t;
  const windows = config.windows.map((w) => ({ ...w, ...windowTrend(points, at, w.ms, historyMs, config) }));
  // The longest window that history covers at least half of; else the shortest (partly covered).
  const covered = windows.filter((w) => w.trend !== null && historyMs >= w.ms / 2 && w.ms <= config.longestBasisMs);
  const basis = covered.at(-1) ?? windows.find((w) => w.trend !== null);
  if (!basis?.trend) return null;
  const longest = windows.at(-1)!;
  const trends: WindowTrend[] = windows.map((w) => ({ window: w.name, slopePerHour: w.trend?.slopePerHour ?? null, z: w.trend?.z ?? null, points: w.points.length, seasonal: w.trend?.seasonal ?? false }));
  // Day over day: only pairs whole days apart, once there is more than a day to compare.
  const dayOverDay = historyMs >= config.dayOverDayHistoryMs ? theilSen(longest.points, at, { ms: DAY, tolerance: Math.min(historyMs, longest.ms) / config.bucketsPerWindow / 2 }, true) : null;
  const seen = Math.min(historyMs, longest.ms);
  // Extrapolating much past the history seen is a guess: full confidence only for horizons up to a share of it.
  const horizonFactor = (ttl: number | null) => Math.min(1, seen / (config.horizonFactor * (ttl ?? config.fullConfidenceHistoryMs)));
  const agrees = (slope: number, reference: number) => Math.sign(slope) === Math.sign(reference) && Math.abs(slope) >= Math.abs(reference) / 3 && Math.abs(slope) <= Math.abs(reference) * 3;
  const strength = (trend: Trend) => Math.min(1, Math.abs(trend.z) / config.fullConfidenceZ);

  // Resets are looked for in finer buckets than the trends' (a cache purged every 6 h would alias in 7-day buckets).
  const fine = rebucket(points, at, seen, config.resetBuckets);
  const resets = resetsOf(fine, limit, config);
  let model: ForecastModel = 'linear';
  let slopePerHour = basis.trend.slopePerHour;
  let level = input.peak ? quantile(basis.points.filter((p) => p.t >= at - DAY).map((p) => p.v), 0.95) : basis.trend.levelAt;
  let exhaustionInMs = timeTo(level, limit, slopePerHour);
  let confidence: number;
  if (resets.length >= 2) {
    // A sawtooth: the cycles' peaks must not grow, and the tooth now must not reach the limit before its reset.
    const all = fine;
    const bounds = [0, ...resets, all.length];
    const cycles = bounds.slice(1).map((end, i) => all.slice(bounds[i], end));
    const done = cycles.slice(0, -1);
    const peaks = done.map((c) => c.reduce((x, y) => (y.v > x.v ? y : x)));
    const peakTrend = peaks.length >= 3 ? theilSen(peaks, at) : null;
    const lengths = done.slice(1).map((c) => c.at(-1)!.t - c[0]!.t);
    const cycleMs = lengths.length > 0 ? quantile(lengths, 0.5) : Infinity;
    const current = windows[0]!.points.filter((p) => p.t >= cycles.at(-1)![0]!.t);
    const tooth = current.length >= config.minPoints ? theilSen(current, at) : null;
    const nowLevel = tooth?.levelAt ?? cycles.at(-1)!.at(-1)!.v;
    const dueInMs = Math.max(0, cycles.at(-1)![0]!.t + cycleMs - at);
    const toothExhaustion = tooth ? timeTo(nowLevel, limit, tooth.slopePerHour) : null;
    if (toothExhaustion !== null && toothExhaustion <= dueInMs) {
      model = 'current-cycle';
      slopePerHour = tooth!.slopePerHour;
      level = nowLevel;
      exhaustionInMs = toothExhaustion;
      // Only as sure as the tooth is long: a rotating log's day of growth says little about the next day.
      confidence = strength(tooth!) * Math.min(1, (at - current[0]!.t) / (config.horizonFactor * toothExhaustion));
    } else {
      model = 'cycle-peaks';
      level = nowLevel;
      slopePerHour = peakTrend?.slopePerHour ?? 0;
      // From the last peak on at the peaks' rate (the line through them can overshoot a day ahead on a few noisy peaks).
      const last = peaks.at(-1)!;
      exhaustionInMs = peakTrend ? timeTo(last.v, limit, peakTrend.slopePerHour) : null;
      if (exhaustionInMs !== null) exhaustionInMs = Math.max(0, exhaustionInMs - (at - last.t));
      // As sure as the peaks rise steadily (Mann–Kendall over them) and as many as there are.
      confidence = peakTrend ? strength(peakTrend) * Math.min(1, peaks.length / 6) * horizonFactor(exhaustionInMs) : 0;
    }
  } else {
    const others = windows.filter((w) => w !== basis && w.trend !== null && w.points.length > 0 && w.ms <= historyMs * 2);
    const agreeing = others.filter((w) => agrees(w.trend!.slopePerHour, slopePerHour)).length;
    const agreement = others.length === 0 ? 1 : agreeing / others.length;
    const daily = dayOverDay === null || agrees(dayOverDay.slopePerHour, slopePerHour) ? 1 : 0.2;
    confidence = strength(basis.trend) * horizonFactor(exhaustionInMs) * (0.5 + 0.5 * agreement) * daily;
  }
  if (level >= limit) {
    model = 'exhausted';
    exhaustionInMs = 0;
    confidence = 1;
  } else if (exhaustionInMs === null && model === 'linear') model = 'flat';
  const soon = exhaustionInMs !== null && exhaustionInMs <= config.soonMs && confidence >= config.soonConfidence;
  return { level, limit, trends, basis: basis.name, slopePerHour, dayOverDayPerHour: dayOverDay?.slopePerHour ?? null, model, exhaustionInMs, confidence, confidenceLabel: confidenceLabel(confidence), soon, resets: resets.length, historyMs };
}
