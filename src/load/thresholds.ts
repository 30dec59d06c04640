/**
 * Thresholds of a load scenario, written as `METRIC OP VALUE`: `p99 < 50ms`, `mean <= 10ms`,
 * `errors < 0.5%`, `errors == 0`, `rps >= 400`, `checks > 99%`, `dropped == 0`. Each one passes
 * or fails against a run's summary; any failing one makes `perfmon load` exit 1.
 */
import { parseDuration } from '../config/duration.js';

export type Operator = '<' | '<=' | '>' | '>=' | '==';

export interface Threshold {
  text: string;
  /** p50, p99.9, max, mean (latency); errors, dropped, late, checks; rps. */
  metric: string;
  op: Operator;
  /** Latency in milliseconds, a percentage (when `percent`), or a count/rate. */
  value: number;
  percent: boolean;
}

/** What thresholds are checked against: the run's totals. */
export interface ThresholdInputs {
  /** Latency at a percentile (0–100), in milliseconds. */
  latencyAt(percentile: number): number;
  meanMs: number;
  maxMs: number;
  requests: number;
  errors: number;
  dropped: number;
  late: number;
  checksPassed: number;
  checksTotal: number;
  rps: number;
}

const SHAPE = /^\s*(p\d+(?:\.\d+)?|max|mean|errors|dropped|late|checks|rps)\s*(<=|>=|==|<|>)\s*(\S+?)\s*$/;
const LATENCY = /^(p\d+(?:\.\d+)?|max|mean)$/;

type Parsed = { ok: true; threshold: Threshold } | { ok: false; problem: string };

function parse(text: string): Parsed {
  const match = SHAPE.exec(text);
  if (!match) return { ok: false, problem: `"${text}" is not a threshold: write METRIC OP VALUE, e.g. "p99 < 50ms", "errors < 0.5%", "rps >= 400" (metrics: pNN, max, mean, errors, dropped, late, checks, rps)` };
  const [, metric = '', op = '<', raw = ''] = match;
  const base = { text: text.trim(), metric, op: op as Operator };
  if (LATENCY.test(metric)) {
    if (metric.startsWith('p')) {
      const percentile = Number(metric.slice(1));
      if (!(percentile > 0 && percentile <= 100)) return { ok: false, problem: `"${text}": a percentile is from p0.1 to p100` };
    }
    const seconds = /^\d/.test(raw) && !/^\d+(?:\.\d+)?$/.test(raw) ? parseDuration(raw) : null;
    if (seconds === null) return { ok: false, problem: `"${text}": a latency limit needs a unit, e.g. 50ms or 1.5s` };
    return { ok: true, threshold: { ...base, value: seconds * 1000, percent: false } };
  }
  const percent = raw.endsWith('%');
  const value = Number(percent ? raw.slice(0, -1) : raw);
  if (raw === '' || !Number.isFinite(value) || value < 0) return { ok: false, problem: `"${text}": the limit must be a number${metric === 'rps' ? '' : ' or a percentage'}` };
  if (metric === 'rps' && percent) return { ok: false, problem: `"${text}": rps is requests per second, not a percentage` };
  if (metric === 'checks' && !percent) return { ok: false, problem: `"${text}": checks is the share that passed, e.g. checks > 99%` };
  if (percent && value > 100) return { ok: false, problem: `"${text}": a percentage is at most 100%` };
  return { ok: true, threshold: { ...base, value, percent } };
}

/** Why `text` is not a threshold, or undefined when it is one (for the schema). */
export function thresholdProblem(text: string): string | undefined {
  const parsed = parse(text);
  return parsed.ok ? undefined : parsed.problem;
}

export function parseThreshold(text: string): Threshold {
  const parsed = parse(text);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.threshold;
}

/** The threshold's metric in its own terms (ms, %, count, requests/s). */
export function measuredValue(threshold: Threshold, inputs: ThresholdInputs): number {
  const { metric } = threshold;
  if (metric === 'max') return inputs.maxMs;
  if (metric === 'mean') return inputs.meanMs;
  if (metric.startsWith('p')) return inputs.latencyAt(Number(metric.slice(1)));
  if (metric === 'rps') return inputs.rps;
  if (metric === 'checks') return inputs.checksTotal === 0 ? 100 : (100 * inputs.checksPassed) / inputs.checksTotal;
  const count = inputs[metric as 'errors' | 'dropped' | 'late'];
  if (!threshold.percent) return count;
  // Dropped requests were due but never sent: they count in the whole as well.
  const whole = inputs.requests + (metric === 'dropped' ? inputs.dropped : 0);
  return whole === 0 ? 0 : (100 * count) / whole;
}

function compare(measured: number, op: Operator, limit: number): boolean {
  switch (op) {
    case '<':
      return measured < limit;
    case '<=':
      return measured <= limit;
    case '>':
      return measured > limit;
    case '>=':
      return measured >= limit;
    case '==':
      return measured === limit;
  }
}

export interface ThresholdResult {
  text: string;
  measured: number;
  passed: boolean;
}

export function evaluateThresholds(texts: readonly string[], inputs: ThresholdInputs): ThresholdResult[] {
  return texts.map((text) => {
    const threshold = parseThreshold(text);
    const measured = measuredValue(threshold, inputs);
    return { text: threshold.text, measured, passed: compare(measured, threshold.op, threshold.value) };
  });
}

/** `p99 < 50ms: 12.3ms pass` — the measured figure in the threshold's own unit. */
export function formatThresholdResult(result: ThresholdResult): string {
  const threshold = parseThreshold(result.text);
  const unit = LATENCY.test(threshold.metric) ? 'ms' : threshold.metric === 'rps' ? '/s' : threshold.percent ? '%' : '';
  const shown = Number.isInteger(result.measured) ? String(result.measured) : result.measured.toFixed(unit === '%' ? 2 : 1);
  return `${threshold.text}: ${shown}${unit} ${result.passed ? 'pass' : 'FAIL'}`;
}
