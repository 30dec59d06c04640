/**
 * Plain-data snapshots of application metrics, as AppMetricsCollector returns them: ready for a
 * pane row, the Application pane and `perfmon snapshot --json` (under `components[].appMetrics`). Rates are per second; values are
 * already multiplied by the mapping's `scale` (so latency defaults come out in ms).
 */

/** The kinds of application-metric mapping (the inventory's `appMetrics.*.type`; config checks both lists agree). */
export type AppMetricType = 'rate' | 'gauge' | 'histogram' | 'summary' | 'ratio';

export interface QuantileValue {
  /** 0.5, 0.9, 0.99, … */
  q: number;
  /** null when the interval had no observations (or the quantile is not published). */
  value: number | null;
}

export interface AppMetricValue {
  key: string;
  type: AppMetricType;
  /**
   * rate: per second; gauge: aggregated value; ratio: numerator ÷ denominator; histogram: the
   * mean over the interval; summary: the mean since start (sum ÷ count). null: not known yet
   * (first scrape, no events in the interval) or the metric is absent (`series` is 0).
   */
  value: number | null;
  /** histogram and summary only, in the mapping's order. */
  quantiles?: QuantileValue[];
  /** ratio: increases of the numerator and denominator over the interval (events, for SLOs). */
  numerator?: number;
  denominator?: number;
  /** histogram: observations in the interval. */
  count?: number;
  unit?: string;
  description?: string;
  /** Series that matched in the latest scrapes; 0 means the endpoint does not expose it. */
  series: number;
}

/** How one endpoint's last scrape went. */
export interface EndpointStatus {
  host: string;
  endpoint: string;
  ok: boolean;
  /** Why it failed (HTTP status, timeout, connection), with host and URL. */
  error?: string;
  timeMs: number;
  durationMs?: number;
  bytes?: number;
  /** Lines of the exposition the parser rejected (RabbitMQ 3.10 writes some). */
  parseErrors?: number;
}

export interface HostAppMetrics {
  host: string;
  metrics: Record<string, AppMetricValue>;
}

export interface AppMetricsSnapshot {
  component: string;
  role: string;
  timeMs: number;
  /** Every host together: rates and counts summed, histograms merged by bucket, gauges aggregated. */
  metrics: Record<string, AppMetricValue>;
  hosts: HostAppMetrics[];
  endpoints: EndpointStatus[];
  /**
   * Rates, ratios and histogram quantiles in `metrics` and `hosts` are over the sliding window
   * of `windowSeconds` (0: since the previous scrape); `spanSeconds` is what it covers so far
   * (shorter while it fills). A 0.5 % reject rate reads 0.5 %, not 0 % and 2 % by turns.
   */
  windowSeconds?: number;
  spanSeconds?: number;
  /** The component's values since the previous scrape only: what SLO budgets count, each event once. */
  sinceLast?: Record<string, AppMetricValue>;
}
