/**
 * `perfmon snapshot` on an inventory whose components declare metrics, SLOs, queues or a
 * database: the hosts and the components read over the same connections (a headless fleet and
 * the platform watcher, as the TUI runs them), each read twice one interval apart so that
 * rates are real. A host that is down is reported, not waited for.
 */
import type { Inventory } from '../config/inventory-schema.js';
import type { HostSnapshot } from '../model/host-snapshot.js';
import type { ConnectOptions } from '../ssh/connection.js';
import type { SshConfigOptions } from '../ssh/ssh-config.js';
import { componentReports, type SnapshotComponent } from './component-reports.js';
import { HeadlessFleet } from './headless-fleet.js';
import { declaredKinds, PlatformWatcher } from './platform-watcher.js';

/** Whether any component declares something beyond its hosts to read. */
export function hasPlatformReadings(inventory: Pick<Inventory, 'components'>): boolean {
  return inventory.components.some((c) => declaredKinds(c).length > 0);
}

export async function snapshotPlatform(
  inventory: Inventory,
  options: { intervalMs: number; acceptNew: boolean; connect?: ConnectOptions; sshConfig?: SshConfigOptions },
): Promise<{ hosts: HostSnapshot[]; components: SnapshotComponent[] }> {
  const fleet = new HeadlessFleet(inventory, {
    intervalMs: options.intervalMs,
    acceptNew: options.acceptNew,
    // Every reading complete, as `perfmon snapshot` prints them.
    collector: { processEvery: 1, filesystemEvery: 1 },
    ...(options.connect ? { connect: options.connect } : {}),
    ...(options.sshConfig ? { sshConfig: options.sshConfig } : {}),
  });
  const watcher = new PlatformWatcher(inventory, fleet.monitor, fleet.store, { intervalMs: options.intervalMs });
  try {
    await fleet.settled(1);
    await watcher.sampleOnce();
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs));
    await Promise.all([watcher.sampleOnce(), fleet.settled(2)]);
    return { hosts: fleet.snapshots(), components: componentReports(inventory.components, fleet.store.getState().platform) };
  } finally {
    watcher.stop();
    fleet.stop();
  }
}
