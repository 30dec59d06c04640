/**
 * Rates and ratios over a sliding window: a real HTTP endpoint (node:http on loopback, read
 * over a real TCP socket by the collector's own HTTP client) exposes an order counter growing
 * 50/s and a reject counter growing by one every 4 s — a 0.5 % reject rate. Over one scrape
 * interval it reads 0 % or 2 % by turns; over the window it reads 0.5 %.
 */
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppMetricsCollector } from '../../../src/collect/app-metrics/app-metrics-collector.js';
import { httpGetOverStream } from '../../../src/collect/app-metrics/http-get.js';
import type { Transport } from '../../../src/collect/app-metrics/transport.js';
import { appMetricMapSchema } from '../../../src/config/observability-schema.js';
import { parseEndpoint } from '../../../src/config/schema-primitives.js';

const counters = { orders: 0, rejected: 0 };
let server: Server;
let port: number;

beforeAll(async () => {
  server = createServer((_req, res) => {
    res.setHeader('content-type', 'text/plain; version=0.0.4');
    res.end(`# TYPE orders_total counter\norders_total ${counters.orders}\n# TYPE orders_rejected_total counter\norders_rejected_total ${counters.rejected}\n`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const transport = (): Transport => ({
  host: 'local',
  httpGet: (target, options) => httpGetOverStream(() => Promise.resolve(connect(target.port, target.host)), target, { ...options, hostLabel: 'local' }),
  exec: () => Promise.reject(new Error('not used')),
});

const mappings = appMetricMapSchema.parse({
  errors: { type: 'ratio', numerator: { metric: 'orders_rejected_total' }, denominator: [{ metric: 'orders_total' }] },
  orders: { type: 'rate', metric: 'orders_total' },
});

/** 90 scrapes one (simulated) second apart; the counters move between them. */
async function run(windowSeconds: number | undefined) {
  counters.orders = 0;
  counters.rejected = 0;
  let clock = 1_700_000_000_000;
  const collector = new AppMetricsCollector(
    { component: 'engine', role: 'order-engine', endpoints: [parseEndpoint(`127.0.0.1:${port}/metrics`)!], mappings, hosts: [transport()] },
    { timeoutMs: 5000, now: () => clock, ...(windowSeconds === undefined ? {} : { windowSeconds }) },
  );
  const snapshots = [];
  for (let second = 0; second < 90; second++) {
    snapshots.push(await collector.sample());
    clock += 1000;
    counters.orders += 50;
    if (second % 4 === 3) counters.rejected += 1;
  }
  return snapshots;
}

describe('application metrics over a sliding window', () => {
  it('without a window a 0.5 % reject rate flickers between 0 % and 2 %', async () => {
    const values = (await run(undefined)).slice(1).map((s) => s.metrics['errors']!.value);
    expect(new Set(values.map((v) => Math.round(v! * 1000) / 1000))).toEqual(new Set([0, 0.02]));
  });

  it('over a 1-minute window it reads 0.5 % steadily once the window has filled, and says how much it covers', async () => {
    const snapshots = await run(60);
    expect(snapshots[10]!.windowSeconds).toBe(60);
    expect(snapshots[10]!.spanSeconds).toBe(10);
    const filled = snapshots.slice(60);
    for (const s of filled) {
      expect(s.spanSeconds).toBeGreaterThanOrEqual(60);
      expect(s.spanSeconds).toBeLessThanOrEqual(70);
      expect(s.metrics['errors']!.value!).toBeGreaterThan(0.0045);
      expect(s.metrics['errors']!.value!).toBeLessThan(0.0056);
      expect(s.metrics['orders']!.value).toBe(50);
      expect(s.hosts[0]!.metrics['errors']!.value).toBe(s.metrics['errors']!.value);
    }
    // The values since the previous scrape still count each reject once (for the SLO budgets).
    const counted = snapshots.slice(1).reduce((sum, s) => sum + (s.sinceLast!['errors']!.numerator ?? 0), 0);
    expect(counted).toBe(counters.rejected);
  });
});
