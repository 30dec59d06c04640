import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HistoryReader } from '../../src/history/history-reader.js';
import { Recorder, type HostEvent } from '../../src/history/recorder.js';
import { MetricStore } from '../../src/model/store.js';
import { capturedPlatform, LOCK_PIDS, SCRAPE_TIMES } from '../fleet/platform-fixture.js';
import { fleetJvms } from '../views/dumps-fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'perfmon-platform-history-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A recorder on `store` and the live store (as the watchers write it) whose samples it records. */
async function recorderOn(store: string): Promise<{ recorder: Recorder; watched: MetricStore }> {
  const watched = new MetricStore();
  const recorder = await Recorder.start(async (listener: (event: HostEvent) => void) => ({ hosts: [], stop: watched.onSample(listener) as () => void }), { store, log: () => {} });
  return { recorder, watched };
}

describe('platform readings in history', () => {
  it('records app metrics, SLOs, queues and databases from the captured platform, each at its read time', async () => {
    const { recorder, watched } = await recorderOn(dir);
    // The platform watcher over the lab's captured answers, into the store the recorder listens to.
    await capturedPlatform({}, watched);
    await recorder.stop();

    const reader = await HistoryReader.open(dir);
    const [first, second] = SCRAPE_TIMES as [number, number];
    const range = [first - 60_000, second + 60_000, 1] as const;
    const points = (name: string, labels: Record<string, string>) => reader.query({ name, labels }, ...range).flatMap((s) => s.buckets.map((b) => [b.t, b.min]));
    // Two reads of orders.in, 5 s apart: its depth at each (one sample per read although the slot was set many times).
    expect(points('queue_depth', { queue: 'orders.in' })).toEqual([
      [first, 150],
      [second, 303],
    ]);
    const [rate] = reader.query({ name: 'app_metric', labels: { component: 'engine', metric: 'ordersPerSec' } }, ...range).filter((s) => s.key.labels['host'] === undefined);
    expect(rate!.buckets.at(-1)!.min).toBeCloseTo(65 / 5.03, 6);
    expect(points('app_endpoint_up', { component: 'engine', host: 'oe-2' }).map(([, v]) => v)).toEqual([0, 0]);
    expect(reader.query({ name: 'slo_sli', labels: { component: 'engine' } }, ...range).map((s) => s.key.labels['slo']).sort()).toEqual(['order-latency', 'order-rate', 'orders-succeed']);
    expect(points('db_sessions_blocked', { component: 'db', host: 'db-1' }).at(-1)![1]).toBe([LOCK_PIDS.waiter1, LOCK_PIDS.waiter2].length);
    reader.close();
  });

  it("records each JVM's heap, pools, GC and threads from real jstat captures, and a JVM without figures as down", async () => {
    const store = join(dir, 'jvms');
    const { recorder, watched } = await recorderOn(store);
    const jvms = fleetJvms();
    watched.setPlatform('jvms', jvms);
    watched.setPlatform('jvms', [...jvms]); // the same readings again: recorded once
    await recorder.stop();

    const reader = await HistoryReader.open(store);
    const range = [Date.now() - 60_000, Date.now() + 1000, 1] as const;
    const one = (name: string, labels: Record<string, string>) => {
      const series = reader.query({ name, labels }, ...range);
      expect(series.map((s) => s.buckets.length)).toEqual([1]);
      return series[0]!.buckets[0]!.min;
    };
    const engine = jvms[0]!.jvms[0]!;
    const labels = { host: 'oms-1', pid: '4242', main: 'com.example.OrderEngine' };
    expect(one('jvm_heap_used_bytes', labels)).toBe(engine.heap!.used);
    expect(one('jvm_gc_count', labels)).toBe(engine.gc!.count);
    expect(one('jvm_threads_live', labels)).toBe(engine.threads!.live);
    expect(one('jvm_nonheap_used_bytes', { ...labels, pool: 'metaspace' })).toBe(engine.nonHeap!.metaspace!.used);
    expect(reader.query({ name: 'jvm_gc_collector_count', labels }, ...range).length).toBe(engine.gc!.collectors.length);
    expect(one('jvm_up', { host: 'oms-2', pid: '7373' })).toBe(0);
    expect(reader.query({ name: 'jvm_heap_used_bytes', labels: { host: 'oms-2' } }, ...range)).toEqual([]);
    reader.close();
  });

  it("records each component's health check per host, at the time it ran", async () => {
    const store = join(dir, 'health');
    const { recorder, watched } = await recorderOn(store);
    const t = Date.now() - 10_000;
    watched.setPlatform('componentHealth', { engine: [{ host: 'oe-1', ok: true, output: 'HTTP 200: UP', time: t }, { host: 'oe-2', ok: false, output: 'exit 1: refused', time: t + 5 }] });
    watched.setPlatform('componentHealth', { engine: [{ host: 'oe-1', ok: false, output: 'HTTP 503', time: t + 2000 }, { host: 'oe-2', ok: false, output: 'exit 1: refused', time: t + 5 }] });
    await recorder.stop();
    const reader = await HistoryReader.open(store);
    const checks = (host: string) => reader.query({ name: 'component_healthy', labels: { component: 'engine', host } }, t - 1000, t + 5000, 1)[0]!.buckets.map((b) => [b.t, b.min]);
    expect(checks('oe-1')).toEqual([
      [t, 1],
      [t + 2000, 0],
    ]);
    expect(checks('oe-2')).toEqual([[t + 5, 0]]);
    reader.close();
  });
});
