/**
 * perfmon's anomaly detector: one per series, streaming, O(1) time and memory per sample, one
 * configuration for every kind of series (CPU %, bytes/s, queue depth, request counts).
 *
 * Three views of "normal", each robust to the outliers it is looking for:
 *
 * - a recent baseline: a Huber-clipped EWMA of the level and an EWMA of the absolute deviation
 *   (a streaming median/MAD stand-in: an outlier moves neither by more than a clipped step);
 * - a seasonal baseline: per hour-of-day bucket, the range of values seen there lately (an
 *   envelope decaying toward the bucket's level over about a week), consulted once the series
 *   has a day and a half of history, so the daily rush or the nightly job is not an anomaly;
 * - level shifts: a two-sided CUSUM of the standardised residual, which finds a sustained
 *   moderate change that no single sample makes obvious.
 *
 * A deviation is measured in spreads, and the spread has a floor relative to the series' recent
 * peak, so a near-idle metric (0.07 % CPU wobbling to 0.13 %, busy only for its nightly job)
 * never pages anyone. The bar rises with the series' own tail of deviations (bursty counts
 * cross a fixed bar every hour). Flags are sparse: one per episode, then a hold-off during
 * which the baseline re-learns (a level shift becomes the new normal instead of an hour of
 * alarms).
 */

export interface AnomalyConfig {
  /** Samples before anything can be flagged. */
  minSamples: number;
  /** Weight of a new sample in the recent level. */
  levelAlpha: number;
  /** Weight of a new sample in the recent spread. */
  spreadAlpha: number;
  /**
   * The series' scale is its peak magnitude, forgotten over this many days (toward its level):
   * idle is idle relative to the series' busy times.
   */
  scaleDays: number;
  /** Residuals are clipped at this many spreads before they update the baseline (Huber). */
  clip: number;
  /** Deviation (in spreads) at which a sample is anomalous; its score is then 0.5. */
  threshold: number;
  /** The floor of the spread as a fraction of the series' scale (its recent peak magnitude). */
  relativeFloor: number;
  /** An absolute floor of the spread, in the series' unit (0: none). */
  absoluteFloor: number;
  /** CUSUM slack (in spreads) and decision height: a shift of slack + h/n spreads flags in n samples. */
  cusumSlack: number;
  cusumHeight: number;
  /** History (ms) before the seasonal baseline is consulted. */
  seasonalAfterMs: number;
  /** How many days the seasonal buckets remember (EWMA time constant). */
  seasonalDays: number;
  /** Samples after a flag during which no new flag is raised and the baseline re-learns. */
  holdOff: number;
  /** While still anomalous during the hold-off, at least this many samples of it remain. */
  episodeHoldOff: number;
  /** The tail quantile of the series' own deviations that is tracked (heavy tails raise the bar). */
  tailQuantile: number;
  /** A sample must also deviate by this multiple of that quantile. */
  tailFactor: number;
  /** Learning rate of that quantile (log-space step per sample). */
  tailRate: number;
}

/**
 * The one configuration, for live and offline scoring alike. Chosen on the tune half of the NAB
 * files only (bench/nab/run-nab.ts); the held-out half checks it on series it never saw.
 */
export const DEFAULT_ANOMALY_CONFIG: Readonly<AnomalyConfig> = Object.freeze({
  minSamples: 30,
  levelAlpha: 0.05,
  spreadAlpha: 0.01,
  scaleDays: 7,
  clip: 3,
  threshold: 5,
  relativeFloor: 0.04,
  absoluteFloor: 0,
  cusumSlack: 1,
  cusumHeight: 12,
  seasonalAfterMs: 36 * 3_600_000,
  seasonalDays: 7,
  holdOff: 200,
  episodeHoldOff: 50,
  tailQuantile: 0.99,
  tailFactor: 2,
  tailRate: 0.02,
});

const HOUR_MS = 3_600_000;
const BUCKETS = 24;

/** Everything the detector remembers: plain numbers, so JSON.stringify/parse round-trips it. */
export interface AnomalyState {
  count: number;
  firstTime: number;
  lastTime: number;
  /** EWMA of the time between samples (ms). */
  interval: number;
  level: number;
  spread: number;
  scale: number;
  cusumUp: number;
  cusumDown: number;
  /** Running estimate of the tail quantile of the deviation z. */
  tail: number;
  /** Samples left in the hold-off after a flag. */
  holdOff: number;
  /** Per hour-of-day bucket: level, spread and sample count. */
  seasonLevel: number[];
  seasonSpread: number[];
  seasonCount: number[];
  /** Per bucket: the highest and lowest values seen there, decaying toward its level. */
  seasonHigh: number[];
  seasonLow: number[];
}

export interface AnomalyResult {
  /** 0 (ordinary) … 1 (far outside every baseline); 0.5 at the threshold. */
  score: number;
  /** True on the first anomalous sample of an episode only. */
  anomalous: boolean;
  /** True on every sample at or past the threshold once warmed up: the episode's whole stretch. */
  deviant: boolean;
}

export interface AnomalyDetector {
  update(time: number, value: number): AnomalyResult;
  /** A copy of the state, for storing; `createAnomalyDetector(config, state)` resumes from it. */
  state(): AnomalyState;
}

function initialState(): AnomalyState {
  return {
    count: 0,
    firstTime: 0,
    lastTime: 0,
    interval: 0,
    level: 0,
    spread: 0,
    scale: 0,
    cusumUp: 0,
    cusumDown: 0,
    tail: 1,
    holdOff: 0,
    seasonLevel: new Array<number>(BUCKETS).fill(0),
    seasonSpread: new Array<number>(BUCKETS).fill(0),
    seasonCount: new Array<number>(BUCKETS).fill(0),
    seasonHigh: new Array<number>(BUCKETS).fill(0),
    seasonLow: new Array<number>(BUCKETS).fill(0),
  };
}

function clamp(x: number, limit: number): number {
  return x > limit ? limit : x < -limit ? -limit : x;
}

/** z (deviation in spreads) → score in [0, 1), 0.5 at the threshold. */
function scoreOf(z: number, threshold: number): number {
  const q = (z * z) / (threshold * threshold);
  return q / (1 + q);
}

export function createAnomalyDetector(config: Partial<AnomalyConfig> = {}, resume?: AnomalyState): AnomalyDetector {
  const c: AnomalyConfig = { ...DEFAULT_ANOMALY_CONFIG, ...config };
  const s: AnomalyState = resume ? structuredClone(resume) : initialState();

  function update(time: number, value: number): AnomalyResult {
    if (!Number.isFinite(value)) return { score: 0, anomalous: false, deviant: false };
    if (s.count === 0) {
      s.firstTime = time;
      s.lastTime = time;
      s.level = value;
      s.scale = Math.abs(value);
      s.count = 1;
      return { score: 0, anomalous: false, deviant: false };
    }
    const dt = Math.max(time - s.lastTime, 0);
    s.interval = s.interval === 0 ? dt : s.interval + 0.05 * (dt - s.interval);
    s.lastTime = time;
    s.count++;

    const floor = Math.max(c.absoluteFloor, c.relativeFloor * s.scale, Number.EPSILON);
    const spread = Math.max(s.spread, floor);
    const residual = value - s.level;
    const zRecent = Math.abs(residual) / spread;

    // Seasonal: the same hour of day, once a day and a half of history says what that hour is like.
    const bucket = Math.floor(time / HOUR_MS) % BUCKETS;
    const seasonal = time - s.firstTime >= c.seasonalAfterMs && s.seasonCount[bucket]! > 0;
    const bucketSpread = Math.max(s.seasonSpread[bucket]!, floor);
    // Inside the range this hour has shown lately (a nightly job, the morning rush) is normal.
    const outside = Math.max(0, value - s.seasonHigh[bucket]!, s.seasonLow[bucket]! - value);
    const zSeason = seasonal ? outside / bucketSpread : Infinity;
    const zPoint = Math.min(zRecent, zSeason);

    // Level shift: CUSUM of the clipped standardised residual.
    const standard = clamp(residual / spread, c.clip * 2);
    s.cusumUp = Math.max(0, s.cusumUp + standard - c.cusumSlack);
    s.cusumDown = Math.max(0, s.cusumDown - standard - c.cusumSlack);
    const zShift = (c.threshold * Math.max(s.cusumUp, s.cusumDown)) / c.cusumHeight;

    const zAny = Math.max(zPoint, seasonal ? Math.min(zShift, zSeason) : zShift);
    // Heavy-tailed series (bursty counts) get a higher bar: their own tail quantile, scaled.
    const bar = Math.max(c.threshold, c.tailFactor * s.tail);
    const z = (zAny * c.threshold) / bar;
    // Stochastic quantile tracking in log space: scale-free, and quick to learn recurring spikes.
    s.tail *= Math.exp(c.tailRate * (zPoint > s.tail ? c.tailQuantile : -(1 - c.tailQuantile)));
    const score = scoreOf(z, c.threshold);
    const ready = s.count > c.minSamples;
    let anomalous = false;
    // An episode that outlasts the hold-off is still one episode: it keeps the hold-off going.
    if (s.holdOff > 0) s.holdOff = z >= c.threshold ? Math.max(s.holdOff - 1, c.episodeHoldOff) : s.holdOff - 1;
    else if (ready && z >= c.threshold) {
      anomalous = true;
      s.holdOff = c.holdOff;
      s.cusumUp = 0;
      s.cusumDown = 0;
    }

    // Learn. While warming up, plain running means (weight 1/n: no start-up bias toward the
    // first sample or a zero spread); during a hold-off the level follows unclipped, so a shift
    // becomes the new normal.
    const relearning = s.holdOff > 0;
    const warm = 1 / (s.count - 1);
    if (!ready) {
      s.level += Math.max(c.levelAlpha, warm) * residual;
      s.spread += Math.max(c.spreadAlpha, warm) * (Math.abs(residual) - s.spread);
    } else {
      const step = relearning ? residual : clamp(residual, c.clip * spread);
      s.level += (relearning ? Math.max(c.levelAlpha, 0.1) : c.levelAlpha) * step;
      s.spread += c.spreadAlpha * (Math.min(Math.abs(residual), c.clip * spread) - s.spread);
    }
    const forget = Math.min(1, s.interval / (c.scaleDays * 24 * HOUR_MS));
    s.scale = Math.max(Math.abs(value), s.scale - forget * (s.scale - Math.abs(s.level)));
    if (!ready) s.cusumUp = s.cusumDown = 0;

    const share = s.interval > 0 ? Math.min(1, s.interval / (c.seasonalDays * HOUR_MS)) : 1;
    const n = ++s.seasonCount[bucket]!;
    const alpha = Math.max(1 / n, share);
    const seasonResidual = value - s.seasonLevel[bucket]!;
    const seasonSpread = Math.max(s.seasonSpread[bucket]!, floor);
    s.seasonLevel[bucket]! += alpha * (n <= 2 ? seasonResidual : clamp(seasonResidual, c.clip * seasonSpread));
    s.seasonSpread[bucket]! += alpha * (Math.min(Math.abs(seasonResidual), c.clip * seasonSpread) - s.seasonSpread[bucket]!);
    const high = n === 1 ? value : s.seasonHigh[bucket]!;
    const low = n === 1 ? value : s.seasonLow[bucket]!;
    s.seasonHigh[bucket] = Math.max(value, high - share * (high - s.seasonLevel[bucket]!));
    s.seasonLow[bucket] = Math.min(value, low - share * (low - s.seasonLevel[bucket]!));
    return { score, anomalous, deviant: ready && z >= c.threshold };
  }

  return { update, state: () => structuredClone(s) };
}
