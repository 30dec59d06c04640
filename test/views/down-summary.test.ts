import { describe, expect, it } from 'vitest';
import { MetricStore } from '../../src/model/store.js';
import { downReason, downSummary } from '../../views/components/down-summary.js';
import { capturedSnapshot } from './render-app.js';

describe('a down host in a few words', () => {
  it('says how long, why (without naming the host again) and when the next attempt comes: DOWN 11s · connection refused · retry in 4s', () => {
    const store = new MetricStore();
    const t0 = Date.parse(capturedSnapshot().time);
    store.record({ ...capturedSnapshot(), name: 'lab-3' });
    store.markDown('lab-3', 'refused: lab-3 (127.123.26.5:2222): connection refused', t0 + 15_000, t0);
    store.markDown('lab-3', 'refused: lab-3 (127.123.26.5:2222): connection refused', t0 + 15_000, t0 + 5_000);
    const host = store.getState().hosts[0]!;
    expect(downSummary(host, t0 + 11_000)).toBe('DOWN 11s · connection refused · retry in 4s');
    expect(downSummary(host, t0 + 16_000)).toBe('DOWN 16s · connection refused · retrying');
  });

  it('keeps a reason that names no host as it is, and says when a host was never up', () => {
    expect(downReason('no ssh configuration')).toBe('no ssh configuration');
    expect(downReason('timeout: gw-1 (10.0.0.9:22): no answer within 10s')).toBe('no answer within 10s');
    const store = new MetricStore();
    store.markDown('gw-1', 'auth: gw-1 (10.0.0.9:22): all keys refused', null, 1000);
    expect(downSummary(store.getState().hosts[0]!, 4000)).toBe('DOWN 3s (never up) · all keys refused');
  });
});
