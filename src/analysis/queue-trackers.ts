/**
 * The queue trackers of a QueueCollector's targets, fed by whoever runs the collector (the
 * platform watcher, `perfmon queues`): one QueueTracker per queue source, each read judged by
 * its source's tracker, the statuses of all of them together as one QueuesSnapshot.
 */
import type { QueueSource } from '../config/inventory-schema.js';
import { queueId, type QueueReads, type QueuesSnapshot } from '../model/queue-reading.js';
import type { QueueAnalysisOptions } from './queue-analysis.js';
import { QueueTracker } from './queue-tracker.js';

export interface QueueTrackersOptions extends Omit<QueueAnalysisOptions, 'limit'> {
  /** Points kept per queue (see QueueTracker). */
  capacity?: number;
}

export class QueueTrackers {
  private readonly trackers: QueueTracker[];

  /** `targets` in the collector's order: a read's `target` index names its tracker. */
  constructor(targets: ReadonlyArray<{ component: string; source: QueueSource }>, options: QueueTrackersOptions = {}) {
    this.trackers = targets.map(
      (t) => new QueueTracker({ ...options, component: t.component, limitFor: (name) => t.source.limits[name] ?? t.source.limit }),
    );
  }

  /** Judges one collector read of every target. */
  update(reads: QueueReads): QueuesSnapshot {
    const queues = reads.reads.flatMap((read) => this.trackerOf(read.target).update(read));
    return {
      timeMs: reads.timeMs,
      queues: queues.sort((a, b) => (b.depth ?? -1) - (a.depth ?? -1) || a.name.localeCompare(b.name)),
      errors: reads.errors,
      warnings: reads.reads.flatMap((r) => r.warnings),
    };
  }

  /** The newest `keep` depths of every queue followed, by queueId: the Queues pane's sparkline. */
  depths(keep: number): Record<string, number[]> {
    return Object.fromEntries(this.trackers.flatMap((t) => t.depths(keep)).map(({ values, ...id }) => [queueId(id), values]));
  }

  private trackerOf(target: number): QueueTracker {
    const tracker = this.trackers[target];
    if (!tracker) throw new RangeError(`queue read for target ${target}, but there are ${this.trackers.length} targets`);
    return tracker;
  }
}
