/**
 * Queues against a real RabbitMQ (Debian's, prometheus plugin on), read through a lab host over
 * SSH: the plugin's endpoint through a forwarded channel, rabbitmqctl through exec. A real AMQP
 * publisher and consumer (python3-pika) make a queue grow, then drain.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sshTransport, type Transport } from '../../src/collect/app-metrics/index.js';
import { QueueCollector, type QueueStatus, type QueuesSnapshot } from '../../src/collect/queues/index.js';
import { queueSourceSchema } from '../../src/config/observability-schema.js';
import { connect, type SshConnection } from '../../src/ssh/connection.js';
import { SshConfigSource } from '../../src/ssh/ssh-config.js';
import { startLab, type Lab } from '../lab/lab.js';
import { ensureLabUser } from '../lab/lab-user.js';
import { startAmqpPair, startRabbitMq, type AmqpPair, type RabbitMq } from '../lab/rabbitmq.js';

let lab: Lab;
let broker: RabbitMq;
let pair: AmqpPair;
let conn: SshConnection;
let transport: Transport;

beforeAll(async () => {
  // The lab user runs rabbitmqctl on the host: it gets its own copy of the Erlang cookie.
  [lab, broker] = await Promise.all([startLab({ hosts: 1 }), ensureLabUser().then((labUser) => startRabbitMq({ labUser }))]);
  conn = await connect(new SshConfigSource({ home: lab.home }).resolve('lab-0'), { env: lab.env });
  transport = sshTransport(conn);
  pair = await startAmqpPair(broker.amqpPort, 'orders.in');
}, 180_000);

afterAll(async () => {
  pair?.stop();
  conn?.close();
  await Promise.all([broker?.stop(), lab?.stop()]);
});

// Short windows so the test runs in seconds: the broker emits statistics every second here.
const analysis = { rateWindowSeconds: 3, imbalanceWindowSeconds: 6, imbalanceSlices: 3 };

/** Samples every `intervalMs` until `done` holds for the queue (or `max` samples, then fails with the history). */
async function sampleUntil(collector: QueueCollector, done: (q: QueueStatus) => boolean, max: number, intervalMs: number): Promise<QueueStatus[]> {
  const seen: QueueStatus[] = [];
  for (let i = 0; i < max; i++) {
    const snapshot: QueuesSnapshot = await collector.sample();
    expect(snapshot.errors).toEqual([]);
    const q = snapshot.queues.find((x) => x.name === 'orders.in');
    if (q) {
      seen.push(q);
      if (done(q)) return seen;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`condition not reached in ${max} samples: ${JSON.stringify(seen.slice(-3).map(({ depth, trend, publishPerSec, ackPerSec, imbalance }) => ({ depth, trend, publishPerSec, ackPerSec, imbalance })))}`);
}

describe('RabbitMQ prometheus plugin through an SSH-forwarded channel', () => {
  test('a producer faster than its consumer is flagged; once the consumer catches up, a time to drain appears', async () => {
    const source = queueSourceSchema.parse({ type: 'rabbitmq', endpoint: `127.0.0.1:${broker.prometheusPort}/metrics/per-object`, limit: 100_000 });
    const collector = new QueueCollector([{ component: 'broker', source, hosts: [transport] }], { timeoutMs: 10_000, ...analysis });
    await pair.setRates(40, 10);
    const growing = await sampleUntil(collector, (q) => q.imbalance.sustained, 60, 500);
    const flagged = growing.at(-1)!;
    expect(flagged).toMatchObject({ host: 'lab-0', vhost: '/', source: 'rabbitmq-prometheus', consumers: 1, unacked: 5, trend: 'growing', secondsToDrain: null });
    expect(flagged.publishPerSec!).toBeGreaterThan(25);
    expect(flagged.publishPerSec!).toBeLessThan(55);
    expect(flagged.ackPerSec!).toBeGreaterThan(4);
    expect(flagged.ackPerSec!).toBeLessThan(16);
    expect(flagged.imbalance.slices.every((x) => x > 0)).toBe(true);
    expect(flagged.imbalanceSinceMs).not.toBeNull();
    expect(flagged.secondsToLimit).toBeGreaterThan(0);
    // Flagged only once the window was covered: never on the first samples.
    expect(growing[0]!.imbalance.sustained).toBe(false);

    await pair.setRates(5, 60);
    const draining = await sampleUntil(collector, (q) => q.trend === 'draining' && q.secondsToDrain !== null && !q.imbalance.sustained, 40, 500);
    const d = draining.at(-1)!;
    expect(d.secondsToDrain!).toBeGreaterThan(0);
    expect(d.secondsToDrain!).toBeCloseTo(d.depth! / (d.ackPerSec! - d.publishPerSec!), 6);
    expect(d.imbalanceSinceMs).toBeNull();
    const empty = await sampleUntil(collector, (q) => q.trend === 'empty', 60, 500);
    expect(empty.at(-1)!.secondsToDrain).toBe(0);
  });
});

describe('rabbitmqctl over SSH (the lab user runs it on the host)', () => {
  test('lists the queue with depth and consumers; no counters, so growth alone flags the imbalance', async () => {
    const source = queueSourceSchema.parse({ type: 'rabbitmq', via: 'rabbitmqctl', rabbitmqctl: broker.ctl, include: ['^orders\\.'] });
    const collector = new QueueCollector([{ component: 'broker', source, hosts: [transport] }], { timeoutMs: 30_000, ...analysis });
    await pair.setRates(60, 10);
    const seen = await sampleUntil(collector, (q) => q.imbalance.sustained, 20, 0);
    const q = seen.at(-1)!;
    expect(q).toMatchObject({ source: 'rabbitmqctl', vhost: '/', consumers: 1, publishPerSec: null, ackPerSec: null, trend: 'growing' });
    expect(q.growthPerSec!).toBeGreaterThan(0);
    await pair.setRates(0, 0);
  });
});
