/**
 * Application metrics from a real Prometheus client (python3-prometheus-client running
 * fixtures/prometheus/python-client/fixture-service.py), scraped through a lab host's SSH
 * connection (direct-tcpip channel). The service's histograms hold known observations: the
 * quantiles over each interval must be the ones the real Prometheus computed for the same
 * buckets (fixtures/prometheus/python-client/prometheus-quantiles.json).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ComponentSlos } from '../../src/analysis/slo-component.js';
import { AppMetricsCollector, sshTransport, type AppMetricsSnapshot, type Transport } from '../../src/collect/app-metrics/index.js';
import { appMetricMapSchema, sloSchema } from '../../src/config/observability-schema.js';
import { parseEndpoint } from '../../src/config/schema-primitives.js';
import { connect, type SshConnection } from '../../src/ssh/connection.js';
import { SshConfigSource } from '../../src/ssh/ssh-config.js';
import { startLab, type Lab } from '../lab/lab.js';
import { freePort } from '../lab/rabbitmq.js';
import { increaseQueries, promNumber, sameFloat } from '../collect/app-metrics/quantile-reference.js';

const SERVICE = fileURLToPath(new URL('../../fixtures/prometheus/python-client/fixture-service.py', import.meta.url));

interface Service {
  command(line: string): Promise<string>;
  stop(): Promise<void>;
}

async function startService(port: number, args: string[] = []): Promise<Service> {
  const child: ChildProcessWithoutNullStreams = spawn('/usr/bin/python3', [SERVICE, String(port), ...args]);
  const lines = createInterface({ input: child.stdout });
  const waiting: Array<(l: string) => void> = [];
  lines.on('line', (l) => waiting.shift()?.(l));
  const next = () => new Promise<string>((resolve, reject) => {
    waiting.push(resolve);
    child.once('exit', (code) => reject(new Error(`fixture-service.py exited ${code}`)));
  });
  expect(await next()).toBe(`listening ${port}`);
  return {
    command: (line) => {
      const answer = next();
      child.stdin.write(`${line}\n`);
      return answer;
    },
    stop: () => new Promise((resolve) => (child.exitCode !== null ? resolve() : (child.once('exit', () => resolve()), child.kill()))),
  };
}

let lab: Lab;
let conn: SshConnection;
let transport: Transport;
let port: number;

beforeAll(async () => {
  [lab, port] = await Promise.all([startLab({ hosts: 1 }), freePort()]);
  conn = await connect(new SshConfigSource({ home: lab.home }).resolve('lab-0'), { env: lab.env });
  transport = sshTransport(conn);
});
afterAll(async () => {
  conn?.close();
  await lab?.stop();
});

const endpoint = () => parseEndpoint(`127.0.0.1:${port}/metrics`)!;
const QS = [0.01, 0.25, 0.5, 0.9, 0.99];

/** One mapping per histogram and label set the reference has answers for. */
function referenceMappings() {
  const raw: Record<string, unknown> = {};
  for (const q of increaseQueries()) {
    for (const r of q.results) raw[`${q.metric}${Object.values(r.labels).join('')}`.replace(/[^A-Za-z0-9_]/g, '_')] = { type: 'histogram', metric: q.metric, labels: r.labels, quantiles: QS };
  }
  return appMetricMapSchema.parse(raw);
}

function expectReference(snapshot: AppMetricsSnapshot, phase: number): number {
  let compared = 0;
  for (const q of increaseQueries().filter((x) => x.phase === phase && QS.includes(Number(x.q)))) {
    for (const r of q.results) {
      const key = `${q.metric}${Object.values(r.labels).join('')}`.replace(/[^A-Za-z0-9_]/g, '_');
      const got = snapshot.metrics[key]!.quantiles!.find((x) => x.q === Number(q.q))!.value;
      const want = promNumber(r.value);
      const same = Number.isFinite(want) ? got !== null && sameFloat(got, want) : got === null;
      expect(same, `${key} q=${q.q} phase ${phase}: ${got} vs ${want}`).toBe(true);
      compared++;
    }
  }
  return compared;
}

describe('histograms with known observations, through SSH', () => {
  test("p50/p90/p99 (and 0.01, 0.25) over each interval equal Prometheus' histogram_quantile, across a process restart", async () => {
    const mappings = referenceMappings();
    const collector = new AppMetricsCollector({ component: 'fixture', role: 'order-engine', endpoints: [endpoint()], mappings, hosts: [transport] }, { timeoutMs: 10_000 });
    let service = await startService(port);
    try {
      const first = await collector.sample();
      expect(first.endpoints).toEqual([expect.objectContaining({ host: 'lab-0', ok: true, parseErrors: 0 })]);
      expect(Object.values(first.metrics).every((m) => m.quantiles!.every((q) => q.value === null))).toBe(true);

      expect(await service.command('phase 2')).toBe('ok 2');
      expect(expectReference(await collector.sample(), 2)).toBe(5 * 7);

      // A restarted process: every counter from zero, one bucket dropping while those above it do not.
      await service.stop();
      service = await startService(port, ['--fresh-phase', '3']);
      expect(expectReference(await collector.sample(), 3)).toBe(5 * 7);
    } finally {
      await service.stop();
    }
  });

  test('the order-engine role defaults and a latency SLO, with no mapping written', async () => {
    const service = await startService(port);
    try {
      const slos = [sloSchema.parse({ type: 'latency', name: 'validate-fast', metric: 'validationLatency', percentile: 99, threshold: '25ms', objective: 99 })];
      // The collector reads what the SLOs need; the SLOs are judged beside it, on its readings.
      const componentSlos = new ComponentSlos({ name: 'oe', role: 'order-engine', metrics: [endpoint()], appMetrics: {}, slos }, { appMetrics: {} }, { intervalSeconds: 1 });
      const collector = componentSlos.collector([transport], { timeoutMs: 10_000 });
      componentSlos.report(await collector.sample());
      expect(await service.command('phase 2')).toBe('ok 2');
      const report = componentSlos.report(await collector.sample());
      expect(Object.keys(report.appMetrics).sort()).toEqual(['errorRate', 'executionLatency', 'orderLatency', 'ordersPerSec', 'routingLatency', 'validationLatency']);
      expect(report.appMetrics['ordersPerSec']!.value!).toBeGreaterThan(0); // 65 orders over the interval
      const validation = report.appMetrics['validationLatency']!;
      expect(validation).toMatchObject({ unit: 'ms', count: 400 });
      expect(validation.quantiles!.map((q) => q.q)).toEqual([0.5, 0.9, 0.99]);
      const p99 = increaseQueries().find((q) => q.metric === 'order_processing_seconds' && q.q === '0.99' && q.phase === 2)!.results.find((r) => r.labels['stage'] === 'validate')!;
      expect(validation.quantiles![2]!.value!).toBeCloseTo(promNumber(p99.value) * 1000, 9);
      // No rejected-orders counter at all: no errors counted against the orders that were.
      expect(report.appMetrics['errorRate']).toMatchObject({ value: 0, numerator: 0, denominator: 65 });
      const [slo] = report.slos;
      expect(slo).toMatchObject({ name: 'validate-fast', current: { good: promNumber(p99.value) <= 0.025, value: validation.quantiles![2]!.value }, coveredSeconds: expect.any(Number) });
      expect(slo!.alerts.map((a) => a.severity)).toEqual(['page', 'ticket']);
    } finally {
      await service.stop();
    }
  });

  test('a closed port is reported for its endpoint with host and URL; the other endpoint still counts', async () => {
    const service = await startService(port);
    try {
      const closed = await freePort();
      const mappings = appMetricMapSchema.parse({ orders: { type: 'gauge', metric: 'fixture_weird_value', labels: { kind: 'huge' } } });
      const endpoints = [endpoint(), parseEndpoint(`127.0.0.1:${closed}/metrics`)!];
      const snap = await new AppMetricsCollector({ component: 'x', role: 'web', endpoints, mappings, hosts: [transport] }, { timeoutMs: 10_000 }).sample();
      expect(snap.endpoints.map((e) => e.ok)).toEqual([true, false]);
      expect(snap.endpoints[1]!.error).toMatch(new RegExp(`^lab-0: GET http://127\\.0\\.0\\.1:${closed}/metrics: cannot connect: `));
      expect(snap.metrics['orders']!.value).toBe(1.2345e21);
    } finally {
      await service.stop();
    }
  });
});
