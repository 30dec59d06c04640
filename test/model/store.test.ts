import { describe, expect, it } from 'vitest';
import { downSnapshot } from '../../src/model/host-snapshot.js';
import { MetricStore } from '../../src/model/store.js';
import { capturedSnapshot } from '../views/render-app.js';

describe('MetricStore', () => {
  it('records readings into per-host series and keeps state identity until something changes', () => {
    const store = new MetricStore();
    const before = store.getState();
    expect(store.getState()).toBe(before);
    const snap = capturedSnapshot();
    store.record(snap);
    store.record({ ...snap, cpu: { ...snap.cpu, usage: 12 } });
    const host = store.find(snap.name)!;
    expect(host.status).toBe('up');
    expect(host.series.cpu.tail()).toEqual([snap.cpu.usage, 12]);
    expect(host.series.memory.last()).toBeCloseTo((snap.memory.used / snap.memory.total) * 100);
    expect(store.getState()).not.toBe(before);
  });

  it('never changes a state it handed out: a reading after getState makes a new hosts list, the old one stays as it was', () => {
    const store = new MetricStore();
    const snap = capturedSnapshot();
    store.record(snap);
    store.record({ ...snap, name: 'other' });
    const before = store.getState();
    const [first, second] = before.hosts;
    store.record({ ...snap, cpu: { ...snap.cpu, usage: 12 } });
    expect(before.hosts[0]).toBe(first);
    expect(before.hosts[1]).toBe(second);
    const after = store.getState();
    expect(after.hosts.map((h) => h.name)).toEqual([snap.name, 'other']);
    expect(after.hosts[0]).not.toBe(first);
    expect(after.hosts[0]?.snapshot?.cpu.usage).toBe(12);
    expect(after.hosts[1]).toBe(second); // an unchanged host keeps its identity (memoised rows)
    expect(after.version).toBeGreaterThan(before.version);
  });

  it('turns a host down with its reason while keeping its last reading', () => {
    const store = new MetricStore();
    const snap = capturedSnapshot();
    store.record(snap);
    store.markDown(snap.name, 'timeout: no answer in 10s');
    const host = store.find(snap.name)!;
    expect(host.status).toBe('down');
    expect(host.error).toBe('timeout: no answer in 10s');
    expect(host.snapshot).toBe(snap);
    const state = store.getState();
    store.markDown(snap.name, 'timeout: no answer in 10s');
    expect(store.getState()).toBe(state);
  });

  it('coalesces notifications when a delay is set', async () => {
    const store = new MetricStore({ notifyDelayMs: 10 });
    let calls = 0;
    store.subscribe(() => (calls += 1));
    for (let i = 0; i < 50; i += 1) store.record({ ...capturedSnapshot(), name: `h${i}` });
    await new Promise((r) => setTimeout(r, 30));
    expect(calls).toBe(1);
    expect(store.getState().hosts).toHaveLength(50);
  });

  it('keeps hosts in the order they were declared', () => {
    const store = new MetricStore();
    store.addHost('b');
    store.addHost('a');
    store.record(downSnapshot('a', 'x'));
    expect(store.getState().hosts.map((h) => h.name)).toEqual(['b', 'a']);
  });
});

describe('platform readings', () => {
  it('replace one field at a time and tell listeners, keeping state identity when unchanged', () => {
    const store = new MetricStore();
    let calls = 0;
    store.subscribe(() => (calls += 1));
    const watching = ['queues'];
    store.setPlatform('watching', watching);
    const state = store.getState();
    expect(state.platform.watching).toBe(watching);
    store.setPlatform('watching', watching);
    expect(store.getState()).toBe(state);
    expect(calls).toBe(1);
  });
});
