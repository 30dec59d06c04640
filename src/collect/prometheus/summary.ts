/**
 * Summaries carry their quantiles precomputed by the client (`x{quantile="0.99"}`): they are
 * read as they are — they cannot be aggregated or recomputed over an interval.
 */
import { parseFloatValue } from './parse-float.js';
import { labelsWithout, seriesKey } from './select.js';
import type { Labels, MetricFamily } from './types.js';

export interface SummaryQuantile {
  q: number;
  value: number;
}

export interface SummarySeries {
  /** The series' labels without `quantile`. */
  labels: Labels;
  /** Sorted by q; empty for clients that expose only count and sum (Python's Summary). */
  quantiles: SummaryQuantile[];
  count?: number;
  sum?: number;
}

/** One entry per label set of a summary family (its quantile, `_count` and `_sum` samples). */
export function summarySeries(family: MetricFamily): SummarySeries[] {
  const groups = new Map<string, SummarySeries>();
  const group = (labels: Labels): SummarySeries => {
    const key = seriesKey('', labels, ['quantile']);
    let g = groups.get(key);
    if (!g) {
      g = { labels: labelsWithout(labels, ['quantile']), quantiles: [] };
      groups.set(key, g);
    }
    return g;
  };
  for (const s of family.samples) {
    if (s.name === `${family.name}_count`) group(s.labels).count = s.value;
    else if (s.name === `${family.name}_sum`) group(s.labels).sum = s.value;
    else if (s.name === family.name) {
      const q = s.labels.quantile === undefined ? undefined : parseFloatValue(s.labels.quantile);
      if (q !== undefined) group(s.labels).quantiles.push({ q, value: s.value });
    }
  }
  for (const g of groups.values()) g.quantiles.sort((a, b) => a.q - b.q);
  return [...groups.values()];
}

/** The value published for exactly quantile q (0.99 matches `quantile="0.99"`), if any. */
export function summaryQuantile(series: SummarySeries, q: number): number | undefined {
  return series.quantiles.find((x) => x.q === q)?.value;
}
