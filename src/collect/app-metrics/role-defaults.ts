/**
 * Built-in application metrics per role: what perfmon shows for an order engine, a market data
 * feed, … when the inventory says nothing. Metric names follow Prometheus' naming conventions
 * (base units, `_total` counters); an inventory overrides any key under `appMetrics.<role>`,
 * and a component under its own `appMetrics` (see appMetricsFor in src/config).
 */
import { appMetricMapSchema } from '../../config/observability-schema.js';
import type { AppMetricMap } from '../../config/inventory-schema.js';

const ms = { scale: 1000, unit: 'ms' } as const;
const perSec = { unit: '/s' } as const;
const percent = { scale: 100, unit: '%' } as const;

const latency = (metric: string, description: string, labels: Record<string, string> = {}) => ({
  type: 'histogram' as const,
  metric,
  labels,
  ...ms,
  description,
});

const requests = {
  requestsPerSec: { type: 'rate', metric: 'http_requests_total', ...perSec, description: 'API requests per second' },
  requestLatency: latency('http_request_duration_seconds', 'API request latency'),
  errorRate: {
    type: 'ratio',
    numerator: { metric: 'http_requests_total', labels: { status: '/5../' } },
    denominator: { metric: 'http_requests_total' },
    ...percent,
    description: 'share of API requests answered 5xx',
  },
} as const;

const RAW: Record<string, unknown> = {
  'order-engine': {
    ordersPerSec: { type: 'rate', metric: 'orders_total', ...perSec, description: 'orders accepted per second' },
    orderLatency: latency('order_processing_seconds', 'order processing time, receipt to ack'),
    validationLatency: latency('order_processing_seconds', 'order validation time', { stage: 'validate' }),
    routingLatency: latency('order_processing_seconds', 'order routing time', { stage: 'route' }),
    executionLatency: latency('order_processing_seconds', 'order execution time', { stage: 'execute' }),
    errorRate: {
      type: 'ratio',
      numerator: { metric: 'orders_rejected_total' },
      denominator: [{ metric: 'orders_total' }, { metric: 'orders_rejected_total' }],
      ...percent,
      description: 'share of orders rejected',
    },
  },
  'market-data': {
    marketDataUpdatesPerSec: { type: 'rate', metric: 'market_data_updates_total', ...perSec, description: 'market data updates per second' },
    marketDataLatency: latency('market_data_latency_seconds', 'exchange timestamp to publish'),
    subscriptions: { type: 'gauge', metric: 'market_data_subscriptions', description: 'active subscriptions' },
    cacheHitRate: {
      type: 'ratio',
      numerator: { metric: 'cache_hits_total' },
      denominator: [{ metric: 'cache_hits_total' }, { metric: 'cache_misses_total' }],
      ...percent,
      description: 'share of lookups served from the cache',
    },
  },
  auth: {
    activeSessions: { type: 'gauge', metric: 'auth_active_sessions', description: 'sessions logged in' },
    authPerSec: { type: 'rate', metric: 'auth_attempts_total', ...perSec, description: 'authentication attempts per second' },
    authFailuresPerSec: {
      type: 'rate',
      metric: 'auth_attempts_total',
      labels: { result: 'failure' },
      ...perSec,
      description: 'failed authentications per second',
    },
    requestLatency: latency('auth_request_duration_seconds', 'authentication latency'),
  },
  web: requests,
  gateway: {
    ...requests,
    ordersPerSec: { type: 'rate', metric: 'gateway_orders_total', ...perSec, description: 'orders sent to venues per second' },
    executionLatency: latency('gateway_execution_seconds', 'order sent to venue ack'),
  },
};

/** Role → key → mapping, every default filled in as if written in the inventory. */
export const BUILT_IN_APP_METRICS: Readonly<Record<string, AppMetricMap>> = Object.fromEntries(
  Object.entries(RAW).map(([role, map]) => [role, appMetricMapSchema.parse(map)]),
);
