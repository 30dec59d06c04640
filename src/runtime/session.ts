/**
 * The headless session: perfmon's composition root. One place opens what a run of perfmon
 * watches — the fleet of the inventory (one SSH connection and collector per host), or this
 * machine when there is no inventory; the platform watcher (components' metrics, SLOs, queues,
 * databases), the JVM watcher, the component health watch; one audit log — into one live store,
 * and closes it all again in the reverse order. The TUI (commands/monitor.ts), the CLI twins
 * (`perfmon snapshot`, `perfmon queues`) and the recorder (`perfmon record`) start here.
 *
 * Readings: `store` holds the latest of everything (views read it); `onSample` tells each
 * reading as it lands, with its time — what a recorder writes to history:
 *
 *   const session = await openSession({ inventory, intervalMs: 1000 });
 *   const stop = session.onSample((sample) => {
 *     if (sample.kind === 'host') writer.append(sample.host, sample.timeMs, sample.snapshot);
 *     else if (sample.kind === 'host-down') writer.down(sample.host, sample.timeMs, sample.reason);
 *     else writer.platform(sample.key, sample.timeMs, sample.value); // queues, jvms, databases …
 *   });
 *   session.closeOnSignals();          // SIGTERM / SIGINT close it in order
 *   await session.whenClosed();
 *
 * Closing: `close()` is idempotent (every call returns the same promise) and safe at any
 * moment, while hosts are still connecting or from a signal handler. Parts close in the
 * reverse of the order they opened: what was owned last (the TUI's desks, which may still act
 * through the connections) first, then the health watch, the JVM watcher, the platform
 * watcher, and last the fleet (the connections) or the local collector. No sample is told once
 * the collectors have stopped. `onClosed` tells each part's name as it has closed.
 */
import type { Inventory } from '../config/inventory-schema.js';
import type { CollectorSessionOptions } from '../collect/remote/collector-session.js';
import type { FleetMonitor } from '../fleet/fleet-monitor.js';
import type { JvmWatcher } from '../fleet/jvm-watcher.js';
import type { PlatformWatcher } from '../fleet/platform-watcher.js';
import { downSnapshot, type HostSnapshot } from '../model/host-snapshot.js';
import { MetricStore, type StoreSample } from '../model/store.js';
import type { AuditLog } from '../procedures/audit-log.js';
import type { ComponentHealthWatch } from '../procedures/component-health-watch.js';
import type { ConnectionAccess } from '../procedures/host-access.js';
import type { ConnectOptions } from '../ssh/connection.js';
import type { SshConfigOptions } from '../ssh/ssh-config.js';
import { watchLocalHost } from './watch-local.js';

export type SessionSample = StoreSample;

export interface SessionOptions {
  /** The fleet to watch; null watches this machine. */
  inventory: Inventory | null;
  intervalMs: number;
  /**
   * 'live' (default): everything on its clock, as long as the session runs (the TUI, the
   * recorder). 'once': for a one-shot command — every host reading complete (processes and
   * filesystems each time), the platform watcher opened but read only when asked
   * (`platform.sampleOnce()`), no JVM watcher and no health watch.
   */
  mode?: 'live' | 'once';
  /** Where readings land (default a new MetricStore). */
  store?: MetricStore;
  /** Open the platform watcher (default: live mode with an inventory; once mode: when asked). */
  platform?: boolean;
  /** Only these hosts of the inventory (default every one). */
  hosts?: ReadonlySet<string>;
  acceptNew?: boolean;
  connect?: ConnectOptions;
  /** Where ~/.ssh/config is read (tests pass the lab's HOME). */
  sshConfig?: SshConfigOptions;
  collector?: CollectorSessionOptions;
  /** How often each component's health check runs on each host (default 5 s). */
  healthIntervalMs?: number;
  /** The name this machine is shown under in local mode (default its hostname). */
  localHostName?: string;
}

/** One thing the session closes: its name (told to onClosed) and how. */
export interface SessionPart {
  name: string;
  close: () => Promise<readonly string[] | void> | readonly string[] | void;
}

/** What a session watches with; src/runtime/fleet-parts.ts opens them for an inventory. */
export interface SessionParts {
  hostName: string;
  audit: AuditLog | null;
  fleet: FleetMonitor | null;
  /** The fleet's connections (FleetHostAccess), or an attached TUI's own, opened on demand. */
  access: ConnectionAccess | null;
  platform: PlatformWatcher | null;
  jvms: JvmWatcher | null;
  health: ComponentHealthWatch | null;
}

const NO_PARTS: SessionParts = { hostName: '', audit: null, fleet: null, access: null, platform: null, jvms: null, health: null };

export class Session {
  readonly store: MetricStore;
  readonly inventory: Inventory | null;

  private built: SessionParts = NO_PARTS;
  private readonly parts: SessionPart[] = [];
  private readonly closedListeners = new Set<(part: string) => void>();
  private readonly sampleListeners = new Set<(sample: SessionSample) => void>();
  /** Per host: good readings since the session opened, and the time between the newest two. */
  private readonly readings = new Map<string, { count: number; lastMs: number; spanMs: number }>();
  private closing: Promise<string[]> | null = null;
  private relaying = true;
  private readonly unrelay: () => void;
  private readonly done: { promise: Promise<string[]>; resolve: (notes: string[]) => void };

  /** Use openSession(): this only makes the store and starts telling its samples. */
  constructor(options: Pick<SessionOptions, 'inventory' | 'store'>) {
    let resolve!: (notes: string[]) => void;
    this.done = { promise: new Promise((r) => (resolve = r)), resolve };
    this.inventory = options.inventory;
    this.store = options.store ?? new MetricStore();
    this.unrelay = this.store.onSample((sample) => this.relay(sample));
  }

  /** The host shown first: this machine in local mode, else the inventory's first host. */
  get hostName(): string {
    return this.built.hostName;
  }

  /** The inventory's audit log, one for the whole run (null in local mode: nothing acts). */
  get audit(): AuditLog | null {
    return this.built.audit;
  }

  /** The fleet's monitors and connections (null in local mode). */
  get fleet(): FleetMonitor | null {
    return this.built.fleet;
  }

  /** The procedures' and health checks' way to a host: the fleet's connections (null without components). */
  get access(): ConnectionAccess | null {
    return this.built.access;
  }

  get platform(): PlatformWatcher | null {
    return this.built.platform;
  }

  get jvms(): JvmWatcher | null {
    return this.built.jvms;
  }

  get health(): ComponentHealthWatch | null {
    return this.built.health;
  }

  /** close() was called: nothing more opens in this session. */
  get isClosing(): boolean {
    return this.closing !== null;
  }

  /** Takes what was opened for this session; `own(part)` closes in reverse order of owning. */
  adopt(parts: SessionParts): void {
    this.built = parts;
  }

  /**
   * A part the session closes (opened by it, or attached by a pane's desk that acts through
   * its connections and must close before them); `close` may return lines to show the
   * operator once the screen is back. Parts close last owned first.
   */
  own(name: string, close: SessionPart['close']): void {
    if (this.closing) throw new Error(`session: cannot add ${name}: the session is closing`);
    this.parts.push({ name, close });
  }

  /** The collectors have stopped: no sample is told from now on. */
  stopTelling(): void {
    this.relaying = false;
    this.unrelay();
  }

  /**
   * Told each reading as it lands in the store, with its time: a host's good reading, a host
   * found down (with why), a platform reading (applications, queues, databases, component
   * health, JVMs). Synchronous and in order; returns the unsubscribe.
   */
  onSample(listener: (sample: SessionSample) => void): () => void {
    this.sampleListeners.add(listener);
    return () => this.sampleListeners.delete(listener);
  }

  /** Told the name of each part as it has closed, in closing order. */
  onClosed(listener: (part: string) => void): () => void {
    this.closedListeners.add(listener);
    return () => this.closedListeners.delete(listener);
  }

  /**
   * Resolves once every host has had `readings` good readings since the session opened — the
   * newest of them at least `spanMs` after the one before (so its rates span that long) — or
   * is down (a down host is not waited for: one-shot commands report it, see `down()`).
   */
  settled(readings: number, spanMs = 0): Promise<void> {
    const ready = (name: string) => {
      const seen = this.readings.get(name);
      return seen !== undefined && seen.count >= readings && (readings < 2 || seen.spanMs >= spanMs);
    };
    const done = () => this.store.getState().hosts.every((h) => h.status === 'down' || ready(h.name));
    return new Promise((resolve) => {
      const check = () => {
        if (!done()) return;
        unsubscribe();
        resolve();
      };
      const unsubscribe = this.store.onSample(check);
      check();
    });
  }

  /** Every host's newest reading, or a down snapshot with the reason. */
  snapshots(): HostSnapshot[] {
    return this.store.getState().hosts.map((h) => (h.status === 'up' && h.snapshot ? h.snapshot : downSnapshot(h.name, h.error ?? 'not connected')));
  }

  /** The hosts that are down, with why. */
  down(): { host: string; reason: string }[] {
    return this.store.getState().hosts.flatMap((h) => (h.status === 'up' ? [] : [{ host: h.name, reason: h.error ?? 'not connected' }]));
  }

  /** Closes every part, last owned first; resolves with the lines the parts left for the operator. */
  close(): Promise<string[]> {
    this.closing ??= this.closeParts();
    return this.closing;
  }

  /** Resolves when the session has closed, whoever closed it. */
  whenClosed(): Promise<string[]> {
    return this.done.promise;
  }

  /** Closes the session on any of these signals (once); returns a function that stops listening. */
  closeOnSignals(signals: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT']): () => void {
    const onSignal = () => void this.close();
    const off = () => {
      for (const signal of signals) process.off(signal, onSignal);
    };
    for (const signal of signals) process.once(signal, onSignal);
    void this.done.promise.then(off);
    return off;
  }

  private relay(sample: StoreSample): void {
    if (!this.relaying) return;
    if (sample.kind === 'host') {
      const seen = this.readings.get(sample.host);
      this.readings.set(sample.host, { count: (seen?.count ?? 0) + 1, lastMs: sample.timeMs, spanMs: seen ? sample.timeMs - seen.lastMs : 0 });
    }
    for (const listener of this.sampleListeners) listener(sample);
  }

  private async closeParts(): Promise<string[]> {
    const notes: string[] = [];
    for (const part of [...this.parts].reverse()) {
      try {
        notes.push(...((await part.close()) ?? []));
      } catch (error) {
        notes.push(`${part.name}: could not close: ${error instanceof Error ? error.message : String(error)}`);
      }
      for (const listener of this.closedListeners) listener(part.name);
    }
    this.stopTelling();
    this.done.resolve(notes);
    return notes;
  }
}

/**
 * Opens a session (see Session): readings start arriving in `session.store` at once. Local
 * mode loads nothing of the fleet (the first frame should not wait for it).
 */
export async function openSession(options: SessionOptions): Promise<Session> {
  const session = new Session(options);
  const inventory = options.inventory;
  if (inventory) {
    const { openFleetParts } = await import('./fleet-parts.js');
    session.adopt(openFleetParts(session, inventory, options));
    return session;
  }
  const live = (options.mode ?? 'live') === 'live';
  const local = watchLocalHost(session.store, options.intervalMs, {
    ...(options.localHostName === undefined ? {} : { hostName: options.localHostName }),
    // A one-shot reading's rates span a whole interval.
    ...(live ? {} : { firstReadingMs: options.intervalMs }),
  });
  session.adopt({ ...NO_PARTS, hostName: local.hostName });
  session.own('local collector', () => {
    local.stop();
    session.stopTelling();
  });
  return session;
}
