/**
 * Queues from `rabbitmqctl list_queues … --formatter json` run on the broker's host over SSH,
 * for brokers without the prometheus plugin. rabbitmqctl reports depth, ready, unacked and
 * consumers but no message counters, so publish and consume rates stay unknown: the queue
 * analysis then judges an imbalance by the depth's growth alone.
 */
import type { RabbitMqQueueSource } from '../../config/inventory-schema.js';
import { shellQuote } from '../../ssh/shell-quote.js';
import type { QueueReading } from '../../model/queue-reading.js';

const COLUMNS = ['name', 'messages', 'messages_ready', 'messages_unacknowledged', 'consumers'] as const;

type CtlSource = Pick<RabbitMqQueueSource, 'sudoUser'> & { rabbitmqctl?: string | undefined; node?: string | undefined };

function ctl(source: CtlSource, args: string[]): string {
  const sudo = source.sudoUser === undefined ? [] : ['sudo', '-n', '-u', source.sudoUser, '--'];
  const node = source.node === undefined ? [] : ['-n', source.node];
  return [...sudo, source.rabbitmqctl ?? 'rabbitmqctl', ...node, ...args].map(shellQuote).join(' ');
}

/** The command listing the virtual hosts (when the source names none). */
export function listVhostsCommand(source: CtlSource): string {
  return ctl(source, ['-q', 'list_vhosts', 'name', '--formatter', 'json']);
}

export function listQueuesCommand(source: CtlSource, vhost: string): string {
  return ctl(source, ['-q', 'list_queues', '-p', vhost, ...COLUMNS, '--formatter', 'json']);
}

export class RabbitmqctlOutputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RabbitmqctlOutputError';
  }
}

/** rabbitmqctl's JSON output: an array of objects. `where` names host and command for errors. */
function parseArray(text: string, where: string): Record<string, unknown>[] {
  const start = text.indexOf('[');
  let parsed: unknown;
  try {
    parsed = JSON.parse(start >= 0 ? text.slice(start) : text);
  } catch (err) {
    throw new RabbitmqctlOutputError(`${where}: not JSON (${(err as Error).message}): ${JSON.stringify(text.slice(0, 120))}`);
  }
  if (!Array.isArray(parsed)) throw new RabbitmqctlOutputError(`${where}: expected a JSON array, got ${typeof parsed}`);
  return parsed.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null);
}

export function parseVhosts(text: string, where: string): string[] {
  return parseArray(text, where).flatMap((v) => (typeof v['name'] === 'string' ? [v['name']] : []));
}

const count = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export function parseListQueues(text: string, vhost: string, where: string): QueueReading[] {
  return parseArray(text, where).flatMap((q) => {
    if (typeof q['name'] !== 'string') return [];
    return [
      {
        vhost,
        name: q['name'],
        depth: count(q['messages']),
        ready: count(q['messages_ready']),
        unacked: count(q['messages_unacknowledged']),
        consumers: count(q['consumers']),
      },
    ];
  });
}
