/**
 * Values of one selector over the interval between two scrapes of each endpoint: summed
 * counter increases and rates (resets handled per series, as Prometheus' increase() does),
 * current gauge values, and histogram bucket increases merged across series and hosts (the
 * `histogram_quantile(q, sum by (le) (increase(x_bucket[…])))` an operator would write).
 */
import {
  histogramIncrease,
  histogramSeries,
  matchesSample,
  ratesBetween,
  type Bucket,
  type LabelMatcher,
  type Selector,
} from '../prometheus/index.js';
import type { ParseResult, Sample } from '../prometheus/types.js';

/** Two consecutive scrapes of one endpoint (prev absent on the first one). */
export interface ScrapeInterval {
  prev?: ParseResult | undefined;
  curr: ParseResult;
  /** Seconds between the two scrapes. */
  seconds: number;
}

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A selector for the samples named one of `names`, with the inventory's label matchers
 * (`value` equal, `/re/` a regex over the whole value).
 */
export function selectorFor(names: readonly string[], labels: Readonly<Record<string, string>>): NamedSelector {
  const matchers: LabelMatcher[] = [{ name: '__name__', op: '=~', value: names.map(escapeRegex).join('|') }];
  for (const [name, pattern] of Object.entries(labels)) {
    const regex = pattern.length >= 2 && pattern.startsWith('/') && pattern.endsWith('/');
    matchers.push({ name, op: regex ? '=~' : '=', value: regex ? pattern.slice(1, -1) : pattern });
  }
  return { matchers, names, byLabels: { matchers: matchers.slice(1) }, key: JSON.stringify([names, labels]) };
}

/** A selector that also lists the exact sample names it can match, so samples are found by name. */
export type NamedSelector = Selector & { names?: readonly string[]; byLabels?: Selector; key?: string };

/**
 * Matches per parse and selector: a scrape is evaluated as the current one and again, one
 * interval later, as the previous one — the second time costs a look-up.
 */
const matchCache = new WeakMap<ParseResult, Map<string, Sample[]>>();

/** Samples by name, built once per parse (every mapping of every sample looks names up). */
const byName = new WeakMap<ParseResult, Map<string, Sample[]>>();

function nameIndex(result: ParseResult): Map<string, Sample[]> {
  let index = byName.get(result);
  if (!index) {
    index = new Map();
    for (const family of result.families) {
      for (const s of family.samples) {
        const list = index.get(s.name);
        if (list) list.push(s);
        else index.set(s.name, [s]);
      }
    }
    byName.set(result, index);
  }
  return index;
}

/** Names a counter may be exposed under: text format `x_total`, OpenMetrics family `x`. */
export function counterNames(metric: string): string[] {
  return metric.endsWith('_total') ? [metric] : [metric, `${metric}_total`];
}

export function samplesMatching(result: ParseResult, selector: NamedSelector): Sample[] {
  if (selector.key === undefined) return matchAll(result, selector);
  let cache = matchCache.get(result);
  if (!cache) matchCache.set(result, (cache = new Map()));
  let hit = cache.get(selector.key);
  if (!hit) cache.set(selector.key, (hit = matchAll(result, selector)));
  return hit;
}

function matchAll(result: ParseResult, selector: NamedSelector): Sample[] {
  const out: Sample[] = [];
  if (selector.names) {
    const index = nameIndex(result);
    // Found by name already: only the label matchers are left to check.
    const rest = selector.byLabels ?? selector;
    for (const name of selector.names) for (const s of index.get(name) ?? []) if (matchesSample(s, rest)) out.push(s);
    return out;
  }
  for (const family of result.families) for (const s of family.samples) if (matchesSample(s, selector)) out.push(s);
  return out;
}

export interface CounterInterval {
  /** Σ increase over every series present in both scrapes of any interval. */
  increase: number;
  /** Σ increase ÷ seconds, per interval, added up. */
  rate: number;
  /** Series matched in the current scrapes. */
  series: number;
  /** False when no interval had a previous scrape (first sample). */
  complete: boolean;
}

export function counterInterval(intervals: readonly ScrapeInterval[], selector: Selector): CounterInterval {
  const out: CounterInterval = { increase: 0, rate: 0, series: 0, complete: intervals.length > 0 };
  for (const iv of intervals) {
    const curr = samplesMatching(iv.curr, selector);
    out.series += curr.length;
    if (!iv.prev || !(iv.seconds > 0)) {
      out.complete = false;
      continue;
    }
    for (const r of ratesBetween(samplesMatching(iv.prev, selector), curr, iv.seconds)) {
      if (!Number.isFinite(r.increase)) continue;
      out.increase += r.increase;
      out.rate += r.rate;
    }
  }
  return out;
}

export function currentValues(intervals: readonly ScrapeInterval[], selector: Selector): number[] {
  return intervals.flatMap((iv) => samplesMatching(iv.curr, selector).map((s) => s.value));
}

export interface HistogramInterval {
  /** Bucket increases summed by `le` across series and endpoints. */
  buckets: Bucket[];
  /** Observations and their sum over the interval (sum NaN when the client omits `_sum`). */
  count: number;
  sum: number;
  series: number;
  complete: boolean;
}

export function histogramInterval(intervals: readonly ScrapeInterval[], metric: string, labels: Readonly<Record<string, string>>): HistogramInterval {
  const bucketSel = selectorFor([`${metric}_bucket`], labels);
  const byLe = new Map<number, number>();
  const out: HistogramInterval = { buckets: [], count: 0, sum: 0, series: 0, complete: intervals.length > 0 };
  let sumSeen = false;
  for (const iv of intervals) {
    const curr = histogramSeries(samplesMatching(iv.curr, bucketSel));
    out.series += curr.length;
    if (!iv.prev) {
      out.complete = false;
      continue;
    }
    for (const h of histogramIncrease(histogramSeries(samplesMatching(iv.prev, bucketSel)), curr)) {
      for (const b of h.buckets) byLe.set(b.le, (byLe.get(b.le) ?? 0) + b.count);
    }
    const count = counterInterval([iv], selectorFor([`${metric}_count`], labels));
    const sum = counterInterval([iv], selectorFor([`${metric}_sum`], labels));
    out.count += count.increase;
    if (sum.series > 0) sumSeen = true;
    out.sum += sum.increase;
  }
  out.buckets = [...byLe].map(([le, count]) => ({ le, count })).sort((a, b) => a.le - b.le);
  const inf = out.buckets.find((b) => b.le === Infinity);
  // Clients that omit _count still have the +Inf bucket, which counts the same observations.
  if (out.count === 0 && inf) out.count = inf.count;
  if (!sumSeen) out.sum = NaN;
  return out;
}
