import { afterEach, describe, expect, it, vi } from 'vitest';
import { componentReports } from '../../src/fleet/component-reports.js';
import { PlatformWatcher } from '../../src/fleet/platform-watcher.js';
import { MetricStore } from '../../src/model/store.js';
import type { ExecResult } from '../../src/ssh/ssh-connection.js';
import type { Transport } from '../../src/collect/app-metrics/transport.js';
import { capturedPlatform, capturedTransports, LOCK_PIDS, platformInventory, replayTransport } from './platform-fixture.js';

const downFleet = { connection: () => null };

afterEach(() => vi.useRealTimers());

describe('platform watcher', () => {
  it('reads every declared kind into the platform slot, in the shapes the collectors give', async () => {
    const platform = await capturedPlatform();
    expect(platform.watching).toEqual(['applications', 'slos', 'queues', 'databases']);
    expect(platform.applications!.map((a) => [a.component, a.error])).toEqual([['engine', null]]);
    expect(platform.applications![0]!.report!.appMetrics['ordersPerSec']!.value).toBeCloseTo(65 / 5.03, 6);
    expect(platform.applications![0]!.detail!.endpoints.map((e) => [e.host, e.ok])).toEqual([
      ['oe-1', true],
      ['oe-2', false],
    ]);
    const ordersIn = platform.queues!.queues.find((q) => q.name === 'orders.in')!;
    expect(ordersIn).toMatchObject({ component: 'broker', host: 'mq-1', depth: 303, trend: 'growing' });
    expect(ordersIn.imbalance.sustained).toBe(true);
    expect(Object.values(platform.queues!.depths)).toContainEqual([150, 303]);
    expect(platform.databases!.map((d) => [d.component, d.host, d.error])).toEqual([['db', 'db-1', null]]);
    expect(platform.databases![0]!.snapshot!.locks.blocked.map((b) => b.pid)).toEqual([LOCK_PIDS.waiter1, LOCK_PIDS.waiter2]);
  });

  it('once stopped publishes nothing, not even a read that was under way (the session has closed)', async () => {
    const store = new MetricStore();
    const captured = capturedTransports();
    let answer!: () => void;
    let entered!: () => void;
    const held = new Promise<void>((resolve) => (answer = resolve));
    const asked = new Promise<void>((resolve) => (entered = resolve));
    // oe-1's scrape is answered only after stop(): the read is under way when the watcher stops.
    const slow: Transport = {
      ...captured['oe-1']!,
      httpGet: async (target, options) => {
        entered();
        await held;
        return captured['oe-1']!.httpGet(target, options);
      },
    };
    const watcher = new PlatformWatcher(platformInventory(), downFleet, store, { intervalMs: 60_000, transport: (host) => (host === 'oe-1' ? slow : captured[host]!) });
    const reads = watcher.sampleOnce();
    await asked;
    const before = store.getState().platform;
    expect(before.applications).toBeUndefined();
    watcher.stop();
    answer();
    await reads;
    expect(store.getState().platform.applications).toBeUndefined();
    await watcher.sampleOnce();
    expect(store.getState().platform.applications).toBeUndefined();
  });

  it('rides the fleet connections: a host that is down is reported per host and nothing throws', async () => {
    const store = new MetricStore();
    const watcher = new PlatformWatcher(platformInventory(), downFleet, store, { intervalMs: 1000 });
    await watcher.sampleOnce();
    const { platform } = store.getState();
    expect(platform.applications![0]!.detail!.endpoints.map((e) => [e.host, e.ok, e.error])).toEqual([
      ['oe-1', false, 'oe-1 is down (no SSH connection)'],
      ['oe-2', false, 'oe-2 is down (no SSH connection)'],
    ]);
    expect(platform.queues!.errors).toEqual([{ component: 'broker', host: 'mq-1', message: 'mq-1 is down (no SSH connection)' }]);
    expect(platform.databases).toEqual([expect.objectContaining({ host: 'db-1', snapshot: null, error: 'db-1 is down (no SSH connection)' })]);
  });

  it('skips a tick while a read is still running instead of stacking reads, and backs off after a failure', async () => {
    vi.useFakeTimers();
    let calls = 0;
    let answer: (result: ExecResult) => void = () => undefined;
    const refused: ExecResult = { code: 2, signal: null, stdout: '', stderr: 'psql: error: connection to server on socket "/run/postgresql/.s.PGSQL.5432" failed: No such file or directory' };
    // The first psql hangs until the test answers; the ones after fail at once.
    const db = replayTransport('db-1', {
      exec: () => {
        calls += 1;
        return calls === 1 ? new Promise((resolve) => (answer = resolve)) : Promise.resolve(refused);
      },
    });
    const transports: Record<string, Transport> = { ...capturedTransports(), 'db-1': db };
    const inventory = platformInventory().components.filter((c) => c.name === 'db');
    const store = new MetricStore();
    const watcher = new PlatformWatcher({ ...platformInventory(), components: inventory }, downFleet, store, { intervalMs: 1000, transport: (h) => transports[h]! });
    watcher.start();
    await vi.advanceTimersByTimeAsync(3000);
    // One psql still waiting: three ticks skipped, no second psql started.
    expect(calls).toBe(1);
    expect(watcher.stats()).toEqual({ started: 1, skipped: 3 });
    answer(refused);
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState().platform.databases![0]!.error).toMatch(/^db-1: psql -d trading failed: psql: error: connection to server/);
    // Failures back off 1, 2, 4 … intervals: the next read comes a tick later, the one after two.
    const callsAfter = (ms: number) => vi.advanceTimersByTimeAsync(ms).then(() => calls);
    expect(await callsAfter(1000)).toBe(2);
    expect(await callsAfter(1000)).toBe(2);
    expect(await callsAfter(1000)).toBe(3);
    expect(await callsAfter(3000)).toBe(3);
    expect(await callsAfter(1000)).toBe(4);
    watcher.stop();
    expect(store.getState().platform.watching).toEqual([]);
  });

  it('keeps what other watchers list in `watching`, adding and removing only its own kinds', () => {
    const store = new MetricStore();
    store.setPlatform('watching', ['jvms']);
    const watcher = new PlatformWatcher(platformInventory(), downFleet, store, { intervalMs: 60_000 });
    watcher.start();
    expect(store.getState().platform.watching).toEqual(['jvms', 'applications', 'slos', 'queues', 'databases']);
    watcher.stop();
    expect(store.getState().platform.watching).toEqual(['jvms']);
  });

  it("judges an availability SLO without counters by the components' health checks in the store", async () => {
    const inventory = platformInventory(`
hosts: [{name: auth-1}]
components:
  - name: auth
    role: auth
    hosts: [auth-1]
    slos: [{name: up, type: availability, objective: 99}]
`);
    const store = new MetricStore();
    let now = 1_000_000;
    const watcher = new PlatformWatcher(inventory, downFleet, store, { intervalMs: 1000, now: () => now });
    store.setPlatform('componentHealth', { auth: [{ host: 'auth-1', ok: true, output: 'exit 0', time: now }] });
    await watcher.sampleOnce();
    now += 1000;
    store.setPlatform('componentHealth', { auth: [{ host: 'auth-1', ok: false, output: 'exit 1', time: now }] });
    await watcher.sampleOnce();
    const slo = store.getState().platform.applications![0]!.report!.slos[0]!;
    expect(slo).toMatchObject({ name: 'up', sli: 0.5, current: { good: false, value: 0 } });
  });
});

describe('components of perfmon snapshot --json', () => {
  it('one entry per component that declares something, in the ComponentReport shape with errors per host', async () => {
    const platform = await capturedPlatform();
    const reports = componentReports(platformInventory().components, platform);
    expect(reports.map((r) => r.name)).toEqual(['engine', 'broker', 'db']);
    const [engine, broker, db] = reports;
    expect(Object.keys(engine!)).toEqual(['name', 'role', 'timeMs', 'appMetrics', 'slos', 'errors']);
    expect(engine!.slos.map((s) => [s.name, s.status])).toEqual([
      ['order-latency', 'page'],
      ['order-rate', 'ok'],
      ['orders-succeed', 'ok'],
    ]);
    expect(engine!.errors).toEqual([{ host: 'oe-2', source: 'metrics', message: expect.stringMatching(/^oe-2: GET localhost:9404\/metrics: cannot connect/) }]);
    expect(Object.keys(broker!)).toEqual(['name', 'role', 'timeMs', 'appMetrics', 'slos', 'queues', 'errors']);
    expect(broker!.queues!.map((q) => q.name).sort()).toEqual(['audit "q" \\ backline', 'orders.exec', 'orders.in']);
    expect(broker!).toMatchObject({ appMetrics: {}, slos: [], errors: [] });
    expect(db!.database!.map((d) => d.host)).toEqual(['db-1']);
    expect(JSON.parse(JSON.stringify(reports))).toEqual(reports);
  });
});
