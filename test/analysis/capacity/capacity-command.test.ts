/**
 * `perfmon capacity` through the real bin over a store written as a recorder would: three days
 * of one-minute readings of two hosts. web1's /data fills at a known rate, its /logs is a
 * rotating log near full (a sawtooth that must not read as "full soon"), its CPU follows the
 * order engine's orders per second (10 % + 0.05 % per order/s); md1's CPU is noise, whatever
 * the market data rate.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HistoryWriter } from '../../../src/history/history-writer.js';
import { runPerfmon } from '../../support-bin.js';

const GIB = 1024 ** 3;
const HOUR = 3_600_000;
const MINUTE = 60_000;
const dir = mkdtempSync(join(tmpdir(), 'perfmon-capacity-'));
const store = join(dir, 'history');
const now = Math.floor(Date.now() / MINUTE) * MINUTE;
const start = now - 72 * HOUR;
const DATA_SIZE = 500 * GIB;
const DATA_RATE = GIB; // per hour
const dataUsed = (t: number) => 100 * GIB + (DATA_RATE * (t - start)) / HOUR;
let seed = 7;
const noise = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 2;
const orders = (t: number) => 500 + 300 * Math.sin((2 * Math.PI * (t - start)) / (24 * HOUR)) + 20 * noise();

beforeAll(async () => {
  const writer = await HistoryWriter.open(store);
  try {
    for (let t = start; t <= now; t += MINUTE) {
      const logs = 80 * GIB + (15 * GIB * ((t - start) % (24 * HOUR))) / (24 * HOUR);
      const disk = (mount: string, used: number, size: number) => [
        { key: { name: 'fs_used_bytes', labels: { host: 'web1', mount } }, v: used },
        { key: { name: 'fs_available_bytes', labels: { host: 'web1', mount } }, v: size - used },
      ];
      const o = orders(t);
      writer.append('web1', t, [
        ...disk('/data', dataUsed(t) + 0.05 * GIB * noise(), DATA_SIZE),
        ...disk('/logs', logs, 100 * GIB),
        { key: { name: 'cpu_usage', labels: { host: 'web1' } }, v: 10 + 0.05 * o + noise() },
        { key: { name: 'memory_total_bytes', labels: { host: 'web1' } }, v: 16 * GIB },
        { key: { name: 'memory_available_bytes', labels: { host: 'web1' } }, v: 9 * GIB + 0.1 * GIB * noise() },
      ]);
      writer.append('md1', t, [{ key: { name: 'cpu_usage', labels: { host: 'md1' } }, v: 30 + 10 * noise() }]);
      writer.append('app:order-engine', t, [{ key: { name: 'app_metric', labels: { component: 'order-engine', metric: 'ordersPerSec' } }, v: o }]);
      writer.append('app:market-data', t, [{ key: { name: 'app_metric', labels: { component: 'market-data', metric: 'marketDataUpdatesPerSec' } }, v: orders(t) * 10 }]);
    }
  } finally {
    writer.close();
  }
  writeFileSync(
    join(dir, 'perfmon.yaml'),
    ['hosts:', '  - { name: web1, address: 127.0.0.1 }', '  - { name: md1, address: 127.0.0.1 }', 'components:', '  - { name: order-engine, role: order-engine, hosts: [web1] }', '  - { name: market-data, role: market-data, hosts: [md1] }', `history: { path: ${store} }`, ''].join('\n'),
  );
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const env = { ...process.env, HOME: dir, XDG_CONFIG_HOME: join(dir, 'config'), XDG_STATE_HOME: join(dir, 'state') };
const config = () => ['--config', join(dir, 'perfmon.yaml')];

describe('perfmon capacity', () => {
  it('ranks the filling filesystem first, its time to full within 10 % of the truth, and the rotating log not full soon', async () => {
    const { code, stdout, stderr } = await runPerfmon(['capacity', '--json', ...config()], env);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { resources: { kind: string; host: string; target: string; exhaustionInMs: number | null; soon: boolean; components: string[]; trends: { window: string }[] }[] };
    const first = report.resources[0]!;
    expect([first.kind, first.host, first.target, first.components]).toEqual(['filesystem', 'web1', '/data', ['order-engine']]);
    const truth = ((DATA_SIZE - dataUsed(now)) / DATA_RATE) * HOUR;
    expect(Math.abs(first.exhaustionInMs! - truth) / truth).toBeLessThan(0.1);
    expect(first.trends.map((t) => t.window)).toEqual(['6h', '24h', '7d']);
    const logs = report.resources.find((r) => r.target === '/logs')!;
    expect(logs.soon).toBe(false);
  });

  it('prints the ranked table', async () => {
    const { code, stdout } = await runPerfmon(['capacity', ...config()], env);
    expect(code).toBe(0);
    expect(stdout).toMatch(/RESOURCE\s+HOST\s+COMPONENT\s+TARGET\s+USED\/LIMIT\s+TREND\s+FULL IN/);
    expect(stdout.split('\n')[2]).toMatch(/^filesystem\s+web1\s+order-engine\s+\/data\s+/);
  });

  it('--what-if predicts the CPU from the measured relation with orders, the hosts needed, and refuses a fit the history does not support', async () => {
    const { code, stdout } = await runPerfmon(['capacity', '--json', '--what-if', 'orders=+50%', ...config()], env);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { components: { component: string; peakThroughput: number; resources: { resource: string; fit: { r2: number; slope: number } | null; predictedPeak: number | null }[]; hostsNeeded: number }[] };
    const engine = report.components.find((c) => c.component === 'order-engine')!;
    const cpu = engine.resources.find((r) => r.resource === 'cpu')!;
    const truth = 10 + 0.05 * engine.peakThroughput * 1.5;
    expect(Math.abs(cpu.predictedPeak! - truth) / truth).toBeLessThan(0.05);
    expect(cpu.fit!.r2).toBeGreaterThan(0.9);
    expect(engine.hostsNeeded).toBe(1);
    const md = await runPerfmon(['capacity', '--what-if', 'marketData=x3', ...config()], env);
    expect(md.code).toBe(1);
    expect(md.stdout).toMatch(/use does not follow the throughput \(R² 0\.\d\d < 0\.5\)/);
  });

  it('refuses a malformed --what-if with exit 2', async () => {
    const { code, stderr } = await runPerfmon(['capacity', '--what-if', 'orders=50', ...config()], env);
    expect(code).toBe(2);
    expect(stderr).toContain('--what-if "orders=50": expected METRIC=+N%');
  });
});
