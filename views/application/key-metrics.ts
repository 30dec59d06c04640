/**
 * The few application metrics an operator reads first — throughput (orders/s, requests/s, …),
 * latency percentiles and error rate — picked from a component's metrics by the role defaults'
 * keys, else by type; and how any metric value is written. Pure.
 */
import type { AppMetricValue } from '../../src/model/app-reading.js';
import { formatCount, formatMillis } from '../../src/format/units.js';

/** Throughput keys of the built-in roles, best first, with how they are named on screen. */
const THROUGHPUT: Record<string, string> = {
  ordersPerSec: 'orders/s',
  requestsPerSec: 'req/s',
  marketDataUpdatesPerSec: 'updates/s',
  authPerSec: 'auth/s',
};
const LATENCY = ['orderLatency', 'requestLatency', 'marketDataLatency', 'executionLatency'];
const ERRORS = ['errorRate'];

export interface KeyMetrics {
  throughput: AppMetricValue | undefined;
  /** How the throughput is named: "orders/s". */
  throughputLabel: string;
  latency: AppMetricValue | undefined;
  errors: AppMetricValue | undefined;
  /** Every other metric the endpoints expose, in the mapping's order. */
  others: AppMetricValue[];
}

function pick(metrics: readonly AppMetricValue[], keys: readonly string[], fallback: (m: AppMetricValue) => boolean): AppMetricValue | undefined {
  for (const key of keys) {
    const found = metrics.find((m) => m.key === key);
    if (found) return found;
  }
  return metrics.find(fallback);
}

export function keyMetrics(appMetrics: Readonly<Record<string, AppMetricValue>>): KeyMetrics {
  const all = Object.values(appMetrics);
  const throughput = pick(all, Object.keys(THROUGHPUT), (m) => m.type === 'rate');
  const latency = pick(all, LATENCY, (m) => m.type === 'histogram' || m.type === 'summary');
  const errors = pick(all, ERRORS, (m) => m.type === 'ratio' && /error|fail|reject/i.test(m.key));
  const chosen = new Set([throughput, latency, errors]);
  return {
    throughput,
    throughputLabel: throughput ? (THROUGHPUT[throughput.key] ?? `${throughput.key.replace(/PerSec$/, '')}/s`) : '',
    latency,
    errors,
    // A metric no endpoint exposes (series 0) is not news on every row; the detail lists them.
    others: all.filter((m) => !chosen.has(m) && m.series > 0),
  };
}

/** A quantile's value (0.99 → p99), or null when unknown. */
export function quantile(metric: AppMetricValue | undefined, q: number): number | null {
  return metric?.quantiles?.find((x) => x.q === q)?.value ?? null;
}

/** A value in the metric's unit: "423ms", "12.9/s", "0.15%", "1.2k sessions"; "—" when unknown. */
export function formatValue(value: number | null, unit: string | undefined): string {
  if (value === null || !Number.isFinite(value)) return '—';
  if (unit === 'ms') return formatMillis(value);
  if (unit === '%') return `${value.toFixed(value < 1 ? 2 : 1).replace(/\.?0+$/, '')}%`;
  if (unit === '/s') return `${formatCount(value)}/s`;
  return unit ? `${formatCount(value)} ${unit}` : formatCount(value);
}

/** One metric in a few characters: a rate or gauge as its value, a histogram as its p99. */
export function metricSummary(metric: AppMetricValue): string {
  if (metric.quantiles?.length) {
    const top = metric.quantiles[metric.quantiles.length - 1]!;
    return `p${Math.round(top.q * 1000) / 10} ${formatValue(top.value, metric.unit)}`;
  }
  return formatValue(metric.value, metric.unit);
}

/** "12.9 orders/s p99 423ms": the key figures of a component in one phrase ('' when none is known). */
export function keyFigures(appMetrics: Readonly<Record<string, AppMetricValue>>): string {
  const k = keyMetrics(appMetrics);
  const parts: string[] = [];
  if (k.throughput?.value != null) parts.push(`${formatCount(k.throughput.value)} ${k.throughputLabel}`);
  const p99 = quantile(k.latency, 0.99);
  if (p99 !== null) parts.push(`p99 ${formatValue(p99, k.latency?.unit)}`);
  return parts.join(' ');
}
