import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { comparePeriods, baselineStart } from '../../../src/analysis/correlation/compare-periods.js';
import { correlateHistory } from '../../../src/analysis/correlation/correlate-history.js';
import { bestLag, kolmogorovSmirnov, spearman } from '../../../src/analysis/correlation/series-statistics.js';
import { HistoryReader } from '../../../src/history/history-reader.js';
import { HistoryWriter } from '../../../src/history/history-writer.js';
import { gaussian } from '../anomaly/seeded-noise.js';

const SECOND = 1000;
/** 30 minutes at 1 s, ending a minute ago (the writer refuses readings ahead of the clock). */
const START = Math.floor((Date.now() - 31 * 60_000) / 60_000) * 60_000;
const SECONDS = 1800;
/** The cause (db1's disk writes) steps up at 20 min; the effect (the engine's latency) 30 s later. */
const CAUSE_AT = 1200;
const EFFECT_AT = CAUSE_AT + 30;

describe('correlate and compare over a store', () => {
  let dir: string;
  let reader: HistoryReader;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'perfmon-correlate-'));
    const writer = await HistoryWriter.open(dir);
    const g = gaussian(11);
    for (let i = 0; i < SECONDS; i++) {
      const t = START + i * SECOND;
      writer.append('db1', t, [
        { key: { name: 'disk_write_bytes_per_sec', labels: { host: 'db1', device: 'sda' } }, v: 1e6 * (1 + 0.1 * g()) + (i >= CAUSE_AT ? 5e7 : 0) },
        { key: { name: 'cpu_usage', labels: { host: 'db1' } }, v: 30 + 3 * g() },
        { key: { name: 'jvm_gc_time_ms', labels: { host: 'db1', pid: '7' } }, v: 100 * i },
        { key: { name: 'host_up', labels: { host: 'db1' } }, v: i >= 1500 && i < 1520 ? 0 : 1 },
      ]);
      writer.append('app:engine', t, [
        { key: { name: 'app_metric', labels: { component: 'engine', metric: 'orderLatency' } }, v: 4 + 0.4 * g() + (i >= EFFECT_AT ? 20 : 0) },
        { key: { name: 'app_metric', labels: { component: 'engine', host: 'db1', metric: 'orderLatency' } }, v: 4 + 0.4 * g() + (i >= EFFECT_AT ? 20 : 0) },
      ]);
    }
    writer.appendEvent(START + 1300 * SECOND, 'e1', { time: new Date(START + 1300 * SECOND).toISOString(), event: 'before', action: 'restart', component: 'engine', host: 'db1' });
    writer.close();
    reader = await HistoryReader.open(dir);
  });
  afterAll(() => {
    reader?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('KS, Spearman and the lead search on plain arrays', () => {
    expect(kolmogorovSmirnov([1, 2, 3, 4], [5, 6, 7, 8])!.d).toBe(1);
    expect(kolmogorovSmirnov([1, 2, 3, 4], [1, 2, 3, 4])!.d).toBe(0);
    expect(kolmogorovSmirnov([1, 2], [3, 4, 5])).toBeNull();
    expect(spearman([1, 2, 3, 4, 5], [1, 4, 9, 16, 25])).toBeCloseTo(1, 9);
    const cause = Array.from({ length: 100 }, (_, i) => Math.sin(i / 5));
    const effect = cause.map((_, i) => Math.sin((i - 3) / 5)); // the effect is the cause 3 steps later
    expect(bestLag(effect, cause, 10)!.lag).toBe(3);
  });

  it('ranks the cause first, leading by its 30 s, leaves out the chosen series\' breakdown, and lists the events and host changes', () => {
    const from = START + (CAUSE_AT - 300) * SECOND;
    const to = START + (CAUSE_AT + 300) * SECOND + 300 * SECOND;
    const result = correlateHistory(reader, { metric: { name: 'app_metric', labels: { component: 'engine', metric: 'orderLatency' } }, from, to, componentsOf: (h) => (h === 'db1' ? ['database'] : []) });
    expect(result.metric).toBe('app_metric{component="engine",metric="orderLatency"}');
    const [first] = result.ranking;
    expect(first!.id).toBe('disk_write_bytes_per_sec{device="sda",host="db1"}');
    expect(first!.host).toBe('db1');
    expect(first!.component).toBe('database');
    expect(first!.correlation!.lagSeconds).toBe(30);
    expect(first!.change.ks).toBeGreaterThan(0.4);
    expect(result.ranking.map((r) => r.id)).not.toContain('app_metric{component="engine",host="db1",metric="orderLatency"}');
    // The GC counter rises in every window: compared by its increase, which is steady.
    expect(result.ranking.find((r) => r.name === 'jvm_gc_time_ms')!.change.ks).toBeLessThan(0.2);
    expect(result.events.map((e) => e.event['action'])).toEqual(['restart']);
    // At the window's step: the first bucket mostly down, the first mostly up again.
    expect(result.hostChanges.map((c) => [c.host, c.state])).toEqual([['db1', 'down'], ['db1', 'up']]);
    const [down, up] = result.hostChanges;
    expect(START + 1500 * SECOND - down!.t).toBeLessThan(result.step);
    expect(up!.t - (START + 1520 * SECOND)).toBeLessThan(result.step);
  });

  it('names the series a metric matches when it is not one', () => {
    expect(() => correlateHistory(reader, { metric: { name: 'app_metric', labels: { metric: 'orderLatency' } }, from: START + 600_000, to: START + 1_200_000 })).toThrow('matches 2 series');
    expect(() => correlateHistory(reader, { metric: { name: 'nope', labels: {} }, from: START + 600_000, to: START + 1_200_000 })).toThrow('no stored series nope matches');
  });

  it('compares a window with its baseline: the stepped series significant, the steady one not', () => {
    const from = START + (CAUSE_AT + 60) * SECOND;
    const to = from + 300 * SECOND;
    const result = comparePeriods(reader, { from, to, baselineFrom: baselineStart('-15m', from) });
    expect(result.baseline).toEqual({ from: from - 900_000, to: to - 900_000 });
    const byId = new Map(result.series.map((s) => [s.id, s]));
    const disk = byId.get('disk_write_bytes_per_sec{device="sda",host="db1"}')!;
    expect(disk.significant).toBe(true);
    expect(disk.change!).toBeGreaterThan(40);
    expect(disk.current.max).toBeGreaterThanOrEqual(disk.current.p95);
    expect(disk.current.p95).toBeGreaterThanOrEqual(disk.current.mean * 0.9);
    expect(byId.get('cpu_usage{host="db1"}')!.significant).toBe(false);
    expect(result.series[0]!.significant).toBe(true);
    expect(() => comparePeriods(reader, { from, to, baselineFrom: from - 60_000 })).toThrow('overlaps the window');
  });
});
