/**
 * The queues of one or more components: each queue source is read on each of its hosts and the
 * raw reads come back together (QueueReads). Judging them — rates, trend, time to drain — is
 * the queue trackers' work (src/analysis/queue-trackers.ts), beside the collector. A host whose
 * read fails is reported in `errors`; the others go on.
 */
import type { QueueSource } from '../../config/inventory-schema.js';
import type { QueueReads } from '../../model/queue-reading.js';
import type { Transport } from '../app-metrics/transport.js';
import { readQueueSource } from './read-queue-source.js';

export interface QueueSourceTarget {
  component: string;
  source: QueueSource;
  hosts: readonly Transport[];
}

export interface QueueCollectorOptions {
  timeoutMs: number;
  now?: () => number;
}

export class QueueCollector {
  constructor(
    readonly targets: readonly QueueSourceTarget[],
    private readonly options: QueueCollectorOptions,
  ) {}

  async sample(): Promise<QueueReads> {
    const now = this.options.now ?? Date.now;
    const jobs = this.targets.flatMap((target, index) => target.hosts.map((transport) => ({ target, index, transport })));
    const results = await Promise.all(
      jobs.map(async ({ target, index, transport }) => {
        try {
          const read = await readQueueSource(transport, target.source, { timeoutMs: this.options.timeoutMs, now });
          return { read: { ...read, target: index } };
        } catch (err) {
          return { error: { component: target.component, host: transport.host, message: (err as Error).message } };
        }
      }),
    );
    return {
      timeMs: now(),
      reads: results.flatMap((r) => (r.read ? [r.read] : [])),
      errors: results.flatMap((r) => (r.error ? [r.error] : [])),
    };
  }
}
