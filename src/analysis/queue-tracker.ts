/**
 * Keeps the history of every queue a source reports and turns each read into plain-data
 * statuses for the Queues pane and `perfmon queues --json`. Remembers since when a sustained
 * imbalance has been flagged; forgets queues that have not been seen for a while.
 */
import { queueKey, type QueueRead, type QueueStatus } from '../model/queue-reading.js';
import { analyseQueue, type QueueAnalysisOptions } from './queue-analysis.js';
import { QueueHistory } from './queue-history.js';

export interface QueueTrackerOptions extends Omit<QueueAnalysisOptions, 'limit'> {
  component: string;
  /** The depth limit of a queue (per-queue limits, else the source's), if any. */
  limitFor?: (name: string) => number | undefined;
  /** Points kept per queue (default 512: over 8 minutes at 1 s). */
  capacity?: number;
  /** Reads a queue may be missing from before it is forgotten (default 30). */
  forgetAfter?: number;
}

interface Tracked {
  /** The queue's identity as its statuses carry it. */
  id: Pick<QueueStatus, 'source' | 'host' | 'vhost' | 'name'>;
  history: QueueHistory;
  missed: number;
  imbalanceSinceMs: number | null;
}

export class QueueTracker {
  private readonly queues = new Map<string, Tracked>();

  constructor(private readonly options: QueueTrackerOptions) {}

  update(read: QueueRead): QueueStatus[] {
    const seen = new Set<string>();
    const out: QueueStatus[] = [];
    for (const reading of read.queues) {
      const key = queueKey(read.host, reading);
      seen.add(key);
      let tracked = this.queues.get(key);
      if (!tracked) {
        const id = { source: read.source, host: read.host, vhost: reading.vhost ?? null, name: reading.name };
        tracked = { id, history: new QueueHistory(this.options.capacity), missed: 0, imbalanceSinceMs: null };
        this.queues.set(key, tracked);
      }
      tracked.missed = 0;
      tracked.history.add(read.timeMs, reading);
      const figures = analyseQueue(tracked.history.points(), { ...this.options, limit: this.options.limitFor?.(reading.name) });
      if (!figures.imbalance.sustained) tracked.imbalanceSinceMs = null;
      // The imbalance began where the inflow first rose inside the window that proves it.
      else tracked.imbalanceSinceMs ??= figures.imbalance.startMs ?? read.timeMs - figures.imbalance.windowSeconds * 1000;
      out.push({
        component: this.options.component,
        source: read.source,
        host: read.host,
        vhost: reading.vhost ?? null,
        name: reading.name,
        timeMs: read.timeMs,
        depth: reading.depth,
        ready: reading.ready,
        unacked: reading.unacked,
        consumers: reading.consumers,
        ...figures,
        imbalanceSinceMs: tracked.imbalanceSinceMs,
      });
    }
    for (const [key, tracked] of this.queues) {
      if (seen.has(key) || !key.startsWith(JSON.stringify([read.host]).slice(0, -1))) continue;
      if (++tracked.missed > (this.options.forgetAfter ?? 30)) this.queues.delete(key);
    }
    return out.sort((a, b) => (b.depth ?? -1) - (a.depth ?? -1) || a.name.localeCompare(b.name));
  }

  /** The newest `keep` known depths of every queue followed (oldest first): the Queues pane's sparkline. */
  depths(keep: number): Array<Pick<QueueStatus, 'component' | 'source' | 'host' | 'vhost' | 'name'> & { values: number[] }> {
    return [...this.queues.values()].map((t) => ({ component: this.options.component, ...t.id, values: t.history.depths(keep) }));
  }
}
