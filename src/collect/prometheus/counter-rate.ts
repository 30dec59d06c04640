/**
 * Counters between two scrapes, with resets handled as Prometheus' irate() handles them:
 * a value lower than the previous one means the counter restarted from zero, so everything
 * counted since — the new value itself — is the increase.
 */
import { labelsWithout, seriesKey } from './select.js';
import type { Labels, Sample } from './types.js';

export function counterIncrease(prev: number, curr: number): number {
  return curr < prev ? curr : curr - prev;
}

/** Per second over `seconds`; NaN when the interval is not a positive finite number. */
export function counterRate(prev: number, curr: number, seconds: number): number {
  if (!(seconds > 0) || !Number.isFinite(seconds)) return NaN;
  return counterIncrease(prev, curr) / seconds;
}

export interface SeriesRate {
  name: string;
  labels: Labels;
  increase: number;
  /** Per second; NaN when `seconds` is not positive. */
  rate: number;
}

/**
 * Rates of every series present in both scrapes (matched by name and labels). A series that
 * appears only in `curr` has no rate yet — as in Prometheus, two samples are needed.
 */
export function ratesBetween(prev: readonly Sample[], curr: readonly Sample[], seconds: number): SeriesRate[] {
  const before = new Map<string, number>();
  for (const s of prev) before.set(seriesKey(s.name, s.labels), s.value);
  const out: SeriesRate[] = [];
  for (const s of curr) {
    const p = before.get(seriesKey(s.name, s.labels));
    if (p === undefined) continue;
    out.push({
      name: s.name,
      labels: labelsWithout(s.labels, []),
      increase: counterIncrease(p, s.value),
      rate: counterRate(p, s.value, seconds),
    });
  }
  return out;
}
