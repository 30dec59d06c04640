import type { HostSnapshot, HostStatus } from './host-snapshot.js';
import type { PlatformState } from './platform-state.js';
import { platformSeriesSamples } from './platform-series.js';
import type { SeriesMatcher } from './series-key.js';
import { hostSeriesKey, seriesValues, SERIES_NAMES, type SeriesName } from './series.js';
import { SeriesSet } from './series-set.js';
import type { TimedSeries } from './timed-series.js';

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
  /** The host's live series (`cpu_usage{host="…"}`, …): timed samples, NaN where it was down. */
  readonly series: Readonly<Record<SeriesName, TimedSeries>>;
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

/** The platform readings that are readings (`watching` only says which watchers run). */
export type PlatformReadingKey = Exclude<keyof PlatformState, 'watching'>;

/**
 * Every reading as it lands in the store, with its time (ms since 1970): a host's good
 * reading, a host found down (with why), a platform reading replaced. Told synchronously, one
 * by one and never coalesced (unlike `subscribe`), for whoever keeps them (the recorder).
 */
export type StoreSample =
  | { readonly kind: 'host'; readonly timeMs: number; readonly host: string; readonly snapshot: HostSnapshot }
  | { readonly kind: 'host-down'; readonly timeMs: number; readonly host: string; readonly reason: string }
  | { readonly [K in PlatformReadingKey]: { readonly kind: 'platform'; readonly timeMs: number; readonly key: K; readonly value: NonNullable<PlatformState[K]> } }[PlatformReadingKey];

/**
 * The one place collected data lives. Collectors push into it; views read it through
 * `subscribe`/`getState` (the `useSyncExternalStore` contract): `getState` returns the same
 * object until something changes, and listeners are told at most once per `notifyDelayMs`,
 * so a hundred hosts reporting in one second cause a handful of renders, not a hundred.
 */
export class MetricStore {
  /**
   * The hosts as they are now, changed in place, and where each one is: a reading costs the
   * same with 10 hosts or 1,000. The immutable state views see is made from them on demand.
   */
  private readonly hosts: HostState[] = [];
  private readonly positions = new Map<string, number>();
  private platform: PlatformState = {};
  private version = 0;
  /** The state last handed out; rebuilt by getState after a change (at most once per change). */
  private state: StoreState = { hosts: [], platform: {}, version: 0 };
  private stale = false;
  private readonly listeners = new Set<Listener>();
  private readonly sampleListeners = new Set<(sample: StoreSample) => void>();
  private notifyTimer: NodeJS.Timeout | null = null;
  private readonly labelled: SeriesSet;

  constructor(private readonly options: { notifyDelayMs?: number; capacity?: number; now?: () => number } = {}) {
    this.labelled = new SeriesSet(options.capacity ?? HISTORY_CAPACITY);
  }

  getState = (): StoreState => {
    if (this.stale) {
      this.state = { hosts: this.hosts.slice(), platform: this.platform, version: this.version };
      this.stale = false;
    }
    return this.state;
  };

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Told of every reading as it is recorded (see StoreSample); returns the unsubscribe. */
  onSample = (listener: (sample: StoreSample) => void): (() => void) => {
    this.sampleListeners.add(listener);
    return () => this.sampleListeners.delete(listener);
  };

  /**
   * The live series the matcher picks: each host's (`{ name: 'cpu_usage', labels: { host: 'db1' } }`)
   * and those platform readings feed (queue depth, JVM heap … see platform-series.ts).
   */
  series(matcher: SeriesMatcher): TimedSeries[] {
    return this.labelled.select(matcher);
  }

  /** Declares a host (in display order) before its first reading arrives. */
  addHost(name: string): void {
    if (this.find(name)) return;
    const series = Object.fromEntries(SERIES_NAMES.map((n) => [n, this.labelled.series(hostSeriesKey(name, n))])) as Record<SeriesName, TimedSeries>;
    const host: HostState = { name, status: 'connecting', error: null, snapshot: null, lastSeen: null, series, version: 0 };
    this.positions.set(name, this.hosts.length);
    this.hosts.push(host);
    this.changed();
  }

  /** A good reading: the host is up, its history grows by one sample. */
  record(snapshot: HostSnapshot): void {
    this.addHost(snapshot.name);
    const values = seriesValues(snapshot);
    const timeMs = Date.parse(snapshot.time);
    this.replace(snapshot.name, (host) => {
      for (const name of SERIES_NAMES) host.series[name].push(timeMs, values[name]);
      return { ...host, status: 'up', error: snapshot.error, snapshot, lastSeen: timeMs, version: host.version + 1 };
    });
    this.tell({ kind: 'host', timeMs, host: snapshot.name, snapshot });
  }

  /**
   * The host could not be read: it turns down with the reason (and when the next attempt comes,
   * if known), keeping its last reading; its series get a gap from now, so no chart joins the
   * readings either side of the outage.
   */
  markDown(name: string, error: string, retryAt: number | null = null, timeMs = this.now()): void {
    this.addHost(name);
    let changed = false;
    this.replace(name, (host) => {
      if (host.status === 'down' && host.error === error && host.retryAt === retryAt) return host;
      const newlyDown = !(host.status === 'down' && host.error === error);
      if (newlyDown) {
        changed = true;
        this.labelled.gapWhere({ host: name }, timeMs);
      }
      return { ...host, status: 'down', error, downSince: host.status === 'down' ? (host.downSince ?? timeMs) : timeMs, retryAt, version: host.version + 1 };
    });
    if (changed) this.tell({ kind: 'host-down', timeMs, host: name, reason: error });
  }

  /**
   * A sampling tick passed and the host, still down, was not read: its series grow by a gap
   * sample each, so the outage keeps its length on a chart. Nothing for a host that is up.
   */
  markMissed(name: string): void {
    const host = this.find(name);
    // A host never read has no series to extend (and no change to tell).
    if (!host || host.status !== 'down' || host.lastSeen === null) return;
    const timeMs = this.now();
    this.replace(name, (h) => {
      for (const series of Object.values(h.series)) series.missed(timeMs);
      return { ...h, version: h.version + 1 };
    });
  }

  /** Replaces one platform reading (queues, app metrics, …); listeners are told as for hosts. */
  setPlatform<K extends keyof PlatformState>(key: K, value: PlatformState[K]): void {
    if (this.platform[key] === value) return;
    this.platform = { ...this.platform, [key]: value };
    this.changed();
    for (const sample of platformSeriesSamples(key, value)) this.labelled.push(sample.key, sample.t, sample.v);
    if (key !== 'watching' && value !== undefined) this.tell({ kind: 'platform', timeMs: this.now(), key, value } as StoreSample);
  }

  find(name: string): HostState | undefined {
    const at = this.positions.get(name);
    return at === undefined ? undefined : this.hosts[at];
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private tell(sample: StoreSample): void {
    for (const listener of this.sampleListeners) listener(sample);
  }

  private replace(name: string, change: (host: HostState) => HostState): void {
    const at = this.positions.get(name);
    const host = at === undefined ? undefined : this.hosts[at];
    if (at === undefined || !host) return;
    const next = change(host);
    if (next === host) return;
    this.hosts[at] = next;
    this.changed();
  }

  private changed(): void {
    this.version += 1;
    this.stale = true;
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
