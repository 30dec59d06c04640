/**
 * Everything the emergency pane acts with, made once per perfmon session (commands/monitor.ts)
 * so that runs, questions, read-back states and time boxes live as long as perfmon, not as the
 * pane: the inventory, the session's HostAccess (the fleet's shared connections), its audit
 * log, the journal directory. The component health watch it reads is the session's.
 */
import type { Inventory } from '../../src/config/inventory-schema.js';
import type { Session } from '../../src/runtime/session.js';
import { stateDir } from '../../src/procedures/state-dir.js';
import { DegradeDesk } from './degrade-desk.js';
import { RunDesk, type EmergencySetup } from './run-desk.js';
import { RunbookDesk } from './runbook-desk.js';

export type { EmergencySetup } from './run-desk.js';

export class EmergencyDesk {
  readonly runs: RunDesk;
  readonly degrade: DegradeDesk;
  readonly runbook: RunbookDesk;

  constructor(readonly setup: EmergencySetup) {
    this.runs = new RunDesk(setup);
    this.degrade = new DegradeDesk(setup);
    this.runbook = new RunbookDesk(setup);
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
/** Run journals and locks are read back this often, for what the CLI did meanwhile. */
const RUNS_REREAD_MS = 5000;

export interface EmergencyOptions {
  readOnly: boolean;
  /**
   * Read the controls back in the background for the DEGRADED badge (default true). A TUI
   * attached to a recorder has no connections of its own: it reads them only while the
   * controls view is shown, so watching costs the hosts nothing.
   */
  watchControls?: boolean;
  configPath?: string | undefined;
  env?: NodeJS.ProcessEnv;
}

/**
 * The desk on the session's connections and audit log, owned by the session: it closes before
 * the health watch and the connections (a run stops at its next step, time boxes revert).
 */
export function openEmergency(session: Session, options: EmergencyOptions): EmergencyDesk {
  const { inventory, access, audit } = session;
  if (!inventory || !access || !audit) throw new Error('openEmergency: the session has no inventory with components');
  const desk = new EmergencyDesk({
    inventory,
    access,
    audit,
    stateDir: stateDir(options.env),
    readOnly: options.readOnly,
    configPath: options.configPath,
  });
  // Runs and locks the CLI changed meanwhile show without a key pressed.
  desk.runs.watch(RUNS_REREAD_MS);
  if (options.watchControls ?? true) desk.degrade.watch(CONTROLS_REREAD_MS);
  void desk.runs.listRuns();
  session.own('emergency desk', () => desk.close());
  return desk;
}
