/**
 * A run against a baseline: each figure's change, and whether it is a regression that the
 * per-second figures support (Mann–Whitney U over the seconds of both runs, two-sided, normal
 * approximation) rather than noise. A change smaller than MIN_CHANGE is never flagged.
 */
import type { SecondFigures } from './load-summary.js';
import type { StoredRun } from './run-store.js';
import { mannWhitneyP } from '../analysis/rank-tests.js';

/** Changes below this share of the baseline are not worth a flag, however significant. */
export const MIN_CHANGE = 0.05;
export const SIGNIFICANCE = 0.05;

export interface Comparison {
  metric: string;
  unit: 'ms' | '/s' | '%';
  baseline: number;
  current: number;
  /** current / baseline − 1; null when the baseline is 0. */
  change: number | null;
  /** Two-sided p-value of the per-second figures differing; null with too few seconds. */
  p: number | null;
  regression: boolean;
}

interface MetricSpec {
  metric: string;
  unit: Comparison['unit'];
  /** Higher is worse (latency, errors) or better (throughput). */
  worseWhen: 'higher' | 'lower';
  total: (run: StoredRun) => number;
  perSecond: (second: SecondFigures) => number;
}

const METRICS: MetricSpec[] = [
  { metric: 'rps', unit: '/s', worseWhen: 'lower', total: (run) => run.summary.rps, perSecond: (s) => s.rps },
  { metric: 'p50', unit: 'ms', worseWhen: 'higher', total: (run) => run.summary.latency.p50, perSecond: (s) => s.latency.p50 },
  { metric: 'p90', unit: 'ms', worseWhen: 'higher', total: (run) => run.summary.latency.p90, perSecond: (s) => s.latency.p90 },
  { metric: 'p99', unit: 'ms', worseWhen: 'higher', total: (run) => run.summary.latency.p99, perSecond: (s) => s.latency.p99 },
  {
    metric: 'errors',
    unit: '%',
    worseWhen: 'higher',
    total: (run) => (run.summary.requests === 0 ? 0 : (100 * run.summary.errors) / run.summary.requests),
    perSecond: (s) => (s.rps === 0 ? 0 : (100 * s.errors) / s.rps),
  },
];

/** Seconds that carried traffic: an empty ramp-up or drain second says nothing about either run. */
const busySeconds = (run: StoredRun): SecondFigures[] => run.seconds.filter((second) => second.rps > 0);

export function compareRuns(current: StoredRun, baseline: StoredRun): Comparison[] {
  return METRICS.map((spec) => {
    const base = spec.total(baseline);
    const now = spec.total(current);
    const change = base === 0 ? null : now / base - 1;
    const p = mannWhitneyP(busySeconds(current).map(spec.perSecond), busySeconds(baseline).map(spec.perSecond));
    const worse = spec.worseWhen === 'higher' ? now > base : now < base;
    const large = change === null ? now !== base : Math.abs(change) >= MIN_CHANGE;
    return { metric: spec.metric, unit: spec.unit, baseline: base, current: now, change, p, regression: worse && large && p !== null && p < SIGNIFICANCE };
  });
}
