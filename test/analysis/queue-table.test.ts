import { describe, expect, test } from 'vitest';
import { queueTable, sortQueues } from '../../src/analysis/queue-table.js';
import type { QueueStatus } from '../../src/model/queue-reading.js';

const status = (over: Partial<QueueStatus>): QueueStatus => ({
  component: 'broker',
  source: 'rabbitmq-prometheus',
  host: 'mq-1',
  vhost: '/',
  name: 'q',
  timeMs: 0,
  depth: 10,
  ready: 10,
  unacked: 0,
  consumers: 1,
  publishPerSec: 5,
  deliverPerSec: 5,
  ackPerSec: 5,
  growthPerSec: 0,
  rateWindowSeconds: 15,
  trend: 'steady',
  imbalance: { sustained: false, windowSeconds: 30, covered: true, slices: [0, 0, 0] },
  secondsToDrain: null,
  secondsToLimit: null,
  limit: null,
  imbalanceSinceMs: null,
  ...over,
});

describe('queue table', () => {
  test('flagged queues first, then the deepest; every row as wide as the header allows', () => {
    const rows = [
      status({ name: 'deep', depth: 900 }),
      status({ name: 'flagged', depth: 50, trend: 'growing', growthPerSec: 12.5, secondsToLimit: 75, imbalance: { sustained: true, windowSeconds: 30, covered: true, slices: [5, 6, 7] } }),
      status({ name: 'draining', vhost: 'md', depth: 120, trend: 'draining', secondsToDrain: 130, growthPerSec: -4 }),
      status({ name: 'ctl', source: 'rabbitmqctl', publishPerSec: null, deliverPerSec: null, ackPerSec: null, depth: 0, trend: 'empty', secondsToDrain: 0 }),
    ];
    expect(sortQueues(rows).map((q) => q.name)).toEqual(['flagged', 'deep', 'draining', 'ctl']);
    const lines = queueTable(rows).trimEnd().split('\n');
    expect(lines[1]).toMatch(/^broker +mq-1 +prom flagged +50 +\+13 +5 +5 +5 +1 +0 full in 1m 15s +IMBALANCE$/);
    expect(lines[3]).toMatch(/ md\/draining +120 +-4 .* drains 2m 10s$/);
    expect(lines[4]).toMatch(/ ctl +ctl +0 +0 +— +— +— +1 +0 empty$/);
  });

  test('a queue not judged yet says so', () => {
    const line = queueTable([status({ imbalance: { sustained: false, windowSeconds: 30, covered: false, slices: [] } })]).split('\n')[1];
    expect(line).toMatch(/\(warming up\)$/);
  });
});
