import { describe, expect, test } from 'vitest';
import { evaluateMapping, type ScrapeInterval } from '../../../src/collect/app-metrics/index.js';
import type { AppMetricMapping } from '../../../src/config/inventory-schema.js';
import { appMetricMappingSchema } from '../../../src/config/observability-schema.js';
import { parseFixture } from '../prometheus/fixture-files.js';
import { increaseQueries, promNumber, sameFloat } from './quantile-reference.js';

const phase = (n: number, om = false) => parseFixture(`python-client/phase-${n}${om ? '.om' : ''}.txt`, om ? 'application/openmetrics-text; version=1.0.0' : 'text/plain; version=0.0.4');
const mapping = (raw: unknown): AppMetricMapping => appMetricMappingSchema.parse(raw);

describe('histogram mappings match the real Prometheus histogram_quantile over the increase', () => {
  const queries = increaseQueries();
  test.each([false, true])('every irate reference answer (OpenMetrics: %s) — 4 histograms × 10 quantiles × 2 intervals', (om) => {
    let compared = 0;
    for (const query of queries) {
      const interval: ScrapeInterval = { prev: phase(query.previousPhase!, om), curr: phase(query.phase, om), seconds: 1 };
      for (const result of query.results) {
        // Quantiles outside (0,1) and NaN are legal in PromQL but not in the inventory: build the mapping by hand for them.
        const m = { ...mapping({ type: 'histogram', metric: query.metric, labels: result.labels }), quantiles: [Number(query.q)] };
        const value = evaluateMapping('x', m as AppMetricMapping, [interval]).quantiles?.[0]?.value ?? null;
        const expected = promNumber(result.value);
        // NaN and ±Inf (no observations, q outside [0,1]) are null in perfmon's JSON-ready values.
        const same = Number.isFinite(expected) ? value !== null && sameFloat(value, expected) : value === null;
        expect(same, `${query.metric}${JSON.stringify(result.labels)} q=${query.q} phase ${query.previousPhase}→${query.phase}: ${value} vs ${expected}`).toBe(true);
        compared++;
      }
    }
    expect(compared).toBe(queries.reduce((n, q) => n + q.results.length, 0));
    expect(compared).toBeGreaterThan(100);
  });

  test('latency defaults come out in ms with the mean of the interval; the first scrape has no quantiles yet', () => {
    const m = mapping({ type: 'histogram', metric: 'order_processing_seconds', labels: { stage: 'validate' }, scale: 1000, unit: 'ms' });
    const v = evaluateMapping('validationLatency', m, [{ prev: phase(1), curr: phase(2), seconds: 1 }]);
    const ref = increaseQueries().find((q) => q.metric === 'order_processing_seconds' && q.q === '0.99' && q.phase === 2)!;
    const p99 = promNumber(ref.results.find((r) => r.labels['stage'] === 'validate')!.value) * 1000;
    expect(v.quantiles?.map((x) => x.q)).toEqual([0.5, 0.9, 0.99]);
    expect(v.quantiles?.[2]?.value).toBeCloseTo(p99, 9);
    expect(v.count).toBe(400); // phase 2 observed 400 per stage
    expect(v.value).toBeGreaterThan(0);
    expect(v.unit).toBe('ms');
    const first = evaluateMapping('validationLatency', m, [{ curr: phase(1), seconds: 0 }]);
    expect(first.quantiles?.every((q) => q.value === null)).toBe(true);
    expect(first.series).toBe(1);
  });

  test('merging stages sums the buckets by le (histogram_quantile over sum by (le))', () => {
    const all = evaluateMapping('orderLatency', mapping({ type: 'histogram', metric: 'order_processing_seconds', quantiles: [0.5] }), [{ prev: phase(1), curr: phase(2), seconds: 1 }]);
    expect(all.count).toBe(1200);
    expect(all.series).toBe(4);
    const median = all.quantiles![0]!.value!;
    const stage = (s: string) => evaluateMapping('x', mapping({ type: 'histogram', metric: 'order_processing_seconds', labels: { stage: s }, quantiles: [0.5] }), [{ prev: phase(1), curr: phase(2), seconds: 1 }]).quantiles![0]!.value!;
    expect(median).toBeGreaterThan(stage('validate'));
    expect(median).toBeLessThan(stage('execute'));
  });
});

describe('rates, gauges, ratios and summaries', () => {
  const iv = (prev: number, curr: number, seconds = 2): ScrapeInterval => ({ prev: phase(prev), curr: phase(curr), seconds });

  test('a counter rate sums its series; labels narrow it; a regex matches the whole value', () => {
    // orders_total: buy/XLON +40, sell/XLON +25 between phase 1 and 2.
    expect(evaluateMapping('o', mapping({ type: 'rate', metric: 'orders_total' }), [iv(1, 2)]).value).toBe(32.5);
    expect(evaluateMapping('o', mapping({ type: 'rate', metric: 'orders', labels: { side: 'buy' } }), [iv(1, 2)]).value).toBe(20);
    expect(evaluateMapping('o', mapping({ type: 'rate', metric: 'orders_total', labels: { venue: '/XL.*/' } }), [iv(1, 2)]).value).toBe(32.5);
    expect(evaluateMapping('o', mapping({ type: 'rate', metric: 'orders_total', labels: { venue: '/XL/' } }), [iv(1, 2)]).series).toBe(0);
  });

  test('a restarted process (phase 3) counts as a reset, not a negative rate', () => {
    // buy/XLON restarts at 5, sell/XLON disappears: the increase is 5.
    expect(evaluateMapping('o', mapping({ type: 'rate', metric: 'orders_total' }), [iv(2, 3, 1)]).value).toBe(5);
  });

  test('rates from two hosts add up; one host without a previous scrape makes the total unknown', () => {
    expect(evaluateMapping('o', mapping({ type: 'rate', metric: 'orders_total' }), [iv(1, 2), iv(1, 2)]).value).toBe(65);
    expect(evaluateMapping('o', mapping({ type: 'rate', metric: 'orders_total' }), [iv(1, 2), { curr: phase(2), seconds: 0 }]).value).toBeNull();
  });

  test('gauges aggregate; NaN samples are ignored; absent metrics are null with series 0', () => {
    const g = (aggregate: string, kind?: string) =>
      evaluateMapping('g', mapping({ type: 'gauge', metric: 'fixture_weird_value', aggregate, labels: kind ? { kind } : {} }), [iv(1, 2)]);
    expect(g('max', 'huge').value).toBe(1.2345e21);
    expect(g('min').value).toBe(-Infinity);
    expect(g('sum', 'nan')).toMatchObject({ value: null, series: 0 });
    expect(evaluateMapping('g', mapping({ type: 'gauge', metric: 'no_such_gauge' }), [iv(1, 2)])).toMatchObject({ value: null, series: 0 });
  });

  test('a ratio reports the events behind it (for error-rate SLOs)', () => {
    const r = evaluateMapping(
      'share',
      mapping({ type: 'ratio', numerator: { metric: 'orders_total', labels: { side: 'sell' } }, denominator: { metric: 'orders_total' }, scale: 100 }),
      [iv(1, 2)],
    );
    expect(r).toMatchObject({ numerator: 25, denominator: 65 });
    expect(r.value).toBeCloseTo((25 / 65) * 100, 12);
  });

  test("a summary's published quantiles are read as they are (Prometheus' Go client)", () => {
    const prom = parseFixture('prometheus-2.42.0/metrics.txt');
    const v = evaluateMapping('gc', mapping({ type: 'summary', metric: 'go_gc_duration_seconds', scale: 1000 }), [{ curr: prom, seconds: 0 }]);
    expect(v.quantiles!.map((q) => q.q)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(v.quantiles!.every((q) => q.value !== null && q.value >= 0)).toBe(true);
    expect(v.value).toBeGreaterThan(0);
  });
});

describe('built-in mappings per role', () => {
  test('every metric the platform roles promise, with units; editable through the inventory (appMetricsFor)', async () => {
    const { BUILT_IN_APP_METRICS } = await import('../../../src/collect/app-metrics/index.js');
    const { appMetricsFor } = await import('../../../src/config/inventory-queries.js');
    const keys = Object.fromEntries(Object.entries(BUILT_IN_APP_METRICS).map(([role, map]) => [role, Object.keys(map).sort()]));
    expect(keys).toEqual({
      'order-engine': ['errorRate', 'executionLatency', 'orderLatency', 'ordersPerSec', 'routingLatency', 'validationLatency'],
      'market-data': ['cacheHitRate', 'marketDataLatency', 'marketDataUpdatesPerSec', 'subscriptions'],
      auth: ['activeSessions', 'authFailuresPerSec', 'authPerSec', 'requestLatency'],
      web: ['errorRate', 'requestLatency', 'requestsPerSec'],
      gateway: ['errorRate', 'executionLatency', 'ordersPerSec', 'requestLatency', 'requestsPerSec'],
    });
    expect(BUILT_IN_APP_METRICS['order-engine']!['orderLatency']).toMatchObject({ type: 'histogram', scale: 1000, unit: 'ms', quantiles: [0.5, 0.9, 0.99] });
    const overridden = appMetricsFor(
      { appMetrics: { 'order-engine': { ordersPerSec: mapping({ type: 'rate', metric: 'oe_orders_total' }) } } },
      { role: 'order-engine', appMetrics: {} },
      BUILT_IN_APP_METRICS,
    );
    expect(overridden['ordersPerSec']).toMatchObject({ metric: 'oe_orders_total' });
    expect(overridden['orderLatency']).toMatchObject({ metric: 'order_processing_seconds' });
  });
});
