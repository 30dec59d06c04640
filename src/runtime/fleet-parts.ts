/**
 * What a session opens for an inventory (src/runtime/session.ts), each part owned by the
 * session so that it closes them in reverse order: the fleet (connections, collectors) first
 * opened and last closed, then the platform watcher, the JVM watcher and the component health
 * watch on the fleet's connections; one audit log for the run.
 */
import { componentHosts } from '../config/inventory-queries.js';
import type { Inventory } from '../config/inventory-schema.js';
import type { FleetMonitor } from '../fleet/fleet-monitor.js';
import { watchFleet } from '../fleet/fleet-session.js';
import { JvmWatcher, jvmWatcherHosts } from '../fleet/jvm-watcher.js';
import { PlatformWatcher } from '../fleet/platform-watcher.js';
import { AuditLog, currentIdentity } from '../procedures/audit-log.js';
import { ComponentHealthWatch } from '../procedures/component-health-watch.js';
import { FleetHostAccess } from '../procedures/fleet-host-access.js';
import type { Session, SessionOptions, SessionParts } from './session.js';

export function openFleetParts(session: Session, inventory: Inventory, options: SessionOptions): SessionParts {
  const live = (options.mode ?? 'live') === 'live';
  const store = session.store;
  // A one-shot command prints every reading complete: processes and filesystems each time.
  const collector = live ? options.collector : { processEvery: 1, filesystemEvery: 1, ...options.collector };
  const fleet = watchFleet(inventory, store, {
    intervalMs: options.intervalMs,
    acceptNew: options.acceptNew ?? false,
    ...(options.connect ? { connect: options.connect } : {}),
    ...(options.hosts ? { hosts: options.hosts } : {}),
    ...(options.sshConfig ? { sshConfig: options.sshConfig } : {}),
    ...(collector ? { collector } : {}),
  });
  session.own('fleet', () => {
    fleet.stop();
    session.stopTelling();
  });

  let platform: PlatformWatcher | null = null;
  if (options.platform ?? live) {
    const watcher = new PlatformWatcher(inventory, fleet, store, { intervalMs: options.intervalMs });
    if (live) watcher.start();
    session.own('platform watcher', () => watcher.stop());
    platform = watcher;
  }

  let jvms: JvmWatcher | null = null;
  if (live) {
    const watcher = new JvmWatcher(jvmWatcherHosts(inventory.hosts), fleet, store, { intervalMs: options.intervalMs });
    watcher.start();
    session.own('JVM watcher', () => watcher.stop());
    jvms = watcher;
  }

  const access = inventory.components.length > 0 ? new FleetHostAccess(inventory, fleet, undefined, options.sshConfig ?? {}) : null;
  const health = live && access ? openHealthWatch(session, inventory, access, fleet, options.healthIntervalMs ?? 5000) : null;
  return { hostName: inventory.hosts[0]?.name ?? '', audit: new AuditLog(inventory.audit.path, currentIdentity()), fleet, access, platform, jvms, health };
}

/** Every component's health check on its hosts; a host that comes up is checked at once. */
function openHealthWatch(session: Session, inventory: Inventory, access: FleetHostAccess, fleet: FleetMonitor, intervalMs: number): ComponentHealthWatch | null {
  if (!inventory.components.some((c) => c.health !== undefined && componentHosts(inventory, c).length > 0)) return null;
  const store = session.store;
  const watch = new ComponentHealthWatch(inventory, access, (health) => store.setPlatform('componentHealth', health), {
    intervalMs,
    // A host without a connection shows as down or connecting; a check would only say the same.
    skip: (host) => fleet.connection(host) === null,
  });
  watch.start();
  const up = new Set<string>();
  const unsubscribe = store.subscribe(() => {
    for (const host of store.getState().hosts) {
      if (host.status !== 'up') up.delete(host.name);
      else if (!up.has(host.name)) {
        up.add(host.name);
        void watch.checkHost(host.name);
      }
    }
  });
  session.own('health watch', () => {
    unsubscribe();
    watch.stop();
  });
  return watch;
}
