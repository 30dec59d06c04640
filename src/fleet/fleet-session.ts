import type { Inventory } from '../config/inventory-schema.js';
import { componentHosts } from '../config/inventory-queries.js';
import type { MetricStore } from '../model/store.js';
import type { ConnectOptions } from '../ssh/connection.js';
import { resolveFleetHosts } from './fleet-host.js';
import { FleetMonitor } from './fleet-monitor.js';

export interface FleetHostFacts {
  name: string;
  labels: Record<string, string>;
  components: { name: string; role: string }[];
}

/** Each host's labels and the components (with their roles) it serves, from the inventory. */
export function hostFacts(inventory: Inventory): FleetHostFacts[] {
  return inventory.hosts.map((host) => ({
    name: host.name,
    labels: host.labels,
    components: inventory.components
      .filter((c) => componentHosts(inventory, c).some((h) => h.name === host.name))
      .map((c) => ({ name: c.name, role: c.role })),
  }));
}

/** Starts watching every host of the inventory into the store. */
export function watchFleet(inventory: Inventory, store: MetricStore, options: { intervalMs: number; acceptNew: boolean; connect?: ConnectOptions }): FleetMonitor {
  const monitor = new FleetMonitor(resolveFleetHosts(inventory), store, {
    intervalMs: options.intervalMs,
    maxStartups: inventory.ssh.maxStartups,
    connect: { acceptNew: options.acceptNew || inventory.ssh.acceptNew, maxSessions: inventory.ssh.maxSessions, ...options.connect },
  });
  monitor.start();
  return monitor;
}
