/**
 * A run against a baseline: each figure's change, and whether it is a regression that the
 * per-second figures support (Mann–Whitney U over the seconds of both runs, two-sided, normal
 * approximation) rather than noise. A change smaller than MIN_CHANGE is never flagged.
 */
import type { SecondFigures } from './load-summary.js';
import type { StoredRun } from './run-store.js';

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

/** Standard normal upper tail, by the Abramowitz–Stegun 7.1.26 approximation of erfc. */
function normalTail(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erfc = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-x * x);
  return erfc / 2;
}

/** Two-sided p-value of Mann–Whitney U for samples a and b (ties get mid-ranks); null below 3 each. */
export function mannWhitneyP(a: readonly number[], b: readonly number[]): number | null {
  if (a.length < 3 || b.length < 3) return null;
  const all = [...a.map((value) => ({ value, fromA: true })), ...b.map((value) => ({ value, fromA: false }))].sort((x, y) => x.value - y.value);
  let rankA = 0;
  let tieTerm = 0;
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j + 1 < all.length && all[j + 1]!.value === all[i]!.value) j++;
    const rank = (i + j) / 2 + 1;
    const ties = j - i + 1;
    tieTerm += ties ** 3 - ties;
    for (let k = i; k <= j; k++) if (all[k]!.fromA) rankA += rank;
    i = j + 1;
  }
  const n1 = a.length;
  const n2 = b.length;
  const n = n1 + n2;
  const u = rankA - (n1 * (n1 + 1)) / 2;
  const mean = (n1 * n2) / 2;
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  if (variance <= 0) return 1;
  return Math.min(1, 2 * normalTail((u - mean) / Math.sqrt(variance)));
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
