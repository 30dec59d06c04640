/**
 * Queues from RabbitMQ's prometheus plugin, `/metrics/per-object` (3.8+): depth, ready,
 * unacked and consumers per queue, and the per-channel counters that carry the rates —
 * published into the queue (`rabbitmq_queue_messages_published_total`, labelled
 * `queue_vhost`/`queue`), delivered and fetched (`rabbitmq_channel_messages_delivered*_total`,
 * `rabbitmq_channel_get*_total`) and acknowledged (`rabbitmq_channel_messages_acked_total`).
 * The channel counters exist only while the channel is open; the broker refreshes all of them
 * on its statistics interval (`collect_statistics_interval`, 5 s by default).
 */
import type { ParseResult, Sample } from '../prometheus/types.js';
import { seriesKey } from '../prometheus/index.js';
import type { CounterSeries, QueueReading } from '../../model/queue-reading.js';

const GAUGES = {
  rabbitmq_queue_messages: 'depth',
  rabbitmq_queue_messages_ready: 'ready',
  rabbitmq_queue_messages_unacked: 'unacked',
  rabbitmq_queue_consumers: 'consumers',
} as const;

type CounterKind = 'published' | 'delivered' | 'acked';

/** `acked` counts what left the queue: acknowledgements, and deliveries that need none (auto-ack). */
const COUNTERS: Record<string, readonly CounterKind[]> = {
  rabbitmq_queue_messages_published_total: ['published'],
  rabbitmq_channel_messages_delivered_total: ['delivered', 'acked'],
  rabbitmq_channel_messages_delivered_ack_total: ['delivered'],
  rabbitmq_channel_get_total: ['delivered', 'acked'],
  rabbitmq_channel_get_ack_total: ['delivered'],
  rabbitmq_channel_messages_acked_total: ['acked'],
};

/**
 * RabbitMQ 3.10 writes label values unescaped, so a queue named `a "b" \ c` gives a line no
 * exposition parser accepts. The queue gauges always carry exactly `{vhost="…",queue="…"}`:
 * with the layout known, the value can be taken greedily between the fixed parts.
 */
const QUEUE_GAUGE_LINE = /^(rabbitmq_queue_[a-z_]+)\{vhost="(.*?)",queue="(.*)"\} (\S+)$/;

export function recoverQueueLines(rejected: readonly string[]): Sample[] {
  const out: Sample[] = [];
  for (const line of rejected) {
    const m = QUEUE_GAUGE_LINE.exec(line);
    if (!m) continue;
    const labels = Object.create(null) as Record<string, string>;
    labels['vhost'] = m[2]!;
    labels['queue'] = m[3]!;
    out.push({ name: m[1]!, labels, value: Number(m[4]) });
  }
  return out;
}

function* samplesOf(result: ParseResult, extra: readonly Sample[]): Iterable<Sample> {
  for (const family of result.families) yield* family.samples;
  yield* extra;
}

export interface RabbitReadOptions {
  /** Only this virtual host. */
  vhost?: string | undefined;
  /** Full text of the lines the parser rejected (from the scrape), to recover queue names. */
  rejected?: readonly string[];
}

export function readRabbitPerObject(result: ParseResult, options: RabbitReadOptions = {}): { queues: QueueReading[]; unreadable: number } {
  const extra = recoverQueueLines(options.rejected ?? []);
  const queues = new Map<string, QueueReading>();
  const get = (vhost: string, name: string): QueueReading => {
    const key = JSON.stringify([vhost, name]);
    let q = queues.get(key);
    if (!q) {
      q = { vhost, name, depth: null, ready: null, unacked: null, consumers: null, published: [], delivered: [], acked: [] };
      queues.set(key, q);
    }
    return q;
  };
  for (const s of samplesOf(result, extra)) {
    const gauge = GAUGES[s.name as keyof typeof GAUGES];
    const counter = COUNTERS[s.name];
    if (gauge === undefined && counter === undefined) continue;
    const vhost = s.labels['queue_vhost'] ?? s.labels['vhost'];
    const name = s.labels['queue'];
    if (vhost === undefined || name === undefined) continue;
    if (options.vhost !== undefined && vhost !== options.vhost) continue;
    const q = get(vhost, name);
    if (gauge !== undefined) q[gauge] = s.value;
    else for (const kind of counter!) (q[kind] as CounterSeries[]).push({ key: seriesKey(s.name, s.labels), value: s.value });
  }
    // Counters can name queues the gauges do not (a queue deleted while a channel still counts it).
  const known = [...queues.values()].filter((q) => q.depth !== null);
  return { queues: known, unreadable: (options.rejected?.length ?? 0) - extra.length };
}
