/**
 * The fleet's JVMs into the store: for every host whose reading lists JVM processes, a
 * JvmMonitor on the host's shared connection (one exec channel, one jstat per JVM; see
 * src/collect/jvm/jvm-monitor.ts), its JvmSnapshots published as the store's `platform.jvms`.
 *
 * Nothing runs on a host until somebody looks at its JVMs (want(): the Dumps pane, want(host):
 * that host's overview): each jstat is a small JVM on the host, not to be started on a hundred
 * hosts because perfmon was opened. Once wanted, a host stays watched.
 *
 * Hosts are checked on a clock: a host that came up (or reconnected: its connection object
 * changed) gets a fresh monitor, the old one is stopped; a monitor whose channel ended, or
 * that could not start, is retried with backoff and its reason shown. When the host's own
 * reading lists JVMs the monitor has not discovered yet (a JVM just started), the monitor
 * discovers at once instead of at its next round. Nothing here throws.
 */
import { JvmMonitor, type JvmMonitorOptions } from '../collect/jvm/jvm-monitor.js';
import type { Inventory } from '../config/inventory-schema.js';
import type { JvmProcessInfo, JvmSnapshot } from '../model/jvm-reading.js';
import type { JvmToolSettings } from '../collect/jvm/jvm-tools.js';
import type { HostJvmsReading } from '../model/platform-state.js';
import type { MetricStore } from '../model/store.js';
import { Backoff } from '../runtime/backoff.js';
import { ScheduledTask } from '../runtime/scheduler.js';
import type { SshConnection } from '../ssh/connection.js';
import type { FleetMonitor } from './fleet-monitor.js';

/** What the watcher needs of a monitor (JvmMonitor; tests may hand another). */
export type WatchedMonitor = Pick<JvmMonitor, 'onSnapshot' | 'onJvms' | 'onError' | 'discover' | 'stop' | 'jvms'>;

export interface JvmWatcherHost {
  name: string;
  /** The inventory's jvm settings of the host (sudoUser, javaHome). */
  jvm: JvmToolSettings;
}

/** The inventory's hosts as the watcher takes them, with their jvm settings. */
export function jvmWatcherHosts(hosts: readonly Pick<Inventory['hosts'][number], 'name' | 'jvm'>[]): JvmWatcherHost[] {
  return hosts.map((h) => ({ name: h.name, jvm: { sudoUser: h.jvm.sudoUser, javaHome: h.jvm.javaHome } }));
}

export interface JvmWatcherOptions {
  /** jstat's sampling interval (the fleet's). */
  intervalMs: number;
  /** How often the hosts are looked at (connection changes, new JVMs); default 1 s. */
  checkEveryMs?: number;
  /** Reopening a failed monitor: doubling from baseMs up to maxMs (default 2 s to 60 s). */
  backoff?: { baseMs: number; maxMs: number };
  /** Passed on to every monitor. */
  monitor?: Pick<JvmMonitorOptions, 'discoverEveryMs' | 'codeCacheEveryMs' | 'retryEveryMs'>;
  open?: (connection: SshConnection, options: JvmMonitorOptions) => Promise<WatchedMonitor>;
  now?: () => number;
}

type WatcherStore = Pick<MetricStore, 'getState' | 'setPlatform' | 'find'>;

interface HostWatch {
  host: JvmWatcherHost;
  /** The connection the monitor runs (or is being opened) on. */
  connection: SshConnection | null;
  monitor: WatchedMonitor | null;
  opening: boolean;
  /** Reopening a failed monitor: when it may be tried again. */
  backoff: Backoff;
  retryAt: number;
  error: string | null;
  readings: Map<number, JvmSnapshot>;
  /** The pids the monitor last discovered. */
  discovered: Set<number>;
  /** The host's JVM list that last made the monitor discover (null: it agreed with the monitor). */
  prodded: string | null;
  time: number;
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export class JvmWatcher {
  private readonly watches: HostWatch[];
  private readonly clock: ScheduledTask;
  private publishTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  /** Hosts somebody looked at; every host once the Dumps pane was opened. */
  private readonly wanted = new Set<string>();
  private wantAll = false;
  private readonly now: () => number;

  constructor(
    hosts: readonly JvmWatcherHost[],
    private readonly fleet: Pick<FleetMonitor, 'connection'>,
    private readonly store: WatcherStore,
    private readonly options: JvmWatcherOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.clock = new ScheduledTask(() => this.check(), { intervalMs: options.checkEveryMs ?? 1000 });
    this.watches = hosts.map((host) => ({
      host,
      connection: null,
      monitor: null,
      opening: false,
      backoff: new Backoff({ ...(options.backoff ?? { baseMs: 2000, maxMs: 60_000 }), jitter: false }),
      retryAt: 0,
      error: null,
      readings: new Map(),
      discovered: new Set(),
      prodded: null,
      time: 0,
    }));
  }

  start(): void {
    if (this.clock.started || this.stopped) return;
    this.store.setPlatform('jvms', []);
    this.clock.start();
  }

  stop(): void {
    this.stopped = true;
    this.clock.stop();
    if (this.publishTimer) clearTimeout(this.publishTimer);
    for (const watch of this.watches) this.close(watch);
  }

  /** Watch the JVMs of `host` (its overview is shown), or of every host (the Dumps pane is). */
  want(host?: string): void {
    const before = this.wantAll || (host !== undefined && this.wanted.has(host));
    if (host === undefined) this.wantAll = true;
    else this.wanted.add(host);
    if (!before) this.check();
  }

  /** Looks at every host once: opens, replaces or prods its monitor as needed. */
  check(): void {
    if (this.stopped) return;
    for (const watch of this.watches) {
      const connection = this.fleet.connection(watch.host.name);
      if (watch.connection !== null && watch.connection !== connection) this.close(watch);
      if (connection === null) continue;
      const listed = this.store.find(watch.host.name)?.snapshot?.jvms ?? [];
      if (watch.monitor !== null) {
        // The host's process list shows a JVM started or gone: discover now (once per change of that list).
        const pids = listed.map((j) => j.pid).sort((a, b) => a - b).join(' ');
        const differs = listed.length !== watch.discovered.size || listed.some((j) => !watch.discovered.has(j.pid));
        if (differs && pids !== watch.prodded) watch.monitor.discover();
        watch.prodded = differs ? pids : null;
      } else if (!watch.opening && listed.length > 0 && this.now() >= watch.retryAt && (this.wantAll || this.wanted.has(watch.host.name))) {
        this.open(watch, connection);
      }
    }
  }

  private open(watch: HostWatch, connection: SshConnection): void {
    watch.opening = true;
    watch.connection = connection;
    const open = this.options.open ?? ((c, o) => JvmMonitor.open(c, o));
    const options: JvmMonitorOptions = { ...watch.host.jvm, ...this.options.monitor, host: watch.host.name, intervalMs: this.options.intervalMs };
    open(connection, options).then(
      (monitor) => {
        watch.opening = false;
        if (this.stopped || watch.connection !== connection) {
          monitor.stop();
          return;
        }
        this.attach(watch, monitor);
      },
      (error: unknown) => {
        watch.opening = false;
        if (watch.connection === connection) this.fail(watch, message(error));
      },
    );
  }

  private attach(watch: HostWatch, monitor: WatchedMonitor): void {
    watch.monitor = monitor;
    watch.backoff.succeeded();
    watch.error = null;
    monitor.onSnapshot((snapshot) => {
      if (watch.monitor !== monitor) return;
      watch.readings.set(snapshot.pid, snapshot);
      this.changed(watch);
    });
    monitor.onJvms((jvms) => watch.monitor === monitor && this.discovered(watch, jvms));
    monitor.onError((error) => {
      if (watch.monitor !== monitor) return;
      watch.monitor = null;
      watch.connection = null;
      this.fail(watch, error.message);
    });
    this.discovered(watch, monitor.jvms);
    // The first round ran inside open(), before anyone listened: a second one now reports the
    // JVMs that cannot be read (another user's, no jstat) instead of 30 s from now.
    monitor.discover();
  }

  private discovered(watch: HostWatch, jvms: readonly JvmProcessInfo[]): void {
    watch.discovered = new Set(jvms.map((j) => j.pid));
    for (const pid of watch.readings.keys()) if (!watch.discovered.has(pid)) watch.readings.delete(pid);
    this.changed(watch);
  }

  private fail(watch: HostWatch, reason: string): void {
    if (this.stopped) return;
    watch.retryAt = this.now() + watch.backoff.fail();
    watch.error = reason;
    this.changed(watch);
  }

  private close(watch: HostWatch): void {
    const monitor = watch.monitor;
    watch.monitor = null;
    watch.connection = null;
    watch.opening = false;
    monitor?.stop();
  }

  /** Publishes soon: the readings of one interval arrive within milliseconds, one store update for them. */
  private changed(watch: HostWatch): void {
    watch.time = this.now();
    if (this.publishTimer || this.stopped) return;
    this.publishTimer = setTimeout(() => {
      this.publishTimer = null;
      this.store.setPlatform('jvms', this.readings());
    }, 50);
    this.publishTimer.unref();
  }

  /** Every host with JVM readings or a monitor error, in inventory order. */
  readings(): HostJvmsReading[] {
    return this.watches
      .filter((w) => w.readings.size > 0 || w.error !== null)
      .map((w) => ({ host: w.host.name, error: w.error, jvms: [...w.readings.values()].sort((a, b) => a.pid - b.pid), time: w.time }));
  }
}
