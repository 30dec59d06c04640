import { describe, expect, it } from 'vitest';
import { LiveAnomalyScorer, type KeyedSample } from '../../../src/analysis/anomaly/live-anomaly-scorer.js';
import { seriesId } from '../../../src/model/series-key.js';
import { gaussian } from './seeded-noise.js';

const START = Date.parse('2026-03-02T00:00:00Z');

/** A host's reading at second `i`: cpu_usage (steps up by `step` from `stepAt`), load1 and one disk. */
function hostReading(host: string, i: number, g: () => number, stepAt = Infinity, step = 40): KeyedSample[] {
  return [
    { key: { name: 'cpu_usage', labels: { host } }, v: 20 + g() + (i >= stepAt ? step : 0) },
    { key: { name: 'load1', labels: { host } }, v: 1 + 0.05 * g() },
    { key: { name: 'disk_write_bytes_per_sec', labels: { host, device: 'sda' } }, v: 1e6 + 1e4 * g() },
  ];
}

const ids = (samples: readonly KeyedSample[]) => samples.map((s) => `${seriesId(s.key)} ${s.v}`);

describe('live anomaly scoring', () => {
  it('flags the series that steps, with its labels, while the host\'s anomaly rate says how much of it is unusual', () => {
    const scorer = new LiveAnomalyScorer();
    const g = gaussian(3);
    const out: KeyedSample[][] = [];
    for (let i = 0; i < 400; i++) out.push(scorer.score('db1', START + i * 1000, hostReading('db1', i, g, 300)));
    // Ordinary seconds: only the rate, at 0.
    for (const instant of out.slice(0, 300)) expect(ids(instant)).toEqual(['anomaly_rate{host="db1"} 0']);
    const flags = out.slice(300).flatMap((instant) => instant.filter((s) => s.key.name === 'anomaly'));
    expect(flags.length).toBeGreaterThan(0);
    expect(new Set(flags.map((s) => seriesId(s.key)))).toEqual(new Set(['anomaly{host="db1",series="cpu_usage"}']));
    expect(flags.every((s) => s.v >= 0.5 && s.v < 1)).toBe(true);
    // The step's first second: one of the three series is anomalous.
    expect(out[300]!.find((s) => s.key.name === 'anomaly_rate')!.v).toBeCloseTo(1 / 3);
  });

  it('keeps each series with its own detector whatever order a reading lists them in', () => {
    const inOrder = new LiveAnomalyScorer();
    const shuffled = new LiveAnomalyScorer();
    const g1 = gaussian(5);
    const g2 = gaussian(5);
    for (let i = 0; i < 400; i++) {
      const a = inOrder.score('db1', START + i * 1000, hostReading('db1', i, g1, 300));
      const reading = hostReading('db1', i, g2, 300);
      const b = shuffled.score('db1', START + i * 1000, i % 3 === 0 ? reading.reverse() : i % 3 === 1 ? [reading[1]!, reading[0]!, reading[2]!] : reading);
      expect(new Set(ids(b))).toEqual(new Set(ids(a)));
    }
    expect(shuffled.size).toBe(3);
  });

  it('rates a platform reading per component and host; the alerts and its own series are not scored', () => {
    const scorer = new LiveAnomalyScorer();
    const queue = (component: string, host: string, v: number): KeyedSample => ({ key: { name: 'queue_depth', labels: { component, host, queue: 'orders' } }, v });
    const rates = scorer
      .score('queues', START, [queue('broker', 'mq1', 3), queue('broker', 'mq2', 4), queue('feed', 'mq1', 5), { key: { name: 'anomaly_rate', labels: { host: 'x' } }, v: 1 }])
      .map((s) => seriesId(s.key));
    expect(rates).toEqual(['anomaly_rate{component="broker",host="mq1",part="queues"}', 'anomaly_rate{component="broker",host="mq2",part="queues"}', 'anomaly_rate{component="feed",host="mq1",part="queues"}']);
    expect(scorer.score('jvm:mq1', START, [{ key: { name: 'jvm_heap_used_bytes', labels: { host: 'mq1', pid: '7' } }, v: 1 }]).map((s) => seriesId(s.key))).toEqual(['anomaly_rate{host="mq1",part="jvm"}']);
    expect(scorer.score('alerts/mq1', START, [{ key: { name: 'alert_firing', labels: { host: 'mq1' } }, v: 1 }])).toEqual([]);
    expect(scorer.size).toBe(4);
  });

  it('forgets a series not seen for the idle time (a process gone from the busiest list)', () => {
    const scorer = new LiveAnomalyScorer({ idleMs: 60_000 });
    scorer.score('db1', START, [{ key: { name: 'process_cpu', labels: { host: 'db1', pid: '1' } }, v: 1 }]);
    for (let i = 1; i <= 130; i++) scorer.score('db1', START + i * 1000, [{ key: { name: 'process_cpu', labels: { host: 'db1', pid: '2' } }, v: 1 }]);
    expect(scorer.size).toBe(1);
  });
});
