import { MetricStore, type StoreState } from '../../src/model/store.js';
import type { HistoryReader } from '../../src/history/history-reader.js';
import { readingFleetAt, recordedHosts, type FleetAt } from '../../src/history/snapshot-at.js';
import { clockTime } from '../../src/format/units.js';
import type { StoreView } from './store-view.js';

/** Readings before the moment given to each host's series, so sparklines show its lead-up. */
const TRAIL = 60;
/** How long a history read runs before it lets keys and frames through. */
const YIELD_AFTER_MS = 15;

export interface TimeCursorEvents {
  /** The moment now shown (null: live again). */
  onMoment(at: number | null): void;
  /** A history read for `at` began (the first one loads the store: a moment on a busy machine). */
  onReading(at: number): void;
  /** Why a moment cannot be shown (no store, nothing recorded near it); the view stays as it was. */
  onProblem(message: string): void;
}

/**
 * The whole UI's time cursor: which moment the views show. Live, they read the store; at a
 * past moment, the fleet rebuilt from history (the latest reading of each host at or before it)
 * takes the store's place in the StoreView, so every pane that reads the store shows that
 * moment without knowing. The history store is opened on the first step back (LMDB loads then)
 * and closed when going live.
 */
export class TimeCursor {
  private reader: Promise<HistoryReader> | null = null;
  private request = 0;
  private current: number | null = null;
  /** The moment a read under way is for. */
  private target: number | null = null;

  constructor(
    readonly historyDir: string,
    private readonly view: StoreView,
    private readonly events: TimeCursorEvents,
  ) {}

  /** The moment shown, or null when live. */
  get at(): number | null {
    return this.current;
  }

  /** Shows the fleet as it was at `at` (ms since 1970); a later call wins over one still reading. */
  async show(at: number): Promise<boolean> {
    const request = ++this.request;
    if (at >= Date.now()) {
      this.live();
      return true;
    }
    this.target = at;
    this.events.onReading(at);
    try {
      const reader = await this.open();
      if (request !== this.request) return false;
      const live = this.view.store.getState().hosts.map((h) => h.name);
      const names = [...live, ...recordedHosts(reader).filter((n) => !live.includes(n))];
      const fleet = await this.readFleet(reader, at, names, request);
      if (!fleet) return false;
      this.target = null;
      if (fleet.hosts.length === 0) {
        const { storeHoldings } = await import('../../src/history/snapshot-at-command.js');
        this.events.onProblem(`history has nothing near ${clockTime(at)}: ${storeHoldings(reader, (t) => new Date(t).toLocaleString('sv'))}`);
        return false;
      }
      this.current = at;
      this.view.setReplay(replayState(fleet, names));
      this.events.onMoment(at);
      return true;
    } catch (error) {
      if (request === this.request) this.target = null;
      this.reader = null;
      this.events.onProblem(`replay: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    }
  }

  /** Moves the cursor by `ms` (negative: back); from live, back starts at now. */
  step(ms: number): Promise<boolean> {
    // From the moment being read, if a step is still under way: `[[[` goes back 30 s.
    const from = this.target ?? this.current;
    if (from === null && ms > 0) return Promise.resolve(false);
    return this.show((from ?? Date.now()) + ms);
  }

  live(): void {
    this.request++;
    this.target = null;
    const wasReplaying = this.current !== null;
    this.current = null;
    this.view.setReplay(null);
    void this.reader?.then((r) => r.close(), () => {});
    this.reader = null;
    if (wasReplaying) this.events.onMoment(null);
  }

  /**
   * fleetAt host by host, yielding to the event loop every few milliseconds: a large fleet's
   * read does not freeze the keys, and a newer step abandons it (null).
   */
  private async readFleet(reader: HistoryReader, at: number, names: readonly string[], request: number): Promise<FleetAt | null> {
    const reading = readingFleetAt(reader, at, { hosts: names, trail: TRAIL });
    let slice = performance.now();
    while (!reading.next().done) {
      if (performance.now() - slice < YIELD_AFTER_MS) continue;
      await new Promise((resolve) => setImmediate(resolve));
      if (request !== this.request) return null;
      slice = performance.now();
    }
    return reading.result;
  }

  private open(): Promise<HistoryReader> {
    this.reader ??= import('../../src/history/history-reader.js').then(({ HistoryReader }) => HistoryReader.open(this.historyDir));
    return this.reader;
  }
}

/**
 * The store's state as history has it at that moment: hosts in the live order (then the ones
 * only history knows), each with its reading then and its lead-up in the series; a host down
 * then keeps its last good reading, as live; a host with nothing recorded near the moment is
 * down, saying so.
 */
export function replayState(fleet: FleetAt, names: readonly string[]): StoreState {
  const store = new MetricStore();
  for (const name of names) {
    const host = fleet.hosts.find((h) => h.name === name);
    if (!host) {
      store.markDown(name, `nothing recorded in the ${fleet.staleMs / 60_000} min up to ${clockTime(fleet.at)}`, null, fleet.at);
      continue;
    }
    for (const s of host.trail) store.record(s);
    if (host.snapshot.status === 'up') store.record(host.snapshot);
    else {
      if (host.lastGood) store.record(host.lastGood);
      // Down since its last good reading, as far as history knows; else since the moment shown.
      store.markDown(name, host.snapshot.error ?? 'down', null, host.lastGood ? Date.parse(host.lastGood.time) : fleet.at);
    }
  }
  return store.getState();
}
