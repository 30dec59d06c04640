import { describe, expect, test } from 'vitest';
import { alertRules, burnRate, evaluateAlerts } from '../../src/analysis/burn-rate.js';
import { SliHistory } from '../../src/analysis/slo-history.js';
import { availabilityKey, sloRequirements, SloTracker } from '../../src/analysis/slo-tracker.js';
import type { AppMetricValue } from '../../src/model/app-reading.js';
import { appMetricMapSchema, sloSchema } from '../../src/config/observability-schema.js';
import type { Slo } from '../../src/config/inventory-schema.js';

const slo = (raw: object): Slo => sloSchema.parse(raw);
const errorsMetric = (errors: number, requests: number): Record<string, AppMetricValue> => ({
  errorRate: { key: 'errorRate', type: 'ratio', value: errors / requests, numerator: errors, denominator: requests, series: 1 },
});

describe('burn rate', () => {
  test('the bad share over the share the objective allows', () => {
    expect(burnRate(0.0144, 99.9)).toBeCloseTo(14.4, 10);
    expect(burnRate(0.001, 99.9)).toBeCloseTo(1, 10);
    expect(burnRate(0, 99)).toBe(0);
  });

  test('the workbook defaults: page 14.4 over 1h and 5m, ticket 6 over 6h and 30m; configurable', () => {
    expect(alertRules(slo({ type: 'error-rate', name: 'e', metric: 'errorRate', objective: 99.9 }))).toEqual([
      { severity: 'page', shortWindowSeconds: 300, longWindowSeconds: 3600, threshold: 14.4 },
      { severity: 'ticket', shortWindowSeconds: 1800, longWindowSeconds: 21600, threshold: 6 },
    ]);
    const custom = slo({ type: 'error-rate', name: 'e', metric: 'errorRate', objective: 99, burnRate: 10, shortWindow: '2m', longWindow: '30m', ticket: { burnRate: 2, longWindow: '3h' } });
    expect(alertRules(custom)).toEqual([
      { severity: 'page', shortWindowSeconds: 120, longWindowSeconds: 1800, threshold: 10 },
      { severity: 'ticket', shortWindowSeconds: 1800, longWindowSeconds: 10800, threshold: 2 },
    ]);
    expect(() => slo({ type: 'error-rate', name: 'e', metric: 'x', objective: 99, ticket: { shortWindow: '6h', longWindow: '1h' } })).toThrow(/ticket.shortWindow must be shorter/);
  });

  test('fires only when both windows exceed the threshold', () => {
    const rules = [{ severity: 'page' as const, shortWindowSeconds: 300, longWindowSeconds: 3600, threshold: 14.4 }];
    const at = (short: number, long: number) => evaluateAlerts(rules, (w) => ({ burnRate: w === 300 ? short : long, covered: true }))[0]!.firing;
    expect(at(20, 15)).toBe(true);
    expect(at(20, 2)).toBe(false); // a fresh spike: not yet significant
    expect(at(1, 20)).toBe(false); // already over: the short window has recovered
  });
});

describe('error-rate SLO over time (one sample a second)', () => {
  const objective = slo({ type: 'error-rate', name: 'api-errors', metric: 'errorRate', objective: 99.9 });

  test('a spike is not a page; a sustained 2 % error rate pages after the long window fills; recovery clears it', () => {
    const tracker = new SloTracker([objective], {});
    let t = 0;
    const run = (seconds: number, errors: number) => {
      let last;
      for (let i = 0; i < seconds; i++) last = tracker.record({ timeMs: (t += 1000), metrics: errorsMetric(errors, 100) })[0]!;
      return last!;
    };
    const calm = run(3600, 0);
    expect(calm).toMatchObject({ status: 'ok', sli: 1, errorBudget: { allowed: expect.closeTo(0.001, 12), consumed: 0, remaining: 1 } });
    const spike = run(300, 2);
    expect(spike.alerts[0]!.shortBurnRate).toBeCloseTo(20, 6);
    expect(spike.alerts[0]!.longBurnRate).toBeCloseTo(20 * (300 / 3600), 6);
    expect(spike.status).toBe('ok');
    const sustained = run(3000, 2); // 55 min more: the 1 h window is now ~92 % at 2 %
    expect(sustained.alerts[0]!.longBurnRate!).toBeGreaterThan(14.4);
    expect(sustained).toMatchObject({ status: 'page', current: { good: false } });
    expect(sustained.errorBudget.remaining!).toBeLessThan(0); // 2 % errors for ~55 of ~110 min: far over budget
    const recovered = run(600, 0);
    expect(recovered.alerts[0]).toMatchObject({ firing: false, shortBurnRate: 0 });
  });
});

describe('ticket alert and the compliance window (one sample every 10 s)', () => {
  test('0.7 % errors for 6 h: ticket, not page; the early part of a 1-day window falls out later', () => {
    const s = slo({ type: 'error-rate', name: 'e', metric: 'errorRate', objective: 99.9, window: '1d' });
    const tracker = new SloTracker([s], {}, { intervalSeconds: 10 });
    let t = 0;
    let last;
    for (let i = 0; i < 6 * 360 + 10; i++) last = tracker.record({ timeMs: (t += 10_000), metrics: errorsMetric(7, 1000) })[0]!;
    expect(last!.status).toBe('ticket');
    expect(last!.alerts[1]).toMatchObject({ severity: 'ticket', firing: true, covered: true });
    expect(last!.alerts[1]!.longBurnRate).toBeCloseTo(7, 6);
    // A clean day: the bad hours leave the 1-day window (5-minute buckets beyond the 6 h of full resolution).
    for (let i = 0; i < 24 * 360 + 60; i++) last = tracker.record({ timeMs: (t += 10_000), metrics: errorsMetric(0, 1000) })[0]!;
    expect(last!).toMatchObject({ status: 'ok', sli: 1, coveredSeconds: 86400 });
  });

  test('window sums from the coarse ring are within one 5-minute bucket of exact', () => {
    const h = new SliHistory({ fineCapacity: 100, coarseSeconds: 86400 });
    for (let i = 1; i <= 8640; i++) h.add(i * 10_000, i <= 4320 ? 0 : 1, 1); // first 12 h bad, then good
    const day = h.sums(86400);
    expect(day.total).toBe(8640);
    const half = h.sums(6 * 3600); // beyond the fine ring (100 samples): coarse
    expect(Math.abs(half.total - 2160)).toBeLessThanOrEqual(30);
    expect(half.good).toBe(half.total);
  });
});

describe('latency, throughput and availability SLIs', () => {
  test('latency: the configured percentile against the threshold, values in the mapping unit (ms)', () => {
    const s = slo({ type: 'latency', name: 'fast-orders', metric: 'orderLatency', percentile: 99, threshold: '50ms', objective: 99 });
    const mappings = appMetricMapSchema.parse({ orderLatency: { type: 'histogram', metric: 'order_processing_seconds', scale: 1000, unit: 'ms' } });
    expect(sloRequirements([s]).extraQuantiles).toEqual({ orderLatency: [0.99] });
    const tracker = new SloTracker([s], mappings);
    const lat = (p99: number | null): Record<string, AppMetricValue> => ({ orderLatency: { key: 'orderLatency', type: 'histogram', value: 1, quantiles: [{ q: 0.99, value: p99 }], series: 1 } });
    expect(tracker.record({ timeMs: 1000, metrics: lat(42) })[0]).toMatchObject({ current: { good: true, value: 42 }, sli: 1 });
    expect(tracker.record({ timeMs: 2000, metrics: lat(51) })[0]).toMatchObject({ current: { good: false, value: 51 }, sli: 0.5 });
    // No observations in the interval: not counted either way.
    expect(tracker.record({ timeMs: 3000, metrics: lat(null) })[0]).toMatchObject({ current: { good: null }, sli: 0.5 });
  });

  test('throughput at or above the minimum; availability from counters or from the health check', () => {
    const through = slo({ type: 'throughput', name: 'flow', metric: 'ordersPerSec', min: 100, objective: 95 });
    const avail = slo({ type: 'availability', name: 'up', objective: 99.9 });
    const counted = slo({ type: 'availability', name: 'api-ok', objective: 99, good: { metric: 'http_ok_total' }, total: { metric: 'http_requests_total' } });
    const req = sloRequirements([counted]);
    expect(Object.keys(req.mappings)).toEqual([availabilityKey(counted)]);
    const tracker = new SloTracker([through, avail, counted], {});
    const metrics: Record<string, AppMetricValue> = {
      ordersPerSec: { key: 'ordersPerSec', type: 'rate', value: 99, series: 1 },
      [availabilityKey(counted)]: { key: 'x', type: 'ratio', value: 0.98, numerator: 98, denominator: 100, series: 2 },
    };
    const [t, a, c] = tracker.record({ timeMs: 1000, metrics, healthy: false });
    expect(t).toMatchObject({ current: { good: false, value: 99 }, sli: 0 });
    expect(a).toMatchObject({ current: { good: false }, sli: 0 });
    expect(c!.sli).toBeCloseTo(0.98, 12);
    expect(c!.alerts[0]!.shortBurnRate).toBeCloseTo(2, 10);
    const empty = new SloTracker([avail], {}).record({ timeMs: 1, metrics: {} })[0]!;
    expect(empty).toMatchObject({ status: 'no-data', sli: null, errorBudget: { consumed: null, remaining: null } });
  });
});
