import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parseExposition } from '../../../src/collect/prometheus/index.js';
import {
  listQueuesCommand,
  listVhostsCommand,
  parseListQueues,
  parseVhosts,
  queueFilter,
  readMappedQueues,
  readRabbitPerObject,
  RabbitmqctlOutputError,
} from '../../../src/collect/queues/index.js';
import { queueSourceSchema } from '../../../src/config/observability-schema.js';
import type { PrometheusQueueSource } from '../../../src/config/inventory-schema.js';
import { QueueHistory } from '../../../src/analysis/queue-history.js';

const fixture = (path: string): string => readFileSync(new URL(`../../../fixtures/${path}`, import.meta.url), 'utf8');
const ODD = 'audit "q" \\ backline';

function perObject(path: string) {
  const text = fixture(path);
  const result = parseExposition(text, { contentType: 'text/plain; version=0.0.4' });
  const lines = text.split('\n');
  return { result, rejected: result.errors.map((e) => lines[e.line - 1]!) };
}

describe('RabbitMQ prometheus plugin, /metrics/per-object (real captures)', () => {
  test('queues with depth, ready, unacked, consumers; the unescaped queue name is recovered', () => {
    const { result, rejected } = perObject('queues/per-object-2.txt');
    expect(result.errors.length).toBeGreaterThan(0); // RabbitMQ 3.10 writes the quote and backslash raw
    const { queues, unreadable } = readRabbitPerObject(result, { rejected });
    const byName = Object.fromEntries(queues.map((q) => [q.name, q]));
    expect(Object.keys(byName).sort()).toEqual([ODD, 'orders.exec', 'orders.in']);
    expect(byName['orders.in']).toMatchObject({ vhost: '/', depth: 303, ready: 298, unacked: 5, consumers: 1 });
    expect(byName[ODD]).toMatchObject({ vhost: '/', depth: 5, ready: 5, unacked: 0, consumers: 0 });
    expect(byName['orders.in']!.published).toEqual([expect.objectContaining({ value: 437 })]);
    const sum = (xs: { value: number }[] | undefined) => (xs ?? []).reduce((a, s) => a + s.value, 0);
    // delivered: consume with ack (114) + without (0) + basic.get with and without ack (0, 0)
    expect(byName['orders.in']!.delivered).toHaveLength(4);
    expect(sum(byName['orders.in']!.delivered)).toBe(114);
    // acked: acknowledgements (109) + deliveries that need none (0 + 0)
    expect(byName['orders.in']!.acked).toHaveLength(3);
    expect(sum(byName['orders.in']!.acked)).toBe(109);
    expect(unreadable).toBeLessThan(rejected.length);
  });

  test('without the rejected lines the odd queue is simply missing, never misnamed', () => {
    const { result } = perObject('queues/per-object-2.txt');
    expect(readRabbitPerObject(result).queues.map((q) => q.name).sort()).toEqual(['orders.exec', 'orders.in']);
  });

  test('the vhost filter keeps only that vhost', () => {
    const { result, rejected } = perObject('queues/per-object-2.txt');
    expect(readRabbitPerObject(result, { rejected, vhost: 'md' }).queues).toEqual([]);
  });

  test('two scrapes 5 s apart: publish 40/s and ack 10/s as amqp-pair.py ran them', () => {
    const times = JSON.parse(fixture('queues/scrape-times.json')) as Record<string, number>;
    const history = new QueueHistory();
    for (const file of ['per-object-1.txt', 'per-object-2.txt']) {
      const { result, rejected } = perObject(`queues/${file}`);
      history.add(times[file]!, readRabbitPerObject(result, { rejected }).queues.find((q) => q.name === 'orders.in')!);
    }
    const [a, b] = history.points();
    const seconds = (b!.timeMs - a!.timeMs) / 1000;
    // The broker refreshes its counters once a second: allow a second's worth either way.
    expect((b!.published - a!.published) / seconds).toBeGreaterThan(40 * (seconds - 1) / seconds);
    expect((b!.published - a!.published) / seconds).toBeLessThan(40 * (seconds + 1) / seconds);
    expect((b!.acked - a!.acked) / seconds).toBeGreaterThan(10 * (seconds - 1) / seconds);
    expect((b!.acked - a!.acked) / seconds).toBeLessThan(10 * (seconds + 1) / seconds);
    // Queue gauges and channel counters are refreshed by different processes: they agree within a second's traffic.
    expect(Math.abs(b!.depth - a!.depth - (b!.published - a!.published - (b!.acked - a!.acked)))).toBeLessThanOrEqual(50);
  });

  test('the same endpoint through a generic mapping (any broker): depth and consumers by the queue label', () => {
    const source = queueSourceSchema.parse({
      type: 'prometheus',
      endpoint: 'localhost:15692/metrics/per-object',
      depth: { metric: 'rabbitmq_queue_messages' },
      consumers: { metric: 'rabbitmq_queue_consumers' },
      publishRate: { metric: 'rabbitmq_queue_messages_published_total' },
    }) as PrometheusQueueSource;
    const { result } = perObject('queues/per-object-2.txt');
    const queues = readMappedQueues(result, source);
    expect(queues.find((q) => q.name === 'orders.in')).toMatchObject({ depth: 303, consumers: 1, published: [expect.objectContaining({ value: 437 })] });
  });
});

describe('rabbitmqctl list_queues --formatter json (real captures)', () => {
  test('parses every queue, names with quotes and backslashes intact', () => {
    const queues = parseListQueues(fixture('queues/list-queues.json'), '/', 'mq-1: rabbitmqctl');
    expect(queues).toEqual([
      { vhost: '/', name: 'orders.exec', depth: 0, ready: 0, unacked: 0, consumers: 1 },
      { vhost: '/', name: 'orders.in', depth: 357, ready: 352, unacked: 5, consumers: 1 },
      { vhost: '/', name: ODD, depth: 5, ready: 5, unacked: 0, consumers: 0 },
    ]);
    expect(parseListQueues(fixture('queues/list-queues-md.json'), 'md', 'x')).toEqual([]);
    expect(parseVhosts(fixture('queues/list-vhosts.json'), 'x')).toEqual(['md', '/']);
  });

  test('garbage is an error naming the host and the command', () => {
    expect(() => parseListQueues('Error: unable to perform an operation on node', '/', 'mq-1: rabbitmqctl list_queues')).toThrow(RabbitmqctlOutputError);
    expect(() => parseListQueues('{"a":1}', '/', 'mq-1: rabbitmqctl list_queues')).toThrow(/mq-1: rabbitmqctl list_queues: expected a JSON array/);
  });

  test('commands quote every value; sudo and node come from the inventory', () => {
    expect(listQueuesCommand({ sudoUser: 'rabbitmq', rabbitmqctl: 'rabbitmqctl', node: "rabbit@mq-1" }, "v'h")).toBe(
      "'sudo' '-n' '-u' 'rabbitmq' '--' 'rabbitmqctl' '-n' 'rabbit@mq-1' '-q' 'list_queues' '-p' 'v'\\''h' 'name' 'messages' 'messages_ready' 'messages_unacknowledged' 'consumers' '--formatter' 'json'",
    );
    expect(listVhostsCommand({ sudoUser: undefined, rabbitmqctl: '/opt/rmq/sbin/rabbitmqctl' })).toBe("'/opt/rmq/sbin/rabbitmqctl' '-q' 'list_vhosts' 'name' '--formatter' 'json'");
  });

  test('include and exclude filter queue names by regex', () => {
    const keep = queueFilter({ include: ['^orders\\.'], exclude: ['exec$'] });
    expect(['orders.in', 'orders.exec', 'audit'].filter(keep)).toEqual(['orders.in']);
  });
});

describe('any broker through a mapping (kafka_exporter-style names, written here)', () => {
  const text = [
    '# TYPE kafka_consumergroup_lag gauge',
    'kafka_consumergroup_lag{consumergroup="risk",topic="fills",partition="0"} 120',
    'kafka_consumergroup_lag{consumergroup="risk",topic="fills",partition="1"} 30',
    'kafka_consumergroup_lag{consumergroup="audit",topic="fills",partition="0"} 0',
    '# TYPE kafka_consumergroup_members gauge',
    'kafka_consumergroup_members{consumergroup="risk"} 2',
    '# TYPE fills_in_rate gauge',
    'fills_in_rate{consumergroup="risk"} 42.5',
    '# TYPE kafka_consumergroup_current_offset counter',
    'kafka_consumergroup_current_offset{consumergroup="risk",topic="fills",partition="0"} 1000',
    'kafka_consumergroup_current_offset{consumergroup="risk",topic="fills",partition="1"} 2000',
  ].join('\n');

  test('lag summed over partitions per consumer group; a rate taken as it is; an offset counter kept per partition', () => {
    const source = queueSourceSchema.parse({
      type: 'prometheus',
      endpoint: 'localhost:9308/metrics',
      queueLabel: 'consumergroup',
      depth: { metric: 'kafka_consumergroup_lag' },
      consumers: { metric: 'kafka_consumergroup_members' },
      publishRate: { metric: 'fills_in_rate', counter: false },
      consumeRate: { metric: 'kafka_consumergroup_current_offset' },
    }) as PrometheusQueueSource;
    const queues = readMappedQueues(parseExposition(text), source);
    expect(queues.find((q) => q.name === 'risk')).toEqual({
      name: 'risk',
      depth: 150,
      ready: null,
      unacked: null,
      consumers: 2,
      publishRate: 42.5,
      acked: [expect.objectContaining({ value: 1000 }), expect.objectContaining({ value: 2000 })],
    });
    expect(queues.find((q) => q.name === 'audit')).toMatchObject({ depth: 0, consumers: 0, publishRate: 0, acked: [] });
  });
});
