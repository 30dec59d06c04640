/**
 * `perfmon snapshot`: one reading of this machine or of the fleet, through a session in 'once'
 * mode (the same connections, collectors and watchers the TUI runs). Rates need a real
 * interval: a host is read until its newest reading's rates span an interval (this machine's
 * are primed, then read one interval later), and components that declare metrics, SLOs, queues or a database are
 * read twice the same way over the hosts' connections. A host that is down is reported with
 * the reason, not waited for.
 */
import type { Inventory } from '../config/inventory-schema.js';
import { componentReports, type SnapshotComponent } from '../fleet/component-reports.js';
import { declaredKinds } from '../fleet/platform-watcher.js';
import type { HostSnapshot } from '../model/host-snapshot.js';
import type { Session } from './session.js';

/** Whether any component declares something beyond its hosts to read. */
export function hasPlatformReadings(inventory: Pick<Inventory, 'components'>): boolean {
  return inventory.components.some((c) => declaredKinds(c).length > 0);
}

export interface TakenSnapshot {
  hosts: HostSnapshot[];
  /** Present when the session reads the platform (components with something to read). */
  components?: SnapshotComponent[];
}

export async function takeSnapshot(session: Session, intervalMs: number): Promise<TakenSnapshot> {
  const platform = session.platform;
  if (!session.fleet) {
    await session.settled(1);
    return { hosts: session.snapshots() };
  }
  // The first reading after connecting can come soon before the fleet's next tick: wait for one
  // whose rates span (nearly: ticks jitter) a whole interval.
  const span = 0.9 * intervalMs;
  if (!platform) {
    await session.settled(2, span);
    return { hosts: session.snapshots() };
  }
  await session.settled(1);
  await platform.sampleOnce();
  await new Promise((resolve) => setTimeout(resolve, intervalMs));
  await Promise.all([platform.sampleOnce(), session.settled(2, span)]);
  return { hosts: session.snapshots(), components: componentReports(session.inventory?.components ?? [], session.store.getState().platform) };
}
