/**
 * The forecast's answers on the shapes that matter: a steady fill (its time to full), a log
 * rotated every night and a cache purged every 6 h near full (never "full soon"), a burst at
 * the end (ignored), a real captured activity (the NAB EC2 CPU excerpt) as the write rate of a
 * rotating log, and a sawtooth whose peaks do climb (it does run out).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSeriesCsv } from '../../../src/analysis/anomaly/series-csv.js';
import { forecastExhaustion, resetsOf } from '../../../src/analysis/capacity/exhaustion.js';
import { mannKendallZ, theilSen, type Point } from '../../../src/analysis/capacity/robust-trend.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = Date.UTC(2026, 11, 4);
/** Points every 5 minutes over `days` up to `at`. */
const trace = (days: number, level: (t: number) => number): Point[] => {
  const out: Point[] = [];
  for (let t = at - days * DAY; t <= at; t += 300_000) out.push({ t, v: level(t) });
  return out;
};
let seed = 11;
const noise = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 2;

describe('robust trend', () => {
  it('Theil–Sen keeps the slope of a line through a third of wild points; Mann–Kendall scores a rise high and noise low', () => {
    const points = Array.from({ length: 60 }, (_, i) => ({ t: i * HOUR, v: 2 * i + (i % 3 === 0 ? 500 : 0) }));
    expect(theilSen(points, 0)!.slopePerHour).toBeCloseTo(2, 5);
    expect(mannKendallZ(points.map((p, i) => ({ t: p.t, v: i })))).toBeGreaterThan(10);
    expect(Math.abs(mannKendallZ(points.map((p) => ({ t: p.t, v: noise() }))))).toBeLessThan(2.6);
  });
});

describe('forecastExhaustion', () => {
  it('a steady fill: full when the line says, high confidence, soon', () => {
    // 1 unit per hour from 20: at `at` it is at 92 of 100, 8 h to go.
    const f = forecastExhaustion({ points: trace(3, (t) => 92 - (at - t) / HOUR + 0.2 * noise()), limit: 100, at })!;
    expect(f.model).toBe('linear');
    expect(Math.abs(f.exhaustionInMs! - 8 * HOUR)).toBeLessThan(0.05 * 8 * HOUR);
    expect(f.confidenceLabel).toBe('high');
    expect(f.soon).toBe(true);
    expect(f.trends.map((t) => t.window)).toEqual(['6h', '24h', '7d']);
  });

  it('a log rotated every midnight, peaking at 95 %: not full soon at any hour of the day', () => {
    for (let hour = 0; hour < 24; hour += 3) {
      const when = at + hour * HOUR;
      const points = trace(6, (t) => 70 + 25 * (((t + hour * HOUR) % DAY) / DAY)).map((p) => ({ t: p.t + hour * HOUR, v: p.v + 0.1 * noise() }));
      const f = forecastExhaustion({ points, limit: 100, at: when })!;
      expect(f.soon, `at ${hour}:00 (${f.model}, ${f.exhaustionInMs})`).toBe(false);
      expect(f.resets).toBeGreaterThanOrEqual(5);
    }
  });

  it('a cache purged every 6 h near full: a sawtooth, its peaks flat, never full', () => {
    const f = forecastExhaustion({ points: trace(7, (t) => 60 + 35 * ((t % (6 * HOUR)) / (6 * HOUR)) + 0.2 * noise()), limit: 100, at: at - HOUR })!;
    expect(f.model).toBe('cycle-peaks');
    expect(f.soon).toBe(false);
    expect(f.exhaustionInMs === null || f.exhaustionInMs > 7 * DAY).toBe(true);
  });

  it('a burst at the end (a 20-unit temporary file for the last 40 minutes) moves neither the level nor the trend', () => {
    const f = forecastExhaustion({ points: trace(3, (t) => 75 + 0.3 * noise() + (at - t < 40 * 60_000 ? 20 : 0)), limit: 100, at })!;
    expect(f.soon).toBe(false);
    expect(f.level).toBeLessThan(77);
  });

  it('a rotating log written at a real captured rate (NAB EC2 CPU excerpt as the activity) is not full soon; with its peaks climbing 3 a day it is', () => {
    const csv = parseSeriesCsv(readFileSync('fixtures/nab/ec2_cpu_utilization_825cc2-excerpt.csv', 'utf8'), 'excerpt');
    const shift = at - csv.times.at(-1)!;
    const mean = csv.values.reduce((a, b) => a + b, 0) / csv.values.length;
    let level = 0;
    const log = csv.times.map((t, i) => {
      if (i > 0 && Math.floor((t + shift) / DAY) > Math.floor((csv.times[i - 1]! + shift) / DAY)) level = 0;
      level += (csv.values[i]! / mean) * (12 / 288);
      return { t: t + shift, v: 78 + level };
    });
    const peak = Math.max(...log.map((p) => p.v));
    expect(peak).toBeGreaterThan(88);
    expect(forecastExhaustion({ points: log, limit: 100, at })!.soon).toBe(false);
    const climbing = log.map((p) => ({ t: p.t, v: p.v + (3 * (p.t - log[0]!.t)) / DAY + (100 - 1 - peak - (3 * (at - log[0]!.t)) / DAY) }));
    const f = forecastExhaustion({ points: climbing, limit: 100, at })!;
    expect(f.model).toBe('cycle-peaks');
    expect(f.exhaustionInMs).not.toBeNull();
  });

  it('a drop spread over two buckets counts as one reset', () => {
    const values = [...Array.from({ length: 30 }, (_, i) => 10 + i), 25, 5, ...Array.from({ length: 10 }, (_, i) => 6 + i)];
    expect(resetsOf(values.map((v, i) => ({ t: i * HOUR, v })), 100)).toEqual([31]);
  });

  it('too little history gives no forecast rather than a guess', () => {
    expect(forecastExhaustion({ points: trace(0.01, () => 50), limit: 100, at })).toBeNull();
  });
});
