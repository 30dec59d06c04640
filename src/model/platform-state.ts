/**
 * What perfmon knows of the platform beyond each host's own figures: application metrics,
 * queues, databases, SLOs, JVMs, component health. Each field is filled by its watcher (see
 * src/fleet/) through MetricStore.setPlatform and read by its pane through a selector; a field
 * is absent until its first reading, or when the inventory declares nothing for it.
 *
 * Add a field here (optional, read-only data) when a new kind of reading joins the store.
 */
import type { JvmSnapshot } from './jvm-reading.js';
import type { ApplicationReading, DatabaseReading, QueuesReading } from './platform-readings.js';

export interface PlatformState {
  /** Set while a watcher runs, so a pane can tell "nothing configured" from "not read yet". */
  readonly watching?: readonly string[];
  /** Per component with metrics endpoints or SLOs: app metrics and SLOs (src/fleet/platform-watcher.ts). */
  readonly applications?: readonly ApplicationReading[];
  /** Every queue of the components' queue sources (src/fleet/platform-watcher.ts). */
  readonly queues?: QueuesReading;
  /** PostgreSQL per component with a database, per host (src/fleet/platform-watcher.ts). */
  readonly databases?: readonly DatabaseReading[];
  /** Per component with a health check: its last check on each host (src/procedures/component-health-watch.ts). */
  readonly componentHealth?: Readonly<Record<string, readonly HostHealthReading[]>>;
  /** Per host with JVMs, in inventory order: their latest figures (src/fleet/jvm-watcher.ts). */
  readonly jvms?: readonly HostJvmsReading[];
}

/** One host's JVMs as the JVM watcher last read them. */
export interface HostJvmsReading {
  readonly host: string;
  /** Why the host's JVM monitor is not running (it is retried with backoff); null while it runs. */
  readonly error: string | null;
  /** The newest reading of each JVM the monitor follows, in pid order. */
  readonly jvms: readonly JvmSnapshot[];
  /** Milliseconds since the epoch of the last change. */
  readonly time: number;
}

/** One component's health check on one host, as last run. */
export interface HostHealthReading {
  readonly host: string;
  readonly ok: boolean;
  /** One line: `HTTP 200: UP`, `exit 1: …`, or why it could not run (the host is down). */
  readonly output: string;
  /** Milliseconds since the epoch. */
  readonly time: number;
}
