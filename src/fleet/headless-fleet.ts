/**
 * The fleet without a screen, for one-shot commands (`perfmon snapshot` with components,
 * `perfmon queues`): the TUI's own FleetMonitor — hosts resolved like ssh, one connection per
 * host, the same reasons when one is down — into a private store, so that readers of queues,
 * metrics and databases ride its connections (fleetTransport) instead of opening their own.
 */
import type { Inventory } from '../config/inventory-schema.js';
import { downSnapshot, type HostSnapshot } from '../model/host-snapshot.js';
import { MetricStore, type HostState } from '../model/store.js';
import type { FleetMonitor } from './fleet-monitor.js';
import { watchFleet, type WatchFleetOptions } from './fleet-session.js';

export class HeadlessFleet {
  readonly store = new MetricStore();
  readonly monitor: FleetMonitor;

  constructor(inventory: Inventory, options: WatchFleetOptions) {
    this.monitor = watchFleet(inventory, this.store, options);
  }

  /**
   * Resolves once every host has `readings` readings or has failed once: a host that is down
   * is not waited for (it is reported by `down()`), as one-shot commands never retry.
   */
  settled(readings: number): Promise<void> {
    const done = (h: HostState) => h.status === 'down' || h.series.cpu.length >= readings;
    return new Promise((resolve) => {
      const check = () => {
        if (!this.store.getState().hosts.every(done)) return;
        unsubscribe();
        resolve();
      };
      const unsubscribe = this.store.subscribe(check);
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

  stop(): void {
    this.monitor.stop();
  }
}
