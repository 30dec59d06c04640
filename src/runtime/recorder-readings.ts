/**
 * What `perfmon record` collects: the inventory's fleet exactly as the TUI watches it
 * (watchFleet: one connection and collector per host, the same backoff and reasons; the platform
 * watcher over those connections), or this machine when there is no inventory. Each reading is told to the recorder as the store gets it.
 *
 * This is the one place to change when the headless session (src/runtime/session.ts) offers a
 * subscription to collected host snapshots: open the session and forward its events.
 */
import type { Inventory } from '../config/inventory-schema.js';
import { watchFleet, type WatchFleetOptions } from '../fleet/fleet-session.js';
import { PlatformWatcher } from '../fleet/platform-watcher.js';
import type { HostSnapshot } from '../model/host-snapshot.js';
import type { PlatformState } from '../model/platform-state.js';
import { MetricStore } from '../model/store.js';
import type { HostEvent, OpenReadingSource } from '../history/recorder.js';
import { watchLocalHost } from './watch-local.js';

/** A store that also tells every reading and every failure as it is recorded. */
export class ForwardingStore extends MetricStore {
  constructor(private readonly listener: (event: HostEvent) => void) {
    // A small ring: the recorder keeps history on disk, not here.
    super({ capacity: 2 });
  }

  override record(snapshot: HostSnapshot): void {
    super.record(snapshot);
    this.listener({ kind: 'reading', snapshot });
  }

  override markDown(name: string, error: string): void {
    super.markDown(name, error);
    this.listener({ kind: 'down', host: name, reason: error, time: Date.now() });
  }

  override setPlatform<K extends keyof PlatformState>(key: K, value: PlatformState[K]): void {
    super.setPlatform(key, value);
    this.listener({ kind: 'platform', key, value });
  }
}

/** The inventory's hosts (already narrowed to --group), watched every `intervalMs`. */
export function fleetReadings(inventory: Inventory, options: WatchFleetOptions): OpenReadingSource {
  return (listener) => {
    const store = new ForwardingStore(listener);
    const monitor = watchFleet(inventory, store, options);
    // Components' metrics, SLOs, queues and databases over the fleet's connections, as in the UI.
    const platform = new PlatformWatcher(inventory, monitor, store, { intervalMs: options.intervalMs });
    platform.start();
    return {
      hosts: store.getState().hosts.map((h) => h.name),
      stop: () => {
        platform.stop();
        monitor.stop();
      },
    };
  };
}

/** This machine, as the TUI watches it without an inventory. */
export function localReadings(intervalMs: number): OpenReadingSource {
  return (listener) => {
    const watch = watchLocalHost(new ForwardingStore(listener), intervalMs);
    return { hosts: [watch.hostName], stop: () => watch.stop() };
  };
}
