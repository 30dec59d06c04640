/**
 * Runbook commands run from the TUI: one at a time, on the session's connections, with each
 * host's output kept for the Emergency pane's Runbook view. The palette asks for one
 * (`request`); the pane previews and confirms a changing one (`prepare`) or starts a read-only
 * one at once (`start`). Refusals (read-only, the allow-list) are those of perfmon runbook.
 */
import { planRunbook, runRunbook, runbookPreview, type RunbookHostResult, type RunbookPlan } from '../../src/procedures/runbook.js';
import { Observable, type Prepared } from './observable.js';
import type { EmergencySetup } from './run-desk.js';

export interface RunbookRequest {
  component: string;
  name: string;
  /** A new request each time, even of the same command. */
  seq: number;
}

export interface RunbookRun {
  plan: RunbookPlan;
  results: readonly RunbookHostResult[];
  done: boolean;
  startedMs: number;
}

export interface RunbookState {
  requested: RunbookRequest | null;
  run: RunbookRun | null;
}

export class RunbookDesk extends Observable<RunbookState> {
  private seq = 0;

  constructor(private readonly setup: EmergencySetup) {
    super({ requested: null, run: null });
  }

  /** Every runbook command of the inventory (the changing ones left out in read-only mode), for the palette. */
  commands(): { component: string; name: string; description: string | undefined; changes: boolean }[] {
    return this.setup.inventory.components.flatMap((c) =>
      (c.runbook?.commands ?? []).filter((cmd) => !(cmd.changes && this.setup.readOnly)).map((cmd) => ({ component: c.name, name: cmd.name, description: cmd.description, changes: cmd.changes })),
    );
  }

  request(component: string, name: string): void {
    this.update({ requested: { component, name, seq: ++this.seq } });
  }

  /** The request not yet acted on, taken (the pane acts on it once, however often it mounts). */
  take(): RunbookRequest | null {
    const { requested } = this.getSnapshot();
    if (requested !== null) this.update({ requested: null });
    return requested;
  }

  plan(component: string, name: string): RunbookPlan {
    return planRunbook(this.setup.inventory, this.setup.access, component, name, { readOnly: this.setup.readOnly, configPath: this.setup.configPath });
  }

  /** A changing command's confirmation: the exact command per host, its name typed to go ahead. */
  prepare(plan: RunbookPlan): Prepared {
    if (plan.refusal !== undefined) throw new Error(plan.refusal);
    return { title: `Runbook: ${plan.component.name} ${plan.command.name}`, preview: runbookPreview(plan), confirmText: plan.command.name, go: () => void this.start(plan).catch(() => {}) }; // one still running stays on screen
  }

  /** Runs a plan (refused plans throw); each host's result lands as it comes. */
  async start(plan: RunbookPlan): Promise<void> {
    if (this.getSnapshot().run?.done === false) throw new Error(`${this.getSnapshot().run!.plan.command.name} is still running`);
    this.update({ run: { plan, results: [], done: false, startedMs: Date.now() } });
    const add = (result: RunbookHostResult) => this.update((s) => ({ run: s.run && { ...s.run, results: [...s.run.results, result] } }));
    try {
      await runRunbook(plan, this.setup.access, this.setup.audit, add);
    } finally {
      this.update((s) => ({ run: s.run && { ...s.run, done: true } }));
    }
  }
}
