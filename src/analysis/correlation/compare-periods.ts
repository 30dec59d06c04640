/**
 * Period over period: every stored series (or those a matcher picks) in a window against the
 * same-length baseline window (yesterday's hour, last week's, any start) — mean, p95 and max in
 * each, the change of the mean, and whether the two differ beyond noise (Mann–Whitney U over the
 * buckets of both). Figures are read at the window's step (about 300 buckets), so p95 and max are
 * those of the buckets' means; a counter is compared by its increase per step.
 */
import type { HistoryReader } from '../../history/history-reader.js';
import { parseDuration, parseTime } from '../../model/parse-time.js';
import type { SeriesKey } from '../../model/series-key.js';
import { ANOMALY_SERIES } from '../anomaly/live-anomaly-scorer.js';
import { mannWhitneyP } from '../rank-tests.js';
import { componentOf, hostOf, seriesOnGrid, stepFor } from './correlate-history.js';
import { finite, mean } from './series-statistics.js';

/** A change of the mean below this share is not called significant, however small p is. */
export const MIN_CHANGE = 0.05;
export const SIGNIFICANCE = 0.05;

export interface PeriodFigures {
  mean: number;
  p95: number;
  max: number;
  buckets: number;
}

export interface SeriesComparison {
  id: string;
  name: string;
  labels: Readonly<Record<string, string>>;
  host: string | null;
  component: string | null;
  current: PeriodFigures;
  baseline: PeriodFigures;
  /** current mean / baseline mean − 1; null when the baseline mean is 0. */
  change: number | null;
  /** Two-sided Mann–Whitney p-value of the buckets differing; null below 3 buckets in either. */
  p: number | null;
  significant: boolean;
}

export interface PeriodComparison {
  from: number;
  to: number;
  baseline: { from: number; to: number };
  step: number;
  /** Series with samples in both windows. */
  compared: number;
  series: SeriesComparison[];
}

export interface CompareOptions {
  from: number;
  to: number;
  /** Start of the baseline window (it is as long as [from, to)). */
  baselineFrom: number;
  /** Only series of this name (default: every series). */
  name?: string;
  /** Only series carrying these labels. */
  labels?: Readonly<Record<string, string>>;
  step?: number;
  componentsOf?: (host: string) => readonly string[];
}

/** `-1d`, `-7d`, `-2h` (the window shifted back) or a TIME (the baseline's start). */
export function baselineStart(text: string, from: number, now: number = Date.now()): number {
  const shift = /^-(\d.*)$/.exec(text.trim());
  return shift ? from - parseDuration(shift[1]!) : parseTime(text, now);
}

export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i]!;
}

function figures(values: readonly number[]): PeriodFigures {
  const sorted = finite(values).sort((a, b) => a - b);
  return { mean: mean(sorted), p95: quantile(sorted, 0.95), max: sorted.length > 0 ? sorted[sorted.length - 1]! : Number.NaN, buckets: sorted.length };
}

export function comparePeriods(reader: HistoryReader, options: CompareOptions): PeriodComparison {
  const { from, to, baselineFrom } = options;
  if (!(to > from)) throw new RangeError(`the window must end after it starts (${new Date(from).toISOString()} – ${new Date(to).toISOString()})`);
  const length = to - from;
  if (baselineFrom < to && baselineFrom + length > from) throw new RangeError(`the baseline (${new Date(baselineFrom).toISOString()} – ${new Date(baselineFrom + length).toISOString()}) overlaps the window`);
  const step = options.step ?? stepFor(from, to);
  const names = options.name !== undefined ? [options.name] : reader.seriesNames().filter((n) => n !== ANOMALY_SERIES);
  const labels = options.labels ?? {};
  const picks = (key: SeriesKey) => Object.entries(labels).every(([k, v]) => key.labels[k] === v);
  const current = new Map(seriesOnGrid(reader, names, from, to, step).filter((s) => picks(s.key)).map((s) => [s.id, s]));
  const series: SeriesComparison[] = [];
  for (const before of seriesOnGrid(reader, names, baselineFrom, baselineFrom + length, step)) {
    const now = current.get(before.id);
    if (!now || !picks(before.key)) continue;
    const c = figures(now.values);
    const b = figures(before.values);
    if (c.buckets === 0 || b.buckets === 0) continue;
    const change = b.mean === 0 ? null : c.mean / b.mean - 1;
    const p = mannWhitneyP(finite(now.values), finite(before.values));
    series.push({
      id: now.id,
      name: now.key.name,
      labels: now.key.labels,
      host: hostOf(now.key),
      component: componentOf(now.key, options.componentsOf),
      current: c,
      baseline: b,
      change,
      p,
      significant: p !== null && p < SIGNIFICANCE && (change === null ? c.mean !== b.mean : Math.abs(change) >= MIN_CHANGE),
    });
  }
  // Significant changes first, the largest first; then the rest by the size of their change.
  const size = (s: SeriesComparison) => (s.change === null ? (s.current.mean !== s.baseline.mean ? Infinity : 0) : Math.abs(s.change));
  series.sort((a, b) => Number(b.significant) - Number(a.significant) || size(b) - size(a) || a.id.localeCompare(b.id));
  return { from, to, baseline: { from: baselineFrom, to: baselineFrom + length }, step, compared: series.length, series };
}
