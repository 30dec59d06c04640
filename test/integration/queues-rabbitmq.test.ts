/**
 * Queues against a real RabbitMQ (Debian's, prometheus plugin on), read through a lab host over
 * SSH: the plugin's endpoint through a forwarded channel, rabbitmqctl through exec. A real AMQP
 * publisher and consumer (python3-pika) make a queue grow, then drain.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runQueuesCommand } from '../../src/runtime/queues-command.js';
import { scrapeEndpoint, ScrapeError, sshTransport, type Transport } from '../../src/collect/app-metrics/index.js';
import { parseEndpoint } from '../../src/config/schema-primitives.js';
import { QueueTrackers } from '../../src/analysis/queue-trackers.js';
import { QueueCollector } from '../../src/collect/queues/index.js';
import type { QueueSource } from '../../src/config/inventory-schema.js';
import type { QueueStatus, QueuesSnapshot } from '../../src/model/queue-reading.js';
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

/** The broker's source on the lab host: the collector's raw reads, judged by the trackers beside it. */
function queueReader(source: QueueSource, timeoutMs: number): () => Promise<QueuesSnapshot> {
  const targets = [{ component: 'broker', source, hosts: [transport] }];
  const collector = new QueueCollector(targets, { timeoutMs });
  const trackers = new QueueTrackers(targets, analysis);
  return async () => trackers.update(await collector.sample());
}

/** Samples every `intervalMs` until `done` holds for the queue (or `max` samples, then fails with the history). */
async function sampleUntil(sample: () => Promise<QueuesSnapshot>, done: (q: QueueStatus) => boolean, max: number, intervalMs: number): Promise<QueueStatus[]> {
  const seen: QueueStatus[] = [];
  for (let i = 0; i < max; i++) {
    const snapshot = await sample();
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
    const collector = queueReader(source, 10_000);
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
  }, 120_000);
});

describe('endpoint errors', () => {
  test('a wrong path answers 404: the error names host, URL and status', async () => {
    const err = await scrapeEndpoint(transport, parseEndpoint(`127.0.0.1:${broker.prometheusPort}/metrics/nope`)!, { timeoutMs: 10_000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ScrapeError);
    expect((err as Error).message).toMatch(new RegExp(`^lab-0: GET http://127\\.0\\.0\\.1:${broker.prometheusPort}/metrics/nope answered 404`));
  });
});

describe('rabbitmqctl over SSH (the lab user runs it on the host)', () => {
  test('lists the queue with depth and consumers; no counters, so growth alone flags the imbalance', async () => {
    const source = queueSourceSchema.parse({ type: 'rabbitmq', via: 'rabbitmqctl', rabbitmqctl: broker.ctl, include: ['^orders\\.'] });
    const collector = queueReader(source, 30_000);
    await pair.setRates(60, 10);
    const seen = await sampleUntil(collector, (q) => q.imbalance.sustained, 20, 0);
    const q = seen.at(-1)!;
    expect(q).toMatchObject({ source: 'rabbitmqctl', vhost: '/', consumers: 1, publishPerSec: null, ackPerSec: null, trend: 'growing' });
    expect(q.growthPerSec!).toBeGreaterThan(0);
    await pair.setRates(0, 0);
  }, 120_000);
});

describe('perfmon queues (the command, in-process, on an inventory)', () => {
  test('JSON in the documented shape and a table; an unreachable host means exit "hosts-down" with its reason', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'perfmon-queues-cli-'));
    try {
      const inventory = join(dir, 'perfmon.yaml');
      const lines = [
        'hosts:',
        '  - {name: lab-0}',
        'components:',
        '  - name: broker',
        '    role: broker',
        '    hosts: [lab-0]',
        '    queues:',
        `      - {type: rabbitmq, endpoint: "127.0.0.1:${broker.prometheusPort}/metrics/per-object", include: ['^orders']}`,
      ];
      writeFileSync(inventory, `${lines.join('\n')}\n`);
      await pair.setRates(30, 10);
      const run = async (json: boolean, file = inventory) => {
        const out = new PassThrough();
        const err = new PassThrough();
        const chunks: string[] = [];
        const errs: string[] = [];
        out.on('data', (d: Buffer) => chunks.push(d.toString()));
        err.on('data', (d: Buffer) => errs.push(d.toString()));
        const outcome = await runQueuesCommand({ config: file, json, samples: 3, interval: 1 }, { out, err, home: lab.home, env: lab.env });
        return { outcome, out: chunks.join(''), err: errs.join('') };
      };
      const json = await run(true);
      expect(json.outcome, json.out + json.err).toBe('ok');
      const parsed = JSON.parse(json.out) as { queues: QueueStatus[]; errors: unknown[]; warnings: unknown[]; timeMs: number };
      expect(parsed.errors).toEqual([]);
      const q = parsed.queues.find((x) => x.name === 'orders.in')!;
      expect(Object.keys(q).sort()).toEqual(
        ['ackPerSec', 'component', 'consumers', 'deliverPerSec', 'depth', 'growthPerSec', 'host', 'imbalance', 'imbalanceSinceMs', 'limit', 'name', 'publishPerSec', 'rateWindowSeconds', 'ready', 'secondsToDrain', 'secondsToLimit', 'source', 'timeMs', 'trend', 'unacked', 'vhost'].sort(),
      );
      expect(q).toMatchObject({ component: 'broker', host: 'lab-0', source: 'rabbitmq-prometheus', consumers: 1 });
      expect(q.publishPerSec!).toBeGreaterThan(10);

      const table = await run(false);
      expect(table.outcome).toBe('ok');
      const [header, row] = table.out.split('\n');
      expect(header).toMatch(/^COMPONENT +HOST +SRC +QUEUE +DEPTH +GROWTH\/s +PUB\/s +DELIV\/s +ACK\/s +CONS +UNACK +ETA +FLAG$/);
      expect(row).toMatch(/^broker +lab-0 +prom +orders\.in +\d/);

      // A second host that is not there: the first is still read.
      writeFileSync(inventory.replace('.yaml', '-down.yaml'), `${lines.join('\n').replace('  - {name: lab-0}', '  - {name: lab-0}\n  - {name: gone, address: 127.0.0.1, port: 1}').replace('hosts: [lab-0]', 'hosts: [lab-0, gone]')}\n`);
      const partial = await run(true, inventory.replace('.yaml', '-down.yaml'));
      expect(partial.outcome).toBe('hosts-down');
      const p = JSON.parse(partial.out) as { queues: QueueStatus[]; errors: Array<{ host: string; message: string }> };
      expect(p.queues.some((x) => x.name === 'orders.in')).toBe(true);
      expect(p.errors).toEqual([expect.objectContaining({ host: 'gone', message: expect.stringMatching(/^gone.*refused/) })]);
    } finally {
      await pair.setRates(0, 0);
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
