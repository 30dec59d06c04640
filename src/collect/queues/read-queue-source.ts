/**
 * One read of a configured queue source on one host, through that host's transport: the
 * RabbitMQ prometheus plugin (per-object endpoint), rabbitmqctl over SSH, or any exporter
 * through the inventory's mapping. Filters by include/exclude. Throws with host and source.
 */
import type { QueueSource } from '../../config/inventory-schema.js';
import { scrapeEndpoint } from '../app-metrics/scrape.js';
import type { Transport } from '../app-metrics/transport.js';
import { readMappedQueues } from './mapped-queues.js';
import { readRabbitPerObject } from './rabbitmq-per-object.js';
import { listQueuesCommand, listVhostsCommand, parseListQueues, parseVhosts } from './rabbitmqctl.js';
import type { QueueRead, QueueReading } from '../../model/queue-reading.js';

export interface ReadQueuesOptions {
  timeoutMs: number;
  now?: () => number;
}

export class QueueSourceError extends Error {
  constructor(
    message: string,
    readonly host: string,
  ) {
    super(message);
    this.name = 'QueueSourceError';
  }
}

async function run(transport: Transport, command: string, timeoutMs: number): Promise<string> {
  const result = await transport.exec(command, { timeoutMs });
  if (result.code !== 0) {
    const why = (result.stderr || result.stdout).trim().split('\n').slice(-3).join(' ').slice(0, 300);
    throw new QueueSourceError(`${transport.host}: ${command} exited ${result.code ?? result.signal}: ${why}`, transport.host);
  }
  return result.stdout;
}

async function readWithRabbitmqctl(
  transport: Transport,
  source: Extract<QueueSource, { type: 'rabbitmq' }>,
  timeoutMs: number,
): Promise<QueueReading[]> {
  let vhosts = source.vhost === undefined ? undefined : [source.vhost];
  if (vhosts === undefined) {
    const command = listVhostsCommand(source);
    vhosts = parseVhosts(await run(transport, command, timeoutMs), `${transport.host}: ${command}`);
  }
  const lists = await Promise.all(
    vhosts.map(async (vhost) => {
      const command = listQueuesCommand(source, vhost);
      return parseListQueues(await run(transport, command, timeoutMs), vhost, `${transport.host}: ${command}`);
    }),
  );
  return lists.flat();
}

function compileAll(patterns: readonly string[]): RegExp[] {
  return patterns.map((p) => new RegExp(p));
}

export function queueFilter(source: Pick<QueueSource, 'include' | 'exclude'>): (name: string) => boolean {
  const include = compileAll(source.include);
  const exclude = compileAll(source.exclude);
  return (name) => (include.length === 0 || include.some((re) => re.test(name))) && !exclude.some((re) => re.test(name));
}

export async function readQueueSource(transport: Transport, source: QueueSource, options: ReadQueuesOptions): Promise<QueueRead> {
  const now = options.now ?? Date.now;
  const timeMs = now();
  const warnings: string[] = [];
  let queues: QueueReading[];
  let kind: QueueRead['source'];
  try {
    if (source.type === 'rabbitmq' && source.via === 'rabbitmqctl') {
      kind = 'rabbitmqctl';
      queues = await readWithRabbitmqctl(transport, source, options.timeoutMs);
    } else {
      const scrape = await scrapeEndpoint(transport, source.endpoint, { timeoutMs: options.timeoutMs, now: () => timeMs });
      if (source.type === 'rabbitmq') {
        kind = 'rabbitmq-prometheus';
        const read = readRabbitPerObject(scrape.result, { vhost: source.vhost, rejected: scrape.rejected });
        queues = read.queues;
        if (read.unreadable > 0) warnings.push(`${transport.host}: ${source.endpoint.text}: ${read.unreadable} lines could not be read`);
      } else {
        kind = 'prometheus';
        queues = readMappedQueues(scrape.result, source);
      }
    }
  } catch (err) {
    if (err instanceof QueueSourceError) throw err;
    throw new QueueSourceError((err as Error).message, transport.host);
  }
  const keep = queueFilter(source);
  return { source: kind, host: transport.host, timeMs, queues: queues.filter((q) => keep(q.name)), warnings };
}
