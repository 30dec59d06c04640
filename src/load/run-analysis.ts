/**
 * The results analyzer of a stepped run: each held stage is a step, judged from its per-second
 * figures (the first second of a hold left out: the level was still settling; so are seconds
 * in which the generator itself fell behind). The knee is the
 * first step that breaks — its latency over the limit, errors over theirs, throughput short of
 * the rate asked (open model) or no longer growing with the load — and the maximum sustainable
 * throughput is what the last step before it carried. A closed-model run also gets the
 * Universal Scalability Law fitted to its steps (users against throughput), to say how far more
 * concurrency would go.
 */
import { formatMillis } from '../format/units.js';
import type { SecondFigures } from './load-summary.js';
import type { Stage } from './scenario-schema.js';
import { parseThreshold, type Threshold } from './thresholds.js';
import { fitUsl, uslThroughput, type UslFit } from './usl-fit.js';

/** A hold shorter than this leaves too few seconds to judge. */
const MIN_HOLD_SECONDS = 2;
/** Seconds at the start of a hold left out while the level settles. */
const SETTLE_SECONDS = 1;
/**
 * Open model: a second in which the generator sent more than this share of the rate asked 10 ms
 * or more late measured the generator's trouble (a busy machine), not the service: not judged.
 */
const LATE_SHARE = 0.05;
/** Open model: a step serving less than this share of the rate asked has saturated the service. */
const SERVED_SHARE = 0.9;
/**
 * Open model: a backlog growing through a hold raises every later request's latency by the
 * time the excess takes to serve — a slope of (arrivals − served)/served seconds per second.
 * A median latency climbing faster than this (ms per second: 5 % overload) has saturated the
 * service, however noisy the absolute latency of a busy machine is.
 */
const BACKLOG_SLOPE_MS_PER_S = 50;
/** A step whose throughput grew by less than this share of the load's growth has stopped scaling. */
const GROWTH_SHARE = 0.25;
/** Without a latency threshold: a step's p99 over this multiple of the lowest step's p99 breaks. */
const DEFAULT_LATENCY_FACTOR = 3;
/** Without an errors threshold: a step with more errors than this share breaks. */
const DEFAULT_ERROR_PERCENT = 1;

export interface StepFigures {
  /** Users (closed) or requests/s asked (open). */
  level: number;
  /** The seconds judged (their `second` numbers, inclusive). */
  fromSecond: number;
  toSecond: number;
  /** Seconds of the hold left out because the generator fell behind in them (open model). */
  unjudgedSeconds: number;
  /** Median responses per second over the judged seconds (one stalled second does not move it). */
  rps: number;
  /** How fast the median latency rose over the judged seconds (least squares), ms per second. */
  p50SlopeMsPerS: number;
  /** Median over the judged seconds of the latency the limit is on, ms. */
  latencyMs: number;
  p99Ms: number;
  errorPercent: number;
  /** Why this step broke, or null when it held. */
  broke: string | null;
}

export interface LatencyLimit {
  /** p50, p90, p99, p99.9, max or mean. */
  metric: string;
  ms: number;
  /** The scenario's threshold text, or how the default was chosen. */
  from: string;
}

export interface UslSummary extends UslFit {
  /** The most users the run tried. */
  testedN: number;
  /** Throughput the law predicts at twice that. */
  atDoubleN: number;
}

export interface KneeAnalysis {
  steps: StepFigures[];
  latencyLimit: LatencyLimit | null;
  errorLimitPercent: number;
  /** The first step that broke, or null when every step held. */
  knee: StepFigures | null;
  /** The last step that held before the knee (the highest that held when none broke), or null. */
  sustainable: StepFigures | null;
  /** Levels of holds not judged at all: the generator fell behind in every second of them. */
  unjudgedLevels: number[];
  /** Why there is no knee analysis (not a stepped run), or undefined. */
  note?: string;
  usl: UslSummary | null;
}

export interface RunToAnalyse {
  model: 'open' | 'closed';
  stages: readonly Stage[];
  /** The scenario's threshold texts. */
  thresholds: readonly string[];
  seconds: readonly SecondFigures[];
}

/** Held stages as [start, end) seconds from the start of the run, with their level. */
export function holds(stages: readonly Stage[]): { level: number; start: number; end: number }[] {
  const found: { level: number; start: number; end: number }[] = [];
  let start = 0;
  let from = 0;
  for (const stage of stages) {
    if (stage.target === from && stage.target > 0 && stage.duration >= MIN_HOLD_SECONDS) found.push({ level: stage.target, start, end: start + stage.duration });
    start += stage.duration;
    from = stage.target;
  }
  return found;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Least-squares slope of y over x; 0 with fewer than two points. */
function slope(points: readonly (readonly [number, number])[]): number {
  if (points.length < 2) return 0;
  const mx = points.reduce((sum, [x]) => sum + x, 0) / points.length;
  const my = points.reduce((sum, [, y]) => sum + y, 0) / points.length;
  const sxx = points.reduce((sum, [x]) => sum + (x - mx) ** 2, 0);
  return sxx === 0 ? 0 : points.reduce((sum, [x, y]) => sum + (x - mx) * (y - my), 0) / sxx;
}

/** The per-second figure a latency threshold reads; a percentile between those kept reads the next one up. */
function latencyOf(metric: string): (second: SecondFigures) => number {
  if (metric === 'max') return (s) => s.latency.max;
  if (metric === 'mean') return (s) => s.latency.mean;
  const percentile = Number(metric.slice(1));
  if (percentile <= 50) return (s) => s.latency.p50;
  if (percentile <= 90) return (s) => s.latency.p90;
  if (percentile <= 99) return (s) => s.latency.p99;
  if (percentile <= 99.9) return (s) => s.latency.p999;
  return (s) => s.latency.max;
}

function parsedThresholds(texts: readonly string[]): Threshold[] {
  const parsed: Threshold[] = [];
  for (const text of texts) {
    try {
      parsed.push(parseThreshold(text));
    } catch {
      // A stored run's thresholds were valid when it ran; one that no longer parses is left out.
    }
  }
  return parsed;
}

const round = (value: number, decimals = 1): number => Math.round(value * 10 ** decimals) / 10 ** decimals;

export function analyseRun(run: RunToAnalyse): KneeAnalysis {
  const thresholds = parsedThresholds(run.thresholds);
  const latencyThreshold = thresholds.find((t) => /^(p|max|mean)/.test(t.metric) && (t.op === '<' || t.op === '<='));
  const errorThreshold = thresholds.find((t) => t.metric === 'errors' && t.percent && (t.op === '<' || t.op === '<='));
  const errorLimitPercent = errorThreshold?.value ?? DEFAULT_ERROR_PERCENT;
  const empty = { steps: [], unjudgedLevels: [], latencyLimit: null, errorLimitPercent, knee: null, sustainable: null, usl: null };

  // The drain after the last stage is reported under the last second's number again: a partial window, left out.
  const whole = run.seconds.filter((second, index) => index === 0 || second.second !== run.seconds[index - 1]!.second);
  let measured = holds(run.stages)
    .map((hold) => {
      const inHold = whole.filter((s) => s.second - 1 >= hold.start + SETTLE_SECONDS - 0.05 && s.second <= hold.end + 0.05);
      const seconds = inHold.filter((s) => run.model === 'closed' || s.late <= LATE_SHARE * hold.level);
      return { hold, seconds, unjudged: inHold.length - seconds.length };
    });
  const unjudgedLevels = measured.filter(({ seconds, unjudged }) => seconds.length === 0 && unjudged > 0).map(({ hold }) => hold.level);
  measured = measured.filter(({ seconds }) => seconds.length > 0);
  if (measured.length < 2) {
    return { ...empty, note: 'not a stepped run: the knee needs two or more held stages (a short ramp to each level, then a hold of 2 s or more)' };
  }

  const figure = latencyThreshold === undefined ? (s: SecondFigures) => s.latency.p99 : latencyOf(latencyThreshold.metric);
  const lowestP99 = Math.min(...measured.map(({ seconds }) => median(seconds.map((s) => s.latency.p99))));
  const latencyLimit: LatencyLimit =
    latencyThreshold !== undefined
      ? { metric: latencyThreshold.metric, ms: latencyThreshold.value, from: `the threshold ${latencyThreshold.text}` }
      : { metric: 'p99', ms: round(Math.max(1, DEFAULT_LATENCY_FACTOR * lowestP99), 2), from: `${DEFAULT_LATENCY_FACTOR}× the lowest step's p99, as the scenario has no latency threshold` };

  const steps: StepFigures[] = measured.map(({ hold, seconds, unjudged }) => {
    const requests = seconds.reduce((sum, s) => sum + s.rps, 0);
    const errors = seconds.reduce((sum, s) => sum + s.errors, 0);
    return {
      level: hold.level,
      fromSecond: seconds[0]!.second,
      toSecond: seconds.at(-1)!.second,
      unjudgedSeconds: unjudged,
      rps: round(median(seconds.map((s) => s.rps))),
      latencyMs: round(median(seconds.map(figure)), 2),
      p99Ms: round(median(seconds.map((s) => s.latency.p99)), 2),
      p50SlopeMsPerS: round(slope(seconds.map((s) => [s.second, s.latency.p50] as const))),
      errorPercent: requests === 0 ? 0 : round((100 * errors) / requests, 2),
      broke: null,
    };
  });
  let knee: StepFigures | null = null;
  steps.forEach((step, index) => {
    const previous = steps[index - 1];
    const reasons: string[] = [];
    if (step.latencyMs > latencyLimit.ms) reasons.push(`${latencyLimit.metric} ${formatMillis(step.latencyMs)} over ${formatMillis(latencyLimit.ms)}`);
    if (step.errorPercent > errorLimitPercent) reasons.push(`errors ${step.errorPercent}% over ${errorLimitPercent}%`);
    if (run.model === 'open' && step.toSecond - step.fromSecond >= 2 && step.p50SlopeMsPerS > BACKLOG_SLOPE_MS_PER_S) reasons.push(`p50 climbing ${formatMillis(step.p50SlopeMsPerS)}/s (a backlog growing)`);
    if (run.model === 'open' && step.rps < SERVED_SHARE * step.level) reasons.push(`served ${step.rps}/s of the ${step.level}/s asked`);
    if (previous !== undefined && previous.rps > 0 && step.level > previous.level) {
      const loadGrowth = step.level / previous.level - 1;
      const growth = step.rps / previous.rps - 1;
      if (growth < GROWTH_SHARE * loadGrowth) reasons.push(`throughput ${growth >= 0 ? '+' : ''}${round(100 * growth)}% for +${round(100 * loadGrowth)}% load`);
    }
    step.broke = reasons.length > 0 ? reasons.join('; ') : null;
    knee ??= step.broke !== null ? step : null;
  });
  const kneeIndex = knee === null ? steps.length : steps.indexOf(knee);
  const held = steps.slice(0, kneeIndex);
  const sustainable = held.length === 0 ? null : held.reduce((best, step) => (step.rps > best.rps ? step : best));
  return { steps, unjudgedLevels, latencyLimit, errorLimitPercent, knee, sustainable, usl: run.model === 'closed' ? uslOf(steps) : null };
}

function uslOf(steps: readonly StepFigures[]): UslSummary | null {
  const fit = fitUsl(steps.map((step) => ({ n: step.level, x: step.rps })));
  if (fit === null) return null;
  const testedN = Math.max(...steps.map((step) => step.level));
  return { ...fit, testedN, atDoubleN: uslThroughput(fit, 2 * testedN) };
}
