import { describe, expect, test } from 'vitest';
import { parseSelector, sampleValue, selectSamples, sumValues } from '../../../src/collect/prometheus/index.js';
import type { Selector } from '../../../src/collect/prometheus/index.js';
import { parseFixture, pick } from './fixture-files.js';

const rabbit = parseFixture('rabbitmq-3.10.8/per-object.txt');
const queues = (selector: string): (string | undefined)[] => pick(rabbit, selector).map((s) => s.labels.queue);

describe('parseSelector', () => {
  test('name, matchers with all four operators, blanks', () => {
    expect(parseSelector(' up { job = "node", env != "dev", path =~ "/a.*", x !~ "y|z" } ')).toEqual({
      ok: true,
      selector: {
        metric: 'up',
        matchers: [
          { name: 'job', op: '=', value: 'node' },
          { name: 'env', op: '!=', value: 'dev' },
          { name: 'path', op: '=~', value: '/a.*' },
          { name: 'x', op: '!~', value: 'y|z' },
        ],
      },
    });
    expect(parseSelector('{__name__=~"rabbitmq_.*"}')).toEqual({
      ok: true,
      selector: { matchers: [{ name: '__name__', op: '=~', value: 'rabbitmq_.*' }] },
    });
  });

  test('errors say what and where', () => {
    const error = (text: string): string | undefined => {
      const r = parseSelector(text);
      return r.ok ? undefined : r.error;
    };
    expect(error('')).toBe('unexpected "end" at column 1 in selector ""');
    expect(error('up{job="node"')).toBe('label set not closed with } in selector "up{job=\\"node\\""');
    expect(error('up{job=node}')).toBe('value of label job is not quoted in selector "up{job=node}"');
    expect(error('up{job~"x"}')).toBe('expected = after label job in selector "up{job~\\"x\\"}"');
    expect(error('up} x')).toBe('unexpected "} x" at column 3 in selector "up} x"');
    expect(error('up{q=~"(unclosed"}')).toMatch(/^label q: bad regex "\(unclosed": /);
  });
});

describe('selectSamples on RabbitMQ per-object output', () => {
  test('equality, inequality and anchored regexes', () => {
    expect(queues('rabbitmq_queue_messages_ready{queue="orders.in"}')).toEqual(['orders.in']);
    expect(queues('rabbitmq_queue_messages_ready{queue=~"orders\\\\..*"}')).toEqual(['orders.exec', 'orders.in']);
    // Anchored at both ends: "orders" alone matches no queue.
    expect(queues('rabbitmq_queue_messages_ready{queue=~"orders"}')).toEqual([]);
    expect(queues('rabbitmq_queue_messages_ready{queue!~"orders.*"}')).toEqual(['marketdata.ticks']);
    expect(queues('rabbitmq_queue_messages_ready{queue!="orders.in",vhost="/"}')).toEqual(['orders.exec', 'marketdata.ticks']);
  });

  test('a missing label matches the empty string, as in PromQL', () => {
    expect(pick(rabbit, 'rabbitmq_queue_messages_ready{cluster=""}')).toHaveLength(3);
    expect(pick(rabbit, 'rabbitmq_queue_messages_ready{cluster!=""}')).toHaveLength(0);
  });

  test('__name__ regex across families; sum and first value', () => {
    const perQueue = pick(rabbit, '{__name__=~"rabbitmq_queue_messages_(ready|unacked)",queue="orders.in"}');
    expect(perQueue.map((s) => [s.name, s.value])).toEqual([
      ['rabbitmq_queue_messages_ready', 101],
      ['rabbitmq_queue_messages_unacked', 0],
    ]);
    expect(sumValues(pick(rabbit, 'rabbitmq_queue_messages_ready'))).toBe(148);
    const selector: Selector = { metric: 'rabbitmq_queue_messages_ready', matchers: [{ name: 'queue', op: '=', value: 'orders.exec' }] };
    expect(sampleValue(rabbit, selector)).toBe(7);
    expect(sampleValue(rabbit, { metric: 'no_such_metric', matchers: [] })).toBeUndefined();
  });

  test('works on families, on a plain sample list, and matches escaped values unescaped', () => {
    const samples = rabbit.families.flatMap((f) => f.samples);
    const selector: Selector = { metric: 'rabbitmq_queue_consumers', matchers: [] };
    expect(selectSamples(samples, selector)).toEqual(selectSamples(rabbit.families, selector));
    expect(selectSamples([], selector)).toEqual([]);
    const python = parseFixture('python-client/phase-1.om.txt');
    expect(pick(python, 'orders_total{venue="EX \\"B\\"\\\\dark\\npool"}').map((s) => s.value)).toEqual([3]);
  });
});
