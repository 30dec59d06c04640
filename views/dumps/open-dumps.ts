/**
 * The Dumps side of a fleet session (commands/monitor.ts): the JVM watcher feeding the store
 * (host detail and the Dumps pane read it) and the DumpsDesk the pane captures with, both on
 * the fleet's shared connections. Captures go to `dumpsDir`, by default the `dumps` folder of
 * perfmon's state directory ($PERFMON_STATE_DIR, else $XDG_STATE_HOME/perfmon, else
 * ~/.local/state/perfmon): one place whatever folder perfmon was started from.
 */
import { join, resolve } from 'node:path';
import type { Inventory } from '../../src/config/inventory-schema.js';
import { auditLogHook } from '../../src/diagnostics/capture/capture-audit.js';
import type { FleetMonitor } from '../../src/fleet/fleet-monitor.js';
import { JvmWatcher, jvmWatcherHosts } from '../../src/fleet/jvm-watcher.js';
import type { MetricStore } from '../../src/model/store.js';
import { AuditLog, currentIdentity } from '../../src/procedures/audit-log.js';
import { stateDir } from '../../src/procedures/state-dir.js';
import { fleetCaptureRunner } from './capture-runner.js';
import { DumpsDesk } from './dumps-desk.js';

export interface DumpsOptions {
  intervalMs: number;
  readOnly: boolean;
  configPath?: string | undefined;
  /** Where captures are saved (default: the state directory's `dumps`). */
  dumpsDir?: string | undefined;
  env?: NodeJS.ProcessEnv;
}

export function defaultDumpsDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(stateDir(env), 'dumps');
}

export function openDumps(inventory: Inventory, fleet: Pick<FleetMonitor, 'connection'>, store: MetricStore, options: DumpsOptions): { desk: DumpsDesk; close(): Promise<string[]> } {
  const watcher = new JvmWatcher(
    jvmWatcherHosts(inventory.hosts),
    fleet,
    store,
    { intervalMs: options.intervalMs },
  );
  watcher.start();
  const desk = new DumpsDesk({
    inventory,
    runner: fleetCaptureRunner(fleet),
    audit: auditLogHook(new AuditLog(inventory.audit.path, currentIdentity())),
    outDir: options.dumpsDir === undefined ? defaultDumpsDir(options.env) : resolve(options.dumpsDir),
    readOnly: options.readOnly,
    configPath: options.configPath,
    wantJvms: (host) => watcher.want(host),
  });
  void desk.load();
  return {
    desk,
    close: async () => {
      const lines = await desk.close();
      watcher.stop();
      return lines;
    },
  };
}
