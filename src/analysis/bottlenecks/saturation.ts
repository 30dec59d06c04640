/**
 * Saturation as the seed defines it: consistently past a level, not one spike. A resource is
 * saturated when at least SATURATED_SHARE of the window's buckets (each the mean of its
 * readings) are at or past its level; one busy minute in an hour is not a bottleneck.
 */
import { sparkline } from '../../format/sparkline.js';
import type { BottleneckWindow, WindowPoint } from './bottleneck-window.js';
import type { Evidence } from './finding.js';

/** Utilisation level of a resource: 80 %. */
export const SATURATION_LEVEL = 80;
/** Share of the window that must be at or past the level. */
export const SATURATED_SHARE = 0.5;
/** Width of an evidence sparkline. */
export const SPARK_WIDTH = 30;

/** The window's buckets, oldest first, with NaN where a series has none (a gap stays a gap). */
export function bucketTimes(window: BottleneckWindow): number[] {
  const first = Math.floor(window.from / window.step) * window.step;
  const times: number[] = [];
  for (let t = first; t < window.to; t += window.step) times.push(t);
  return times;
}

/** A series' bucket means on the window's buckets (NaN where it has none). */
export function alignedMeans(window: BottleneckWindow, points: readonly WindowPoint[], value: (p: WindowPoint) => number = (p) => p.mean): number[] {
  const byT = new Map(points.map((p) => [p.t, value(p)]));
  return bucketTimes(window).map((t) => byT.get(t) ?? Number.NaN);
}

/**
 * Share of the window at or past `level` (at or below it with `below`), 0–1: of the buckets
 * the recorder recorded anything in (a thing seen for two minutes of an hour is not saturated
 * for "half the window"), or of the buckets with a value if there are more.
 */
export function shareIn(window: Pick<BottleneckWindow, 'observed'>, values: readonly number[], level: number, below = false): number {
  const known = values.filter(Number.isFinite);
  const of = Math.max(known.length, window.observed);
  if (of === 0) return 0;
  return known.filter((v) => (below ? v <= level : v >= level)).length / of;
}

export function meanOf(values: readonly number[]): number {
  const known = values.filter(Number.isFinite);
  return known.length === 0 ? Number.NaN : known.reduce((a, b) => a + b, 0) / known.length;
}

export function peakOf(values: readonly number[]): number {
  const known = values.filter(Number.isFinite);
  return known.length === 0 ? Number.NaN : Math.max(...known);
}

/** The mean of several series bucket by bucket (a figure of hosts judged alike), NaN where none has a value. */
export function meanAcross(columns: readonly (readonly number[])[]): number[] {
  const length = Math.max(0, ...columns.map((c) => c.length));
  return Array.from({ length }, (_, i) => meanOf(columns.map((c) => c[i] ?? Number.NaN)));
}

export interface EvidenceSpec {
  series: string;
  what: string;
  unit: string;
  values: readonly number[];
  threshold?: number;
  /** Saturated below the threshold (a cache hit ratio), not above. */
  below?: boolean;
  /** The sparkline's top (100 for percentages); default the largest value. */
  scaleMax?: number;
}

export function evidence(window: Pick<BottleneckWindow, 'observed'>, spec: EvidenceSpec): Evidence {
  const values = [...spec.values];
  const round = (v: number) => (Number.isFinite(v) ? Math.round(v * 100) / 100 : Number.NaN);
  return {
    series: spec.series,
    what: spec.what,
    unit: spec.unit,
    threshold: spec.threshold ?? null,
    shareAbove: spec.threshold === undefined ? null : round(shareIn(window, values, spec.threshold, spec.below)),
    mean: round(meanOf(values)),
    peak: round(spec.below ? -peakOf(values.map((v) => -v)) : peakOf(values)),
    values: values.map(round),
    sparkline: sparkline(compress(values, SPARK_WIDTH), SPARK_WIDTH, spec.scaleMax),
  };
}

/** At most `width` values: the means of equal runs (a gap only where a whole run is one). */
function compress(values: readonly number[], width: number): number[] {
  if (values.length <= width) return [...values];
  return Array.from({ length: width }, (_, i) => meanOf(values.slice(Math.floor((i * values.length) / width), Math.floor(((i + 1) * values.length) / width))));
}
