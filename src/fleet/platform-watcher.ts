/**
 * The platform beyond its hosts, watched alongside the fleet: for every component of the
 * inventory, its application metrics (AppMetricsCollector, its SLOs judged beside it by
 * ComponentSlos), its queue sources (QueueCollector, judged by QueueTrackers) and its
 * PostgreSQL server on each of its hosts (PostgresCollector), read on the sampling interval
 * over the hosts' shared SSH connections (fleetTransport: no connection of its own). A read
 * still running when the next tick comes is skipped, not stacked; a read that failed backs
 * off (1, 2, 4 … ticks, at most 30 s); every outcome, good or failed, lands in the store's
 * platform slot with the host it concerns. Nothing here throws.
 */
import { QueueTrackers, type QueueTrackersOptions } from '../analysis/queue-trackers.js';
import { ComponentSlos } from '../analysis/slo-component.js';
import type { Transport } from '../collect/app-metrics/transport.js';
import { PostgresCollector } from '../collect/postgres/postgres-collector.js';
import { QueueCollector } from '../collect/queues/queue-collector.js';
import { componentHosts } from '../config/inventory-queries.js';
import type { Component, Inventory } from '../config/inventory-schema.js';
import type { AppMetricsSnapshot } from '../model/app-reading.js';
import type { ApplicationReading, DatabaseReading, PlatformKind } from '../model/platform-readings.js';
import type { PlatformState } from '../model/platform-state.js';
import type { QueuesSnapshot } from '../model/queue-reading.js';
import type { MetricStore } from '../model/store.js';
import { ScheduledTask } from '../runtime/scheduler.js';
import type { FleetMonitor } from './fleet-monitor.js';
import { fleetTransport } from './fleet-transport.js';

export interface PlatformWatcherOptions {
  intervalMs: number;
  /** One read's time limit (default 3 intervals, 5–30 s). */
  timeoutMs?: number;
  /** The queues' analysis windows (defaults in src/analysis/queue-analysis.ts). */
  queueAnalysis?: Pick<QueueTrackersOptions, 'rateWindowSeconds' | 'imbalanceWindowSeconds' | 'imbalanceSlices'>;
  /** Depths shown per queue in the Queues pane's sparkline (default 120; the trackers keep them). */
  depthHistory?: number;
  /** How a host is reached: the fleet's live connection by default (tests replay captures). */
  transport?: (host: string) => Transport;
  now?: () => number;
}

type PlatformStore = Pick<MetricStore, 'getState' | 'setPlatform'>;

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Which kinds of reading a component declares. */
export function declaredKinds(component: Pick<Component, 'metrics' | 'slos' | 'queues' | 'database'>): PlatformKind[] {
  const kinds: PlatformKind[] = [];
  if (component.metrics.length > 0) kinds.push('applications');
  if (component.slos.length > 0) kinds.push('slos');
  if (component.queues.length > 0) kinds.push('queues');
  if (component.database !== undefined) kinds.push('databases');
  return kinds;
}

export class PlatformWatcher {
  /** One per read; each resolves true when its read went well enough not to back off. */
  private readonly jobs: ScheduledTask[] = [];
  private readonly apps = new Map<string, ApplicationReading>();
  private readonly queueReads = new Map<string, QueuesSnapshot>();
  /** Per component with queue sources: its trackers, which also keep the depths the sparkline draws. */
  private readonly queueTrackers = new Map<string, QueueTrackers>();
  private readonly databases = new Map<string, DatabaseReading>();
  /** Database readings' keys in inventory order (component, then host). */
  private readonly databaseKeys: string[] = [];
  private readonly order: string[];
  private readonly kinds: PlatformKind[];
  private running = false;
  /** Set by stop(): a read still under way then is not published (the session has closed). */
  private stopped = false;

  constructor(
    private readonly inventory: Inventory,
    fleet: Pick<FleetMonitor, 'connection'>,
    private readonly store: PlatformStore,
    private readonly options: PlatformWatcherOptions,
  ) {
    const transport = options.transport ?? ((host: string) => fleetTransport(fleet, host));
    const timeoutMs = options.timeoutMs ?? Math.min(30_000, Math.max(5_000, 3 * options.intervalMs));
    const now = options.now ?? Date.now;
    this.order = inventory.components.map((c) => c.name);
    this.kinds = [...new Set(inventory.components.flatMap(declaredKinds))];
    for (const component of inventory.components) {
      const hosts = componentHosts(inventory, component).map((h) => transport(h.name));
      if (component.metrics.length > 0 || component.slos.length > 0) this.addApplicationJob(component, hosts, timeoutMs, now);
      if (component.queues.length > 0) this.addQueueJob(component, hosts, timeoutMs, now);
      const database = component.database;
      if (database !== undefined) {
        for (const host of hosts) {
          const collector = new PostgresCollector({ component: component.name, transport: host, database }, { timeoutMs, now });
          this.addDatabaseJob(component.name, host.host, collector, now);
        }
      }
    }
  }

  /** What the inventory declares (the `watching` names); empty when there is nothing to watch. */
  get declared(): readonly PlatformKind[] {
    return this.kinds;
  }

  /** Reads now and on every interval from now on. */
  start(): void {
    if (this.running || this.jobs.length === 0) return;
    this.running = true;
    this.stopped = false;
    this.announce(true);
    for (const job of this.jobs) job.start();
  }

  stop(): void {
    this.running = false;
    for (const job of this.jobs) job.stop();
    this.announce(false);
    this.stopped = true;
  }

  /** Every read once (joining those under way); resolves when all have answered. For one-shot commands. */
  async sampleOnce(): Promise<void> {
    if (this.stopped) return;
    this.announce(true);
    await Promise.all(this.jobs.map((job) => job.runNow()));
  }

  /** Reads started, and ticks a read was skipped because the previous one was still running. */
  stats(): { started: number; skipped: number } {
    const all = this.jobs.map((job) => job.stats());
    return { started: all.reduce((n, s) => n + s.runs, 0), skipped: all.reduce((n, s) => n + s.skipped, 0) };
  }

  private addJob(read: () => Promise<boolean>): void {
    this.jobs.push(new ScheduledTask(read, { intervalMs: this.options.intervalMs }));
  }

  /** A reading into the store's platform slot, unless the watcher has been stopped. */
  private publish<K extends 'applications' | 'queues' | 'databases'>(key: K, value: PlatformState[K]): void {
    if (!this.stopped) this.store.setPlatform(key, value);
  }

  /** `watching` lists what this watcher reads while it runs, beside what other watchers list. */
  private announce(on: boolean): void {
    const current = this.store.getState().platform.watching ?? [];
    const others = current.filter((k) => !(this.kinds as readonly string[]).includes(k));
    const next = on ? [...others, ...this.kinds] : others;
    if (next.length !== current.length || next.some((k, i) => k !== current[i])) this.store.setPlatform('watching', next);
  }

  private healthOf(component: string): boolean | null {
    const readings = this.store.getState().platform.componentHealth?.[component];
    if (!readings || readings.length === 0) return null;
    return readings.every((r) => r.ok);
  }

  private addApplicationJob(component: Component, hosts: readonly Transport[], timeoutMs: number, now: () => number): void {
    const slos = new ComponentSlos(component, this.inventory, { intervalSeconds: this.options.intervalMs / 1000 });
    const collector = slos.collector(hosts, { timeoutMs, now, windowSeconds: this.inventory.rateWindow });
    let detail: AppMetricsSnapshot | null = null;
    const base = { component: component.name, role: component.role };
    this.addJob(async () => {
      try {
        detail = await collector.sample();
        const report = slos.report(detail, this.healthOf(component.name));
        this.apps.set(component.name, { ...base, timeMs: report.timeMs, report, detail, error: null });
        // Back off only when no endpoint answered (one host down does not slow the others).
        return detail === null || detail.endpoints.length === 0 || detail.endpoints.some((e) => e.ok);
      } catch (error) {
        const previous = this.apps.get(component.name);
        this.apps.set(component.name, { ...base, report: previous?.report ?? null, detail: previous?.detail ?? null, timeMs: now(), error: message(error) });
        return false;
      } finally {
        this.publish('applications', ordered(this.apps, this.order));
      }
    });
  }

  private addQueueJob(component: Component, hosts: readonly Transport[], timeoutMs: number, now: () => number): void {
    const targets = component.queues.map((source) => ({ component: component.name, source, hosts }));
    const collector = new QueueCollector(targets, { timeoutMs, now });
    const trackers = new QueueTrackers(targets, this.options.queueAnalysis);
    this.queueTrackers.set(component.name, trackers);
    this.addJob(async () => {
      let snapshot: QueuesSnapshot;
      try {
        snapshot = trackers.update(await collector.sample());
      } catch (error) {
        snapshot = { timeMs: now(), queues: [], errors: hosts.map((h) => ({ component: component.name, host: h.host, message: message(error) })), warnings: [] };
      }
      this.queueReads.set(component.name, snapshot);
      this.publishQueues();
      return snapshot.errors.length < targets.length * hosts.length;
    });
  }

  private publishQueues(): void {
    const keep = this.options.depthHistory ?? 120;
    const reads = ordered(this.queueReads, this.order);
    this.publish('queues', {
      timeMs: Math.max(...reads.map((r) => r.timeMs)),
      queues: reads.flatMap((r) => r.queues),
      errors: reads.flatMap((r) => r.errors),
      warnings: reads.flatMap((r) => r.warnings),
      depths: Object.assign({}, ...[...this.queueTrackers.values()].map((t) => t.depths(keep))) as Record<string, number[]>,
    });
  }

  private addDatabaseJob(component: string, host: string, collector: PostgresCollector, now: () => number): void {
    const key = JSON.stringify([component, host]);
    this.databaseKeys.push(key);
    this.addJob(async () => {
      let ok = true;
      try {
        const snapshot = await collector.sample();
        this.databases.set(key, { component, host, timeMs: snapshot.timeMs, snapshot, error: null });
      } catch (error) {
        ok = false;
        this.databases.set(key, { component, host, timeMs: now(), snapshot: this.databases.get(key)?.snapshot ?? null, error: message(error) });
      }
      this.publish('databases', ordered(this.databases, this.databaseKeys));
      return ok;
    });
  }
}

/** The map's values in the order of `keys` (the inventory's), skipping keys not read yet. */
function ordered<T>(map: ReadonlyMap<string, T>, keys: readonly string[]): T[] {
  return keys.flatMap((key) => {
    const value = map.get(key);
    return value === undefined ? [] : [value];
  });
}
