import type { Inventory } from '../config/inventory-schema.js';
import { componentHosts } from '../config/inventory-queries.js';
import type { MetricStore } from '../model/store.js';
import type { CollectorSessionOptions } from '../collect/remote/collector-session.js';
import type { ConnectOptions } from '../ssh/connection.js';
import type { SshConfigOptions } from '../ssh/ssh-config.js';
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

export interface WatchFleetOptions {
  intervalMs: number;
  acceptNew: boolean;
  connect?: ConnectOptions;
  /** Only these hosts (default: every host of the inventory). */
  hosts?: ReadonlySet<string>;
  /** Where ~/.ssh/config is read (tests pass the lab's HOME). */
  sshConfig?: SshConfigOptions;
  collector?: CollectorSessionOptions;
}

/** Starts watching every host of the inventory (or those of `hosts`) into the store. */
export function watchFleet(inventory: Inventory, store: MetricStore, options: WatchFleetOptions): FleetMonitor {
  const hosts = resolveFleetHosts(inventory, options.sshConfig).filter((h) => options.hosts?.has(h.name) ?? true);
  const monitor = new FleetMonitor(hosts, store, {
    intervalMs: options.intervalMs,
    maxStartups: inventory.ssh.maxStartups,
    connect: { acceptNew: options.acceptNew || inventory.ssh.acceptNew, maxSessions: inventory.ssh.maxSessions, ...options.connect },
    ...(options.collector ? { collector: options.collector } : {}),
  });
  monitor.start();
  return monitor;
}
