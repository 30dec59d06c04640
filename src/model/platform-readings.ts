/**
 * The platform readings the platform watcher (src/fleet/platform-watcher.ts) puts into the
 * store's platform slot, and the Application, Queues, Database and SLO panes read. Plain data:
 * the collectors' own snapshots, with what failed on which host beside them.
 */
import type { AppMetricsSnapshot } from './app-reading.js';
import type { DatabaseSnapshot } from './database-reading.js';
import type { QueueError, QueueStatus } from './queue-reading.js';
import type { ComponentReport } from './slo-reading.js';

/**
 * What the inventory declares, as `watching` names it: a component with metrics endpoints
 * (applications), with SLOs (slos), with queue sources (queues), with a database (databases).
 */
export const PLATFORM_KINDS = ['applications', 'slos', 'queues', 'databases'] as const;
export type PlatformKind = (typeof PLATFORM_KINDS)[number];

/** One component's application metrics and SLOs, as last read. */
export interface ApplicationReading {
  component: string;
  role: string;
  /** Unix ms of the last read (good or not). */
  timeMs: number;
  /** Metrics of all hosts together and the SLOs; null until the first read. */
  report: ComponentReport | null;
  /** The same read per host, with each endpoint's status (the Application pane's detail). */
  detail: AppMetricsSnapshot | null;
  /** Why the last read failed as a whole (endpoint failures are in detail.endpoints). */
  error: string | null;
}

export interface QueuesReading {
  timeMs: number;
  /** Every queue of every component's sources, each component's in the collector's order. */
  queues: QueueStatus[];
  /** Sources that could not be read, per component and host. */
  errors: QueueError[];
  warnings: string[];
  /** The last depths of each queue (oldest first), by queueId: the pane's sparkline. */
  depths: Readonly<Record<string, readonly number[]>>;
}

/** One component's PostgreSQL server on one host. */
export interface DatabaseReading {
  component: string;
  host: string;
  timeMs: number;
  /** The last good read (kept while reads fail, so the operator sees the last state). */
  snapshot: DatabaseSnapshot | null;
  /** Why the last read failed; null when it succeeded. */
  error: string | null;
}
