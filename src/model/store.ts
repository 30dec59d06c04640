import { RingBuffer } from './ring-buffer.js';
import type { HostSnapshot, HostStatus } from './host-snapshot.js';
import type { PlatformState } from './platform-state.js';
import { seriesValues, SERIES_NAMES, type SeriesName } from './series.js';

/** How many samples of history each host keeps: 10 minutes at the default 1 s interval. */
export const HISTORY_CAPACITY = 600;

export interface HostState {
  readonly name: string;
  readonly status: HostStatus | 'connecting';
  /** Why the host is down; null when up or connecting. */
  readonly error: string | null;
  /** The newest good reading; kept while a host is down so the operator sees its last state. */
  readonly snapshot: HostSnapshot | null;
  /** Milliseconds since the epoch of the newest good reading. */
  readonly lastSeen: number | null;
  /** While down: since when (ms since the epoch), and when the next attempt comes, if known. */
  readonly downSince?: number | null;
  readonly retryAt?: number | null;
  readonly series: Readonly<Record<SeriesName, RingBuffer>>;
  /** Increments on every change of this host: a cheap identity for memoised selectors. */
  readonly version: number;
}

export interface StoreState {
  /** In the order hosts were added (the inventory's order). */
  readonly hosts: readonly HostState[];
  /** Readings about the platform rather than one host (see platform-state.ts). */
  readonly platform: PlatformState;
  readonly version: number;
}

type Listener = () => void;

/**
 * The one place collected data lives. Collectors push into it; views read it through
 * `subscribe`/`getState` (the `useSyncExternalStore` contract): `getState` returns the same
 * object until something changes, and listeners are told at most once per `notifyDelayMs`,
 * so a hundred hosts reporting in one second cause a handful of renders, not a hundred.
 */
export class MetricStore {
  private state: StoreState = { hosts: [], platform: {}, version: 0 };
  private readonly listeners = new Set<Listener>();
  private notifyTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: { notifyDelayMs?: number; capacity?: number } = {}) {}

  getState = (): StoreState => this.state;

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Declares a host (in display order) before its first reading arrives. */
  addHost(name: string): void {
    if (this.find(name)) return;
    const capacity = this.options.capacity ?? HISTORY_CAPACITY;
    const series = Object.fromEntries(SERIES_NAMES.map((n) => [n, new RingBuffer(capacity)])) as Record<SeriesName, RingBuffer>;
    const host: HostState = { name, status: 'connecting', error: null, snapshot: null, lastSeen: null, series, version: 0 };
    this.commit([...this.state.hosts, host]);
  }

  /** A good reading: the host is up, its history grows by one sample. */
  record(snapshot: HostSnapshot): void {
    this.addHost(snapshot.name);
    const values = seriesValues(snapshot);
    this.replace(snapshot.name, (host) => {
      for (const name of SERIES_NAMES) host.series[name].push(values[name]);
      return { ...host, status: 'up', error: snapshot.error, snapshot, lastSeen: Date.parse(snapshot.time), version: host.version + 1 };
    });
  }

  /** The host could not be read: it turns down with the reason, keeping its last reading. */
  markDown(name: string, error: string, retryAt: number | null = null, now = Date.now()): void {
    this.addHost(name);
    this.replace(name, (host) =>
      host.status === 'down' && host.error === error && host.retryAt === retryAt
        ? host
        : { ...host, status: 'down', error, downSince: host.status === 'down' ? (host.downSince ?? now) : now, retryAt, version: host.version + 1 },
    );
  }

  /** Replaces one platform reading (queues, app metrics, …); listeners are told as for hosts. */
  setPlatform<K extends keyof PlatformState>(key: K, value: PlatformState[K]): void {
    if (this.state.platform[key] === value) return;
    this.state = { ...this.state, platform: { ...this.state.platform, [key]: value }, version: this.state.version + 1 };
    this.scheduleNotify();
  }

  find(name: string): HostState | undefined {
    return this.state.hosts.find((h) => h.name === name);
  }

  private replace(name: string, change: (host: HostState) => HostState): void {
    let changed = false;
    const hosts = this.state.hosts.map((host) => {
      if (host.name !== name) return host;
      const next = change(host);
      changed = next !== host;
      return next;
    });
    if (changed) this.commit(hosts);
  }

  private commit(hosts: readonly HostState[]): void {
    this.state = { ...this.state, hosts, version: this.state.version + 1 };
    this.scheduleNotify();
  }

  private scheduleNotify(): void {
    const delay = this.options.notifyDelayMs ?? 0;
    if (delay <= 0) {
      for (const listener of this.listeners) listener();
      return;
    }
    if (this.notifyTimer) return;
    this.notifyTimer = setTimeout(() => {
      this.notifyTimer = null;
      for (const listener of this.listeners) listener();
    }, delay);
    this.notifyTimer.unref?.();
  }
}
