import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HistoryReader } from '../../src/history/history-reader.js';
import { Recorder, type HostEvent } from '../../src/history/recorder.js';
import { ForwardingStore } from '../../src/runtime/recorder-readings.js';
import { capturedPlatform, LOCK_PIDS, SCRAPE_TIMES } from '../fleet/platform-fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'perfmon-platform-history-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('platform readings in history', () => {
  it('records app metrics, SLOs, queues and databases from the captured platform, each at its read time', async () => {
    let forward: (event: HostEvent) => void = () => {};
    const recorder = await Recorder.start((listener) => ((forward = listener), { hosts: [], stop: () => {} }), { store: dir, log: () => {} });
    // The platform watcher over the lab's captured answers, into the store the recorder listens to.
    await capturedPlatform({}, new ForwardingStore((event) => forward(event)));
    recorder.stop();

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
});
