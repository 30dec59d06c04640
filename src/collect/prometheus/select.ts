/**
 * Picking samples out of a parsed exposition with PromQL-style selectors:
 * `orders_total{side="buy",venue=~"X.*"}`, `{__name__=~"rabbitmq_queue_.*",queue!="audit"}`.
 * Same matching rules as Prometheus: regexes are anchored at both ends, and a label the sample
 * lacks matches as the empty string (so `{env=""}` selects series without `env`).
 */
import { readLabelSet, scanName, skipBlanks, type LabelOp } from './parse-line.js';
import type { Labels, MetricFamily, ParseResult, Sample } from './types.js';

export type { LabelOp };

export interface LabelMatcher {
  name: string;
  op: LabelOp;
  value: string;
}

export interface Selector {
  /** The sample name (`x_total`, `x_bucket`, …); absent: any name. */
  metric?: string;
  matchers: LabelMatcher[];
}

export type SelectorResult = { ok: true; selector: Selector } | { ok: false; error: string };

/** Parses a selector; the error names the column and what is wrong, for config validation. */
export function parseSelector(text: string): SelectorResult {
  const input = text.trim();
  const nameEnd = scanName(input, 0, true);
  const selector: Selector = { matchers: [] };
  if (nameEnd > 0) selector.metric = input.slice(0, nameEnd);
  let i = skipBlanks(input, nameEnd);
  if (input[i] === '{') {
    const set = readLabelSet(input, i, true);
    if (!set.ok) return { ok: false, error: `${set.error} in selector ${JSON.stringify(text)}` };
    selector.matchers = set.value;
    i = skipBlanks(input, set.end);
  }
  if (i < input.length || (selector.metric === undefined && selector.matchers.length === 0)) {
    return { ok: false, error: `unexpected ${JSON.stringify(input.slice(i, i + 20) || 'end')} at column ${i + 1} in selector ${JSON.stringify(text)}` };
  }
  for (const m of selector.matchers) {
    if (m.op === '=~' || m.op === '!~') {
      const re = anchored(m.value);
      if (re instanceof Error) return { ok: false, error: `label ${m.name}: bad regex ${JSON.stringify(m.value)}: ${re.message}` };
    }
  }
  return { ok: true, selector };
}

const regexCache = new Map<string, RegExp | Error>();

function anchored(pattern: string): RegExp | Error {
  let re = regexCache.get(pattern);
  if (re === undefined) {
    try {
      re = new RegExp(`^(?:${pattern})$`, 's');
    } catch (error) {
      re = error instanceof Error ? error : new Error(String(error));
    }
    if (regexCache.size > 1000) regexCache.clear();
    regexCache.set(pattern, re);
  }
  return re;
}

function matches(m: LabelMatcher, actual: string): boolean {
  switch (m.op) {
    case '=':
      return actual === m.value;
    case '!=':
      return actual !== m.value;
    default: {
      const re = anchored(m.value);
      // A matcher that never compiled selects nothing (parseSelector reports it up front).
      if (re instanceof Error) return false;
      return re.test(actual) === (m.op === '=~');
    }
  }
}

export function matchesSample(sample: Sample, selector: Selector): boolean {
  if (selector.metric !== undefined && sample.name !== selector.metric) return false;
  for (const m of selector.matchers) {
    const actual = m.name === '__name__' ? sample.name : (sample.labels[m.name] ?? '');
    if (!matches(m, actual)) return false;
  }
  return true;
}

export type SampleSource = ParseResult | readonly MetricFamily[] | readonly Sample[];

function samplesOf(source: SampleSource): readonly Sample[] {
  const list = Array.isArray(source) ? source : (source as ParseResult).families;
  if (list.length === 0 || !('samples' in (list[0] as object))) return list as readonly Sample[];
  return (list as readonly MetricFamily[]).flatMap((f) => f.samples);
}

export function selectSamples(source: SampleSource, selector: Selector): Sample[] {
  return samplesOf(source).filter((s) => matchesSample(s, selector));
}

/** The value of the first matching sample, or undefined when none matches. */
export function sampleValue(source: SampleSource, selector: Selector): number | undefined {
  return samplesOf(source).find((s) => matchesSample(s, selector))?.value;
}

export function sumValues(samples: readonly Sample[]): number {
  let total = 0;
  for (const s of samples) total += s.value;
  return total;
}

/** A stable identity for a series: its name and its labels sorted by name, minus `without`. */
export function seriesKey(name: string, labels: Labels, without: readonly string[] = []): string {
  const names = Object.keys(labels).filter((n) => !without.includes(n)).sort();
  return JSON.stringify([name, ...names.flatMap((n) => [n, labels[n]])]);
}

/** The labels minus `without`, as a fresh null-prototype object. */
export function labelsWithout(labels: Labels, without: readonly string[]): Labels {
  const out = Object.create(null) as Labels;
  for (const [n, v] of Object.entries(labels)) if (!without.includes(n)) out[n] = v;
  return out;
}
