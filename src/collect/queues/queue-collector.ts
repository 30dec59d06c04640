/**
 * The queues of one component: every interval, each queue source is read on each host and fed
 * to a tracker that keeps the history; the result is a plain-data snapshot for the Queues
 * pane and `perfmon queues`. A host whose read fails is reported in `errors`; the others go on.
 */
import type { QueueSource } from '../../config/inventory-schema.js';
import { QueueTracker, type QueueStatus } from '../../analysis/queue-tracker.js';
import type { QueueAnalysisOptions } from '../../analysis/queue-analysis.js';
import type { Transport } from '../app-metrics/transport.js';
import { readQueueSource } from './read-queue-source.js';

export interface QueueSourceTarget {
  component: string;
  source: QueueSource;
  hosts: readonly Transport[];
}

export interface QueueCollectorOptions extends Omit<QueueAnalysisOptions, 'limit'> {
  timeoutMs: number;
  now?: () => number;
}

export interface QueueError {
  component: string;
  host: string;
  message: string;
}

export interface QueuesSnapshot {
  timeMs: number;
  queues: QueueStatus[];
  errors: QueueError[];
  warnings: string[];
}

type Listener = (snapshot: QueuesSnapshot) => void;

export class QueueCollector {
  private readonly trackers: QueueTracker[];
  private readonly listeners = new Set<Listener>();

  constructor(
    readonly targets: readonly QueueSourceTarget[],
    private readonly options: QueueCollectorOptions,
  ) {
    this.trackers = targets.map(
      (t) => new QueueTracker({ ...options, component: t.component, limitFor: (name) => t.source.limits[name] ?? t.source.limit }),
    );
  }

  onSnapshot(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async sample(): Promise<QueuesSnapshot> {
    const now = this.options.now ?? Date.now;
    const jobs = this.targets.flatMap((target, i) => target.hosts.map((transport) => ({ target, tracker: this.trackers[i]!, transport })));
    const results = await Promise.all(
      jobs.map(async ({ target, tracker, transport }) => {
        try {
          const read = await readQueueSource(transport, target.source, { timeoutMs: this.options.timeoutMs, now });
          return { queues: tracker.update(read), warnings: read.warnings };
        } catch (err) {
          return { error: { component: target.component, host: transport.host, message: (err as Error).message } };
        }
      }),
    );
    const snapshot: QueuesSnapshot = {
      timeMs: now(),
      queues: results.flatMap((r) => r.queues ?? []).sort((a, b) => (b.depth ?? -1) - (a.depth ?? -1) || a.name.localeCompare(b.name)),
      errors: results.flatMap((r) => (r.error ? [r.error] : [])),
      warnings: results.flatMap((r) => r.warnings ?? []),
    };
    for (const listener of this.listeners) listener(snapshot);
    return snapshot;
  }
}
