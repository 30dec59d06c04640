/**
 * One application metric (a mapping from the inventory or the role defaults) computed over
 * the intervals of one or more endpoints. Pure: the same scrapes give the same values.
 */
import type { AppMetricMapping, MetricSelector } from '../../config/inventory-schema.js';
import { histogramQuantile, summarySeries } from '../prometheus/index.js';
import type { AppMetricValue, QuantileValue } from '../../model/app-reading.js';
import { counterInterval, counterNames, currentValues, histogramInterval, samplesMatching, selectorFor, type ScrapeInterval } from './interval-math.js';

const DEFAULT_QUANTILES = [0.5, 0.9, 0.99];

export interface EvaluateOptions {
  /** More quantiles to compute for a histogram (an SLO's percentile), besides the mapping's. */
  extraQuantiles?: readonly number[];
}

const orNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

export function evaluateMapping(key: string, mapping: AppMetricMapping, intervals: readonly ScrapeInterval[], options: EvaluateOptions = {}): AppMetricValue {
  const base = {
    key,
    type: mapping.type,
    ...(mapping.unit === undefined ? {} : { unit: mapping.unit }),
    ...(mapping.description === undefined ? {} : { description: mapping.description }),
  };
  const scale = mapping.scale;
  switch (mapping.type) {
    case 'rate': {
      const c = counterInterval(intervals, selectorFor(counterNames(mapping.metric), mapping.labels));
      return { ...base, value: c.complete && c.series > 0 ? c.rate * scale : null, series: c.series };
    }
    case 'gauge': {
      const values = currentValues(intervals, selectorFor([mapping.metric], mapping.labels)).filter((v) => !Number.isNaN(v));
      return { ...base, value: values.length ? aggregate(values, mapping.aggregate) * scale : null, series: values.length };
    }
    case 'histogram': {
      const h = histogramInterval(intervals, mapping.metric, mapping.labels);
      const qs = [...new Set([...mapping.quantiles, ...(options.extraQuantiles ?? [])])];
      const known = h.complete && h.series > 0;
      const quantiles: QuantileValue[] = qs.map((q) => ({ q, value: known ? scaled(histogramQuantile(q, h.buckets), scale) : null }));
      const mean = known && h.count > 0 ? h.sum / h.count : NaN;
      return { ...base, value: scaled(mean, scale), quantiles, count: known ? h.count : 0, series: h.series };
    }
    case 'summary':
      return summaryValue(base, mapping.metric, mapping.labels, scale, intervals);
    case 'ratio': {
      const num = sumCounters(mapping.numerator, intervals);
      const den = sumCounters(mapping.denominator, intervals);
      const known = num.complete && den.complete && den.series > 0;
      const value = known && den.increase > 0 ? (num.increase / den.increase) * scale : null;
      return { ...base, value, ...(known ? { numerator: num.increase, denominator: den.increase } : {}), series: den.series };
    }
  }
}

function sumCounters(selectors: readonly MetricSelector[], intervals: readonly ScrapeInterval[]) {
  const total = { increase: 0, series: 0, complete: true };
  for (const s of selectors) {
    const c = counterInterval(intervals, selectorFor(counterNames(s.metric), s.labels));
    total.increase += c.increase;
    total.series += c.series;
    total.complete &&= c.complete;
  }
  return total;
}

function scaled(x: number, scale: number): number | null {
  return orNull(x * scale);
}

function aggregate(values: readonly number[], how: 'sum' | 'max' | 'min' | 'avg'): number {
  switch (how) {
    case 'max':
      return Math.max(...values);
    case 'min':
      return Math.min(...values);
    case 'avg':
      return values.reduce((a, b) => a + b, 0) / values.length;
    default:
      return values.reduce((a, b) => a + b, 0);
  }
}

/**
 * Summaries publish quantiles computed by the client; they cannot be merged, so across
 * series (hosts, label sets) the worst — the highest — of each quantile is shown.
 */
function summaryValue(
  base: Pick<AppMetricValue, 'key' | 'type' | 'unit' | 'description'>,
  metric: string,
  labels: Readonly<Record<string, string>>,
  scale: number,
  intervals: readonly ScrapeInterval[],
): AppMetricValue {
  const selector = selectorFor([metric, `${metric}_count`, `${metric}_sum`], labels);
  const byQ = new Map<number, number>();
  let count = 0;
  let sum = 0;
  let series = 0;
  for (const iv of intervals) {
    const samples = samplesMatching(iv.curr, selector);
    for (const s of summarySeries({ name: metric, type: 'summary', help: '', samples })) {
      series += 1;
      for (const { q, value } of s.quantiles) if (!Number.isNaN(value)) byQ.set(q, Math.max(byQ.get(q) ?? -Infinity, value));
      count += s.count ?? 0;
      sum += s.sum ?? 0;
    }
  }
  const quantiles = [...byQ.keys()].sort((a, b) => a - b).map((q) => ({ q, value: scaled(byQ.get(q)!, scale) }));
  const fallback = DEFAULT_QUANTILES.map((q) => ({ q, value: null }));
  return { ...base, value: count > 0 ? scaled(sum / count, scale) : null, quantiles: quantiles.length ? quantiles : fallback, series };
}
