import { describe, expect, it } from 'vitest';
import { MetricStore, type StoreSample } from '../../src/model/store.js';
import { SeriesSet } from '../../src/model/series-set.js';
import { TimedSeries } from '../../src/model/timed-series.js';
import { capturedSnapshot } from '../views/render-app.js';

const at = (iso: string) => ({ ...capturedSnapshot(), time: iso });

describe('TimedSeries', () => {
  it('keeps each sample with its time, the newest `capacity` of them', () => {
    const series = new TimedSeries({ name: 'cpu_usage', labels: { host: 'a' } }, 3);
    for (let i = 1; i <= 4; i += 1) series.push(i * 1000, i * 10);
    expect(series.samples()).toEqual([
      { t: 2000, v: 20 },
      { t: 3000, v: 30 },
      { t: 4000, v: 40 },
    ]);
    expect(series.tail(2)).toEqual([30, 40]);
  });

  it('marks a gap once (NaN, with the time it began), never on an empty series', () => {
    const series = new TimedSeries({ name: 'x', labels: {} }, 10);
    series.gap(500);
    expect(series.length).toBe(0);
    series.push(1000, 1);
    series.gap(2000);
    series.gap(3000);
    series.push(4000, 2);
    expect(series.samples().map((s) => [s.t, s.v])).toEqual([
      [1000, 1],
      [2000, Number.NaN],
      [4000, 2],
    ]);
  });
});

describe('SeriesSet', () => {
  it('selects series by name and labels, and gaps only those carrying the labels', () => {
    const set = new SeriesSet(10);
    set.push({ name: 'cpu_usage', labels: { host: 'a' } }, 1000, 5);
    set.push({ name: 'cpu_usage', labels: { host: 'b' } }, 1000, 6);
    set.push({ name: 'jvm_heap_used_bytes', labels: { host: 'a', pid: '42' } }, 1000, 7);
    expect(set.select({ name: 'cpu_usage' }).map((s) => s.key.labels['host'])).toEqual(['a', 'b']);
    set.gapWhere({ host: 'a' }, 2000);
    expect(set.select({ name: 'cpu_usage', labels: { host: 'a' } })[0]!.endsInGap).toBe(true);
    expect(set.select({ name: 'jvm_heap_used_bytes' })[0]!.endsInGap).toBe(true);
    expect(set.select({ name: 'cpu_usage', labels: { host: 'b' } })[0]!.endsInGap).toBe(false);
  });
});

describe('the live store as labelled, timestamped series', () => {
  it('names each host series with its host and stamps every sample with the reading time', () => {
    const store = new MetricStore();
    store.record(at('2026-12-03T10:00:00.000Z'));
    store.record(at('2026-12-03T10:00:01.000Z'));
    const name = capturedSnapshot().name;
    const [cpu] = store.series({ name: 'cpu_usage', labels: { host: name } });
    expect(cpu!.key).toEqual({ name: 'cpu_usage', labels: { host: name } });
    expect(cpu!.samples().map((s) => s.t)).toEqual([Date.parse('2026-12-03T10:00:00.000Z'), Date.parse('2026-12-03T10:00:01.000Z')]);
    expect(cpu).toBe(store.find(name)!.series.cpu);
    expect(store.series({ name: 'load1' })).toHaveLength(1);
  });

  it('a host that is down leaves a gap in each of its series, from the moment it went down', () => {
    let now = Date.parse('2026-12-03T10:00:05.000Z');
    const store = new MetricStore({ now: () => now });
    const name = capturedSnapshot().name;
    store.record(at('2026-12-03T10:00:00.000Z'));
    store.record(at('2026-12-03T10:00:01.000Z'));
    store.markDown(name, 'refused: connection refused');
    now += 1000;
    store.markDown(name, 'timeout: no answer in 10s');
    store.record(at('2026-12-03T10:00:30.000Z'));
    const host = store.find(name)!;
    for (const series of Object.values(host.series)) {
      const samples = series.samples();
      expect(samples.map((s) => s.t), series.key.name).toEqual([
        Date.parse('2026-12-03T10:00:00.000Z'),
        Date.parse('2026-12-03T10:00:01.000Z'),
        Date.parse('2026-12-03T10:00:05.000Z'),
        Date.parse('2026-12-03T10:00:30.000Z'),
      ]);
      expect(samples.map((s) => Number.isNaN(s.v)), series.key.name).toEqual([false, false, true, false]);
    }
  });

  it('a down host misses a sample on every tick, so the gap is as long as the outage', () => {
    let now = Date.parse('2026-12-03T10:00:02.000Z');
    const store = new MetricStore({ now: () => now });
    const name = capturedSnapshot().name;
    store.markDown('never-seen', 'refused');
    store.markMissed('never-seen');
    expect(store.find('never-seen')!.series.cpu.length).toBe(0);
    store.record(at('2026-12-03T10:00:01.000Z'));
    store.markMissed(name); // up: nothing is missed
    store.markDown(name, 'refused');
    for (let i = 0; i < 3; i += 1) {
      now += 1000;
      store.markMissed(name);
    }
    store.record(at('2026-12-03T10:00:06.000Z'));
    expect(store.find(name)!.series.load1.samples().map((s) => [s.t - Date.parse('2026-12-03T10:00:00.000Z'), Number.isNaN(s.v)])).toEqual([
      [1000, false],
      [2000, true],
      [3000, true],
      [4000, true],
      [5000, true],
      [6000, false],
    ]);
  });

  it('feeds labelled series from platform readings (queue depth, JVM heap) at their read times, once each', () => {
    const store = new MetricStore();
    const jvm = (time: string, used: number) => ({
      host: 'app-1', pid: 4242, user: 'app', mainClass: 'Engine', time, uptimeSeconds: 60, status: 'ok' as const, error: null,
      heap: { used, committed: 2 * used, max: null }, nonHeap: null, gc: null, threads: { live: 30, daemon: null, peak: null },
    });
    const first = [{ host: 'app-1', error: null, jvms: [jvm('2026-12-03T10:00:00.000Z', 100)], time: 0 }];
    store.setPlatform('jvms', first);
    // Republished unchanged (another host's JVM changed): no second sample.
    store.setPlatform('jvms', [...first]);
    store.setPlatform('jvms', [{ host: 'app-1', error: null, jvms: [jvm('2026-12-03T10:00:01.000Z', 150)], time: 0 }]);
    const [heap] = store.series({ name: 'jvm_heap_used_bytes', labels: { host: 'app-1', pid: '4242' } });
    expect(heap!.samples()).toEqual([
      { t: Date.parse('2026-12-03T10:00:00.000Z'), v: 100 },
      { t: Date.parse('2026-12-03T10:00:01.000Z'), v: 150 },
    ]);
    expect(store.series({ name: 'jvm_threads_live' })[0]!.last()).toBe(30);
    expect(store.series({ name: 'jvm_gc_time_percent' })).toEqual([]);

    const status = { component: 'broker', source: 'rabbitmq-prometheus' as const, host: 'mq-1', vhost: '/', name: 'orders.in', timeMs: 5000, depth: 303 };
    store.setPlatform('queues', { timeMs: 5000, queues: [status as never], errors: [], warnings: [], depths: {} });
    const [depth] = store.series({ name: 'queue_depth', labels: { queue: 'orders.in' } });
    expect(depth!.key.labels).toEqual({ component: 'broker', host: 'mq-1', queue: 'orders.in', source: 'rabbitmq-prometheus', vhost: '/' });
    expect(depth!.samples()).toEqual([{ t: 5000, v: 303 }]);

    // A host going down leaves a gap in its platform series too.
    store.markDown('app-1', 'refused');
    expect(heap!.endsInGap).toBe(true);
    expect(depth!.endsInGap).toBe(false);
  });

  it('tells every reading with its time, one by one (host, host down, platform), never `watching`', () => {
    const store = new MetricStore({ notifyDelayMs: 1000, now: () => 42 });
    const told: StoreSample[] = [];
    store.onSample((s) => told.push(s));
    const snap = at('2026-12-03T10:00:00.000Z');
    store.record(snap);
    store.markDown(snap.name, 'refused');
    store.markDown(snap.name, 'refused');
    store.setPlatform('watching', ['queues']);
    const jvms = [{ host: snap.name, error: null, jvms: [], time: 41 }];
    store.setPlatform('jvms', jvms);
    expect(told).toEqual([
      { kind: 'host', timeMs: Date.parse(snap.time), host: snap.name, snapshot: snap },
      { kind: 'host-down', timeMs: 42, host: snap.name, reason: 'refused' },
      { kind: 'platform', timeMs: 42, key: 'jvms', value: jvms },
    ]);
  });
});
