/**
 * "What moved with this?": every other stored series of the fleet, ranked against one chosen
 * series over a window [from, to).
 *
 * - change: each series in the window against the window of the same length just before it —
 *   the two-sample Kolmogorov–Smirnov statistic D (0 … 1) and the relative change of the mean;
 * - correlation: Pearson's r and Spearman's ρ with the chosen series over both windows, at the
 *   lag (a few minutes either way) where |r| is strongest; a positive lag means the candidate
 *   moved first (a cause leads its effect);
 * - score = D × max(|r|, |ρ|): a series ranks high when it both changed and moved with the chosen
 *   one.
 *
 * Beside the ranking: perfmon's own events in the window (the audit log as recorded: restarts,
 * degradations, dumps) and every host that went down or came back.
 */
import type { HistoryReader, StoredEvent } from '../../history/history-reader.js';
import { seriesId, type SeriesKey, type SeriesMatcher } from '../../model/series-key.js';
import { ANOMALY_SERIES } from '../anomaly/live-anomaly-scorer.js';
import { bestLag, finite, kolmogorovSmirnov, mean } from './series-statistics.js';

export interface CorrelateOptions {
  /** The chosen series: a name and labels that must pick exactly one stored series. */
  metric: SeriesMatcher;
  from: number;
  to: number;
  /** Bucket width (ms); default about 300 buckets in the window, whole seconds. */
  step?: number;
  /** Lag searched either way (ms); default 5 minutes, at most half the window. */
  maxLagMs?: number;
  /** The components an inventory places on a host (for series that carry no component label). */
  componentsOf?: (host: string) => readonly string[];
}

export interface SeriesChange {
  /** KS statistic D, window against the window before (0 … 1), and its p-value. */
  ks: number;
  ksP: number;
  meanBefore: number;
  meanWindow: number;
  /** (mean in the window − mean before) / |mean before|; null when the mean before was 0. */
  relativeChange: number | null;
}

export interface SeriesCorrelation {
  pearson: number;
  spearman: number | null;
  /** Seconds the candidate leads the chosen series by (negative: it follows). */
  lagSeconds: number;
}

export interface RankedSeries {
  id: string;
  name: string;
  labels: Readonly<Record<string, string>>;
  host: string | null;
  component: string | null;
  score: number;
  change: SeriesChange;
  correlation: SeriesCorrelation | null;
}

export interface HostChange {
  t: number;
  host: string;
  state: 'down' | 'up';
}

export interface CorrelationResult {
  metric: string;
  from: number;
  to: number;
  baseline: { from: number; to: number };
  step: number;
  maxLagSeconds: number;
  /** Series compared (with samples in both windows). */
  compared: number;
  ranking: RankedSeries[];
  events: StoredEvent[];
  hostChanges: HostChange[];
}

/**
 * Series never ranked: the anomaly scores (sparse by design), a down host's reason, and the
 * alerts' state and value (a rule's judgement of a series that is ranked itself: its copy would
 * crowd the top).
 */
const UNRANKED = new Set([ANOMALY_SERIES, 'host_down_reason', 'alert_state', 'alert_value']);

/** A step of about `buckets` per window, in whole seconds (at least 1 s). */
export function stepFor(from: number, to: number, buckets = 300): number {
  return Math.max(1000, Math.ceil((to - from) / buckets / 1000) * 1000);
}

/** Every stored series of the names given, as bucket means on one grid over [start, end) (NaN: no sample); counters as their increase per step. */
export function seriesOnGrid(reader: HistoryReader, names: readonly string[], start: number, end: number, step: number): { key: SeriesKey; id: string; values: number[] }[] {
  const length = Math.ceil((end - start) / step);
  return names.flatMap((name) =>
    reader.query({ name, labels: {} }, start, end, step).map(({ key, id, buckets }) => {
      const values = new Array<number>(length).fill(Number.NaN);
      for (const b of buckets) {
        const i = Math.floor((b.t - start) / step);
        if (i >= 0 && i < length) values[i] = b.mean;
      }
      return { key, id, values: asRate(values) };
    }),
  );
}

export function hostOf(key: SeriesKey): string | null {
  return key.labels['host'] ?? null;
}

export function componentOf(key: SeriesKey, componentsOf?: (host: string) => readonly string[]): string | null {
  const labelled = key.labels['component'];
  if (labelled !== undefined) return labelled;
  const host = key.labels['host'];
  const placed = host === undefined ? [] : (componentsOf?.(host) ?? []);
  return placed.length > 0 ? placed.join(',') : null;
}

export function correlateHistory(reader: HistoryReader, options: CorrelateOptions): CorrelationResult {
  const { from, to } = options;
  if (!(to > from)) throw new RangeError(`the window must end after it starts (${new Date(from).toISOString()} – ${new Date(to).toISOString()})`);
  const step = options.step ?? stepFor(from, to);
  const start = Math.floor((from - (to - from)) / step) * step;
  const split = Math.floor((from - start) / step);
  const end = Math.ceil(to / step) * step;
  const maxLagMs = Math.min(options.maxLagMs ?? 300_000, (to - from) / 2);
  const maxLag = Math.floor(maxLagMs / step);

  const matched = reader.seriesIds(options.metric);
  const wanted = seriesId({ name: options.metric.name, labels: options.metric.labels ?? {} });
  if (matched.length === 0) throw new Error(`no stored series ${wanted} matches`);
  // Labels that name one series exactly pick it over its breakdowns (a component's p99 over its per-host p99s).
  if (matched.length > 1 && matched.includes(wanted)) matched.splice(0, matched.length, wanted);
  if (matched.length > 1) throw new Error(`${wanted} matches ${matched.length} series (${matched.slice(0, 4).join(', ')}${matched.length > 4 ? ', …' : ''}): name one with --host or --label`);
  const targetId = matched[0]!;

  const all = seriesOnGrid(reader, reader.seriesNames().filter((n) => !UNRANKED.has(n)), start, end, step);
  const target = all.find((s) => s.id === targetId);
  if (!target || finite(target.values.slice(split)).length < 3) throw new Error(`${targetId} has fewer than 3 samples between ${new Date(from).toISOString()} and ${new Date(to).toISOString()}`);

  // A series must be there for a quarter of each window (a process that was among the busiest
  // for a few seconds says nothing), and pair with the chosen one over a third of both.
  const ranking: RankedSeries[] = [];
  const minPairs = Math.max(10, Math.floor(target.values.length / 3));
  const breakdown = (key: SeriesKey) => sameMeasurement(target.key, key);
  for (const candidate of all) {
    // The chosen series' own breakdown (per host, per core) moves with it by construction: not a finding.
    if (candidate.id === targetId || breakdown(candidate.key)) continue;
    const before = candidate.values.slice(0, split);
    const window = candidate.values.slice(split);
    if (finite(before).length < Math.max(3, before.length / 4) || finite(window).length < Math.max(3, window.length / 4)) continue;
    const ks = kolmogorovSmirnov(window, before);
    if (!ks) continue;
    const meanBefore = mean(finite(before));
    const meanWindow = mean(finite(window));
    const lag = bestLag(target.values, candidate.values, maxLag, minPairs);
    const strength = lag ? Math.max(Math.abs(lag.pearson), Math.abs(lag.spearman ?? 0)) : 0;
    ranking.push({
      id: candidate.id,
      name: candidate.key.name,
      labels: candidate.key.labels,
      host: hostOf(candidate.key),
      component: componentOf(candidate.key, options.componentsOf),
      score: ks.d * strength,
      change: { ks: ks.d, ksP: ks.p, meanBefore, meanWindow, relativeChange: meanBefore === 0 ? null : (meanWindow - meanBefore) / Math.abs(meanBefore) },
      correlation: lag ? { pearson: lag.pearson, spearman: lag.spearman, lagSeconds: (lag.lag * step) / 1000 } : null,
    });
  }
  ranking.sort((a, b) => b.score - a.score || b.change.ks - a.change.ks || a.id.localeCompare(b.id));

  return {
    metric: targetId,
    from,
    to,
    baseline: { from: from - (to - from), to: from },
    step,
    maxLagSeconds: (maxLag * step) / 1000,
    compared: ranking.length,
    ranking,
    events: reader.events(from, to),
    hostChanges: hostChanges(all, start, step, from, to),
  };
}

/** The family of a series name: a quantile of a measurement belongs with the measurement. */
const family = (name: string) => name.replace(/_quantile$/, '');

/**
 * Whether `candidate` is the chosen series measured another way: its breakdown (per host, per
 * core) or another statistic of it (a component's mean latency beside its p99). Those move with
 * it by construction and are not findings.
 */
export function sameMeasurement(target: SeriesKey, candidate: SeriesKey): boolean {
  return family(candidate.name) === family(target.name) && Object.entries(target.labels).every(([k, v]) => k === 'quantile' || candidate.labels[k] === v);
}

/**
 * A cumulative counter (never decreasing, rising over the span: GC time, error totals, uptime)
 * rises in any window against the one before; its per-step increase is what can move with
 * something. Other series are returned as they are.
 */
export function asRate(values: readonly number[]): number[] {
  let previous = Number.NaN;
  let first = Number.NaN;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (Number.isFinite(previous) && v < previous) return [...values];
    if (!Number.isFinite(first)) first = v;
    previous = v;
  }
  if (!(previous > first)) return [...values];
  const out = values.map(() => Number.NaN);
  let last = Number.NaN;
  values.forEach((v, i) => {
    if (!Number.isFinite(v)) return;
    if (Number.isFinite(last)) out[i] = v - last;
    last = v;
  });
  return out;
}

/** Each host_up going below or back above ½ within [from, to). */
function hostChanges(all: readonly { key: SeriesKey; values: number[] }[], start: number, step: number, from: number, to: number): HostChange[] {
  const changes: HostChange[] = [];
  for (const { key, values } of all) {
    if (key.name !== 'host_up' || key.labels['host'] === undefined) continue;
    let last: boolean | null = null;
    values.forEach((v, i) => {
      if (!Number.isFinite(v)) return;
      const up = v >= 0.5;
      const t = start + i * step;
      if (last !== null && up !== last && t >= from && t < to) changes.push({ t, host: key.labels['host']!, state: up ? 'up' : 'down' });
      last = up;
    });
  }
  return changes.sort((a, b) => a.t - b.t);
}
