/**
 * What a running procedure tells its watchers (the emergency pane, the CLI's progress lines).
 * Events are plain data; a watcher may keep the latest per host to draw a table.
 */
import type { HostState, JournalStep, RunStatus } from './journal.js';
import type { RestartPlan } from './plan.js';
import type { AbortMode } from './run-control.js';

export interface HostProgress {
  type: 'host';
  host: string;
  state: HostState;
  step: JournalStep | undefined;
  /** The step above finished successfully (the next has not started: paused, or about to). */
  finished?: boolean | undefined;
  /** Since perfmon began working on the host. */
  elapsedMs: number;
  lastHealth: string | undefined;
  /** A command's outcome, an error, or why the host was left as it is. */
  detail: string | undefined;
}

export interface HealthProgress {
  type: 'health';
  host: string;
  ok: boolean;
  output: string;
  /** Since the wait began. */
  waitedMs: number;
}

export interface RunOutcome {
  runId: string;
  status: Exclude<RunStatus, 'running'>;
  /** Final state of every host. */
  states: Record<string, HostState>;
  failed: string[];
  skipped: string[];
  /** Done on resume by a health check, without proof their restart ran. */
  unconfirmed: string[];
  /** Hosts that may still be out of the load balancer (drained and not undrained). */
  leftDrained: string[];
  reason: string | undefined;
}

export type RunEvent =
  | { type: 'run-started'; runId: string; plan: RestartPlan; resumed: boolean }
  | HostProgress
  | HealthProgress
  | { type: 'paused' }
  | { type: 'resumed' }
  | { type: 'aborting'; mode: AbortMode; reason: string }
  | { type: 'note'; message: string }
  | { type: 'run-finished'; outcome: RunOutcome };

export type RunListener = (event: RunEvent) => void;
