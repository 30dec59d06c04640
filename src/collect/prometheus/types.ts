/**
 * The shapes the Prometheus exposition parser produces. Plain data: the panes, the store
 * and `perfmon … --json` can hold and print them as they are.
 */

/** Text 0.0.4 types plus OpenMetrics 1.0's; `untyped` (text) and `unknown` (OpenMetrics) mean the same. */
export type MetricType =
  | 'counter'
  | 'gauge'
  | 'histogram'
  | 'summary'
  | 'untyped'
  | 'info'
  | 'stateset'
  | 'gaugehistogram'
  | 'unknown';

/** Label name → value, values unescaped. Null prototype: a label named `__proto__` stays a label. */
export type Labels = Record<string, string>;

export interface Sample {
  /** The sample's own name: `x_total`, `x_bucket`, `x_sum`, … (not the family's). */
  name: string;
  labels: Labels;
  /** NaN, +Infinity and -Infinity are kept as such. */
  value: number;
  /** Unix milliseconds when the exposition carried a timestamp (OpenMetrics seconds are converted). */
  timestampMs?: number;
}

export interface MetricFamily {
  /** The name in `# TYPE`/`# HELP` (OpenMetrics counters: without `_total`), or the sample's name when there was none. */
  name: string;
  type: MetricType;
  /** Unescaped; '' when the exposition had no `# HELP`. */
  help: string;
  unit?: string;
  samples: Sample[];
}

export type ExpositionFormat = 'text' | 'openmetrics';

export interface ParseError {
  /** 1-based line number in the input. */
  line: number;
  /** What is wrong, e.g. `unterminated label value`. */
  message: string;
  /** The offending line (cut at 200 characters). */
  text: string;
}

export interface ParseResult {
  format: ExpositionFormat;
  families: MetricFamily[];
  errors: ParseError[];
}
