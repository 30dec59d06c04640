import { describe, expect, test } from 'vitest';
import { analyseQueue } from '../../src/analysis/queue-analysis.js';
import { QueueHistory } from '../../src/analysis/queue-history.js';
import { QueueTracker } from '../../src/analysis/queue-tracker.js';
import type { QueueReading } from '../../src/model/queue-reading.js';

/** A queue fed `publish`/s and consumed `consume`/s, read every second, counters per channel. */
function simulate(steps: Array<{ seconds: number; publish: number; consume: number }>, start = { depth: 0 }) {
  const history = new QueueHistory();
  let t = 1_000_000;
  let published = 0;
  let acked = 0;
  let depth = start.depth;
  const read = (): QueueReading => ({
    name: 'q',
    depth,
    ready: depth,
    unacked: 0,
    consumers: 1,
    published: [{ key: 'p', value: published }],
    delivered: [{ key: 'd', value: acked }],
    acked: [{ key: 'a', value: acked }],
  });
  history.add(t, read());
  for (const step of steps) {
    for (let i = 0; i < step.seconds; i++) {
      t += 1000;
      published += step.publish;
      const out = Math.min(depth + step.publish, step.consume);
      acked += out;
      depth += step.publish - out;
      history.add(t, read());
    }
  }
  return history;
}

describe('sustained imbalance', () => {
  test('a producer outrunning its consumer for the whole window is flagged, with rates and growth', () => {
    const f = analyseQueue(simulate([{ seconds: 40, publish: 40, consume: 10 }]).points());
    expect(f.imbalance).toMatchObject({ sustained: true, covered: true, windowSeconds: 30 });
    expect(f.imbalance.slices).toEqual([300, 300, 300]);
    expect(f).toMatchObject({ publishPerSec: 40, ackPerSec: 10, deliverPerSec: 10, growthPerSec: 30, trend: 'growing', secondsToDrain: null });
  });

  test('one burst is not sustained: only one slice of the window had more in than out', () => {
    const f = analyseQueue(simulate([{ seconds: 25, publish: 10, consume: 10 }, { seconds: 3, publish: 100, consume: 10 }, { seconds: 12, publish: 10, consume: 20 }]).points());
    expect(f.imbalance.covered).toBe(true);
    expect(f.imbalance.sustained).toBe(false);
  });

  test('not judged before the window is covered by history (a fresh start never flags)', () => {
    const f = analyseQueue(simulate([{ seconds: 20, publish: 40, consume: 10 }]).points());
    expect(f.imbalance).toMatchObject({ sustained: false, covered: false, slices: [] });
    expect(f.trend).toBe('growing');
  });

  test('without counters (rabbitmqctl) the depth alone tells', () => {
    const history = new QueueHistory();
    for (let i = 0; i <= 40; i++) history.add(i * 1000, { name: 'q', depth: 100 + 5 * i, ready: null, unacked: null, consumers: 1 });
    const f = analyseQueue(history.points());
    expect(f).toMatchObject({ publishPerSec: null, ackPerSec: null, growthPerSec: 5, trend: 'growing' });
    expect(f.imbalance.sustained).toBe(true);
  });
});

describe('time to drain and to the limit', () => {
  test('a consumer catching up gives depth ÷ net outflow', () => {
    const history = simulate([{ seconds: 40, publish: 40, consume: 10 }, { seconds: 20, publish: 10, consume: 40 }]);
    const f = analyseQueue(history.points());
    const depth = history.points().at(-1)!.depth;
    expect(depth).toBe(1200 - 600);
    expect(f).toMatchObject({ trend: 'draining', publishPerSec: 10, ackPerSec: 40 });
    expect(f.secondsToDrain).toBe(600 / 30);
    expect(f.imbalance.sustained).toBe(false);
  });

  test('a growing queue with a limit gives the time to reach it; an empty one drains in 0 s', () => {
    const growing = analyseQueue(simulate([{ seconds: 40, publish: 40, consume: 10 }]).points(), { limit: 3000 });
    expect(growing.secondsToLimit).toBe((3000 - 1200) / 30);
    const empty = analyseQueue(simulate([{ seconds: 5, publish: 5, consume: 50 }]).points());
    expect(empty).toMatchObject({ trend: 'empty', secondsToDrain: 0, secondsToLimit: null });
  });

  test('one read: rates unknown', () => {
    const f = analyseQueue(simulate([]).points());
    expect(f).toMatchObject({ publishPerSec: null, growthPerSec: null, trend: 'empty' });
  });
});

describe('counters per series', () => {
  test('a channel closing and a new one opening never make a negative rate; a broker restart counts as a reset', () => {
    const h = new QueueHistory();
    const r = (published: Array<[string, number]>): QueueReading => ({ name: 'q', depth: 0, ready: 0, unacked: 0, consumers: 0, published: published.map(([key, value]) => ({ key, value })) });
    h.add(0, r([['ch1', 100]]));
    h.add(1000, r([['ch1', 130]])); // +30
    h.add(2000, r([['ch2', 12]])); // ch1 closed, ch2 opened since: +12
    h.add(3000, r([['ch2', 5]])); // restart: +5
    expect(h.points().map((p) => p.published)).toEqual([0, 30, 42, 47]);
    expect(h.points().every((p) => Number.isNaN(p.acked))).toBe(true);
  });
});

describe('tracker', () => {
  test('dates the imbalance from the last read still level, not from the window that proves it', () => {
    // Level for 40 s (published = consumed), then the producer outruns its consumers from 41 s.
    const tracker = new QueueTracker({ component: 'mq' });
    let published = 0;
    let acked = 0;
    let flagged: { at: number; since: number | null } | undefined;
    for (let t = 0; t <= 90; t++) {
      published += 100;
      acked += t <= 40 ? 100 : 90;
      const depth = published - acked;
      const counter = (value: number) => [{ key: 'ch', value }];
      const [s] = tracker.update({
        source: 'rabbitmq-prometheus',
        host: 'mq-1',
        timeMs: t * 1000,
        queues: [{ name: 'orders.in', depth, ready: depth, unacked: 0, consumers: 1, published: counter(published), delivered: counter(acked), acked: counter(acked) }],
        warnings: [],
      });
      if (s!.imbalance.sustained && flagged === undefined) flagged = { at: t, since: s!.imbalanceSinceMs };
    }
    // Proven once every 10 s slice of the 30 s window has more in than out: the first slice
    // must hold some of it, so it is flagged 20 s after it began, dated from the last level read.
    expect(flagged?.at).toBe(61);
    expect(flagged?.since).toBe(40_000);
  });


  test('remembers since when the imbalance holds, and lets go when it ends', () => {
    const tracker = new QueueTracker({ component: 'mq', imbalanceWindowSeconds: 6, rateWindowSeconds: 3 });
    let depth = 0;
    let since: number | null = null;
    const statuses = [];
    for (let t = 0; t <= 20; t++) {
      depth += t <= 12 ? 10 : -10;
      const [s] = tracker.update({ source: 'rabbitmqctl', host: 'mq-1', timeMs: t * 1000, queues: [{ vhost: '/', name: 'orders', depth, ready: depth, unacked: 0, consumers: 1 }], warnings: [] });
      statuses.push(s!);
      if (t === 8) since = s!.imbalanceSinceMs;
    }
    expect(since).toBe(0); // flagged at 6 s (the window covered); rising from the first read on
    expect(statuses[10]!.imbalanceSinceMs).toBe(0);
    expect(statuses[20]).toMatchObject({ imbalanceSinceMs: null, trend: 'draining', host: 'mq-1', vhost: '/', component: 'mq', source: 'rabbitmqctl' });
    expect(statuses[20]!.secondsToDrain).toBe(statuses[20]!.depth! / 10);
  });
});
