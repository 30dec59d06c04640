import { describe, expect, test } from 'vitest';
import { counterIncrease, counterRate, ratesBetween } from '../../../src/collect/prometheus/index.js';
import type { ParseResult, Sample } from '../../../src/collect/prometheus/index.js';
import { fixtureText, parseFixture, pick } from './fixture-files.js';

// Three real scrapes of RabbitMQ's /metrics: 60 messages published between a and b, then the
// node restarted and 12 published before c — every counter started again from zero.
const times = JSON.parse(fixtureText('rabbitmq-3.10.8/scrape-times.json')) as Record<string, number>;
const [a, b, c] = ['metrics-a.txt', 'metrics-b.txt', 'metrics-c-after-restart.txt'].map((f) =>
  parseFixture(`rabbitmq-3.10.8/${f}`),
) as [ParseResult, ParseResult, ParseResult];
const seconds = (from: string, to: string): number => ((times[to] ?? NaN) - (times[from] ?? NaN)) / 1000;
const counters = (r: ParseResult): Sample[] => r.families.filter((f) => f.type === 'counter').flatMap((f) => f.samples);

describe('counterIncrease / counterRate', () => {
  test('a drop is a reset: the new value is the increase', () => {
    expect(counterIncrease(100, 130)).toBe(30);
    expect(counterIncrease(100, 100)).toBe(0);
    expect(counterIncrease(100, 7)).toBe(7);
    expect(counterIncrease(100, 0)).toBe(0);
    expect(counterRate(100, 130, 15)).toBe(2);
    expect(counterRate(100, 7, 2)).toBe(3.5);
  });

  test('no interval, no rate', () => {
    expect(counterRate(1, 2, 0)).toBeNaN();
    expect(counterRate(1, 2, -5)).toBeNaN();
    expect(counterRate(1, 2, NaN)).toBeNaN();
    expect(counterRate(1, 2, Infinity)).toBeNaN();
  });
});

describe('RabbitMQ scrapes around a restart', () => {
  const received = (r: ParseResult): number | undefined =>
    pick(r, 'rabbitmq_global_messages_received_total{protocol="amqp091"}')[0]?.value;

  test('the fixture: 171 → 231, then 12 after the restart', () => {
    expect([received(a), received(b), received(c)]).toEqual([171, 231, 12]);
    expect(seconds('metrics-a.txt', 'metrics-b.txt')).toBe(5.564);
    expect(seconds('metrics-b.txt', 'metrics-c-after-restart.txt')).toBe(14.696);
  });

  test('publish rate before and across the restart', () => {
    const sel = (r: ParseResult): Sample[] => pick(r, 'rabbitmq_global_messages_received_total');
    const [before] = ratesBetween(sel(a), sel(b), seconds('metrics-a.txt', 'metrics-b.txt'));
    expect(before).toMatchObject({ name: 'rabbitmq_global_messages_received_total', increase: 60 });
    expect(before?.rate).toBeCloseTo(60 / 5.564, 12);
    const [across] = ratesBetween(sel(b), sel(c), seconds('metrics-b.txt', 'metrics-c-after-restart.txt'));
    expect(across).toMatchObject({ labels: { protocol: 'amqp091' }, increase: 12 });
    expect(across?.rate).toBeCloseTo(12 / 14.696, 12);
  });

  test('across the restart no counter rate is negative; the dropped ones count from zero', () => {
    const prev = counters(b);
    const curr = counters(c);
    const rates = ratesBetween(prev, curr, seconds('metrics-b.txt', 'metrics-c-after-restart.txt'));
    const dropped = curr.filter((s) => {
      const p = prev.find((x) => x.name === s.name && JSON.stringify(x.labels) === JSON.stringify(s.labels));
      return p !== undefined && s.value < p.value;
    });
    expect(rates.length).toBeGreaterThan(200);
    expect(dropped.length).toBeGreaterThan(20);
    expect(rates.filter((r) => !(r.rate >= 0))).toEqual([]);
    for (const s of dropped) {
      const r = rates.find((x) => x.name === s.name && JSON.stringify(x.labels) === JSON.stringify(s.labels));
      expect(r?.increase, s.name).toBe(s.value);
    }
  });

  test('series present in only one scrape get no rate', () => {
    const one: Sample = { name: 'x_total', labels: { q: 'a' }, value: 5 };
    const other: Sample = { name: 'x_total', labels: { q: 'b' }, value: 9 };
    expect(ratesBetween([one], [other], 1)).toEqual([]);
    expect(ratesBetween([one], [{ ...one, value: 8 }], 1.5)).toEqual([{ name: 'x_total', labels: { q: 'a' }, increase: 3, rate: 2 }]);
  });
});
