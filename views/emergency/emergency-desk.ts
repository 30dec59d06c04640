/**
 * Everything the emergency pane acts with, made once per perfmon session (commands/monitor.ts)
 * so that runs, questions, read-back states and time boxes live as long as perfmon, not as the
 * pane: the inventory, the fleet's shared connections as a HostAccess, the audit log, the
 * journal directory; the component health watch feeding the store's platform slot.
 */
import type { Inventory } from '../../src/config/inventory-schema.js';
import type { FleetMonitor } from '../../src/fleet/fleet-monitor.js';
import type { MetricStore } from '../../src/model/store.js';
import { AuditLog, currentIdentity } from '../../src/procedures/audit-log.js';
import { ComponentHealthWatch } from '../../src/procedures/component-health-watch.js';
import { FleetHostAccess } from '../../src/procedures/fleet-host-access.js';
import { stateDir } from '../../src/procedures/state-dir.js';
import { DegradeDesk } from './degrade-desk.js';
import { RunDesk, type EmergencySetup } from './run-desk.js';

export type { EmergencySetup } from './run-desk.js';

export class EmergencyDesk {
  readonly runs: RunDesk;
  readonly degrade: DegradeDesk;

  constructor(readonly setup: EmergencySetup) {
    this.runs = new RunDesk(setup);
    this.degrade = new DegradeDesk(setup);
  }

  get inventory(): Inventory {
    return this.setup.inventory;
  }

  /**
   * perfmon is quitting: a run stops before its next step (resumable from its journal), this
   * perfmon's time-boxed degradations are reverted. Returns lines to print once the screen is
   * back to normal.
   */
  async close(): Promise<string[]> {
    const run = this.runs.getSnapshot().run;
    const wasRunning = this.runs.active;
    await this.runs.shutdown();
    const lines = await this.degrade.shutdown();
    const runId = run?.restart?.runId;
    if (wasRunning && run?.kind === 'restart' && runId !== undefined) lines.unshift(`the ${run.label} was stopped when perfmon quit; continue it with: perfmon restart --resume ${runId}`);
    else if (wasRunning) lines.unshift(`the ${run?.label ?? 'run'} was stopped when perfmon quit; see perfmon restart --resume for the component runs it started`);
    return lines;
  }
}

/** Controls are read back this often in the background, for the DEGRADED badge. */
const CONTROLS_REREAD_MS = 15_000;

export interface EmergencyOptions {
  readOnly: boolean;
  configPath?: string | undefined;
  /** How often each component's health check runs on each host (default 5 s). */
  healthIntervalMs?: number;
  env?: NodeJS.ProcessEnv;
}

/** The desk on the fleet's connections, with the health watch started. */
export function openEmergency(inventory: Inventory, fleet: Pick<FleetMonitor, 'connection'>, store: MetricStore, options: EmergencyOptions): { desk: EmergencyDesk; close(): Promise<string[]> } {
  const access = new FleetHostAccess(inventory, fleet);
  const desk = new EmergencyDesk({
    inventory,
    access,
    audit: new AuditLog(inventory.audit.path, currentIdentity()),
    stateDir: stateDir(options.env),
    readOnly: options.readOnly,
    configPath: options.configPath,
  });
  const watch = new ComponentHealthWatch(inventory, access, (health) => store.setPlatform('componentHealth', health), {
    intervalMs: options.healthIntervalMs ?? 5000,
    // A host without a connection shows as down or connecting; a check would only say the same.
    skip: (host) => fleet.connection(host) === null,
  });
  watch.start();
  // A host that comes up is checked at once, not at the next tick.
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
  // Runs and locks the CLI changed meanwhile show without a key pressed.
  desk.runs.watch(options.healthIntervalMs ?? 5000);
  desk.degrade.watch(CONTROLS_REREAD_MS);
  void desk.runs.listRuns();
  return {
    desk,
    close: async () => {
      unsubscribe();
      watch.stop();
      return desk.close();
    },
  };
}
