/**
 * A running procedure as the emergency pane draws it, folded from the engine's events: per
 * host its state, step, elapsed time and last health output; for a recovery, the level under
 * way, each component's run and the level gates. Pure functions of (progress, event, now).
 */
import type { HostState, JournalData, JournalStep } from '../../src/procedures/journal.js';
import type { RestartPlan } from '../../src/procedures/plan.js';
import type { RecoveryEvent, RecoveryOutcome, RecoveryPlan } from '../../src/procedures/recovery.js';
import type { RunEvent, RunOutcome } from '../../src/procedures/run-events.js';

export interface HostRow {
  name: string;
  /** 0-based. */
  batch: number;
  state: HostState;
  step: JournalStep | undefined;
  /** Its step finished and the next has not started (a paused run shows `restarted`, not `restarting`). */
  finished: boolean;
  /** Time on the host as of `seenAt` (undefined: not started). */
  elapsedMs: number | undefined;
  seenAt: number;
  lastHealth: string | undefined;
  /** A command's outcome, an error, or why the host was left as it is. */
  detail: string | undefined;
}

export interface ComponentRun {
  component: string;
  /** Known once the lock is taken and the journal written. */
  runId: string | undefined;
  plan: RestartPlan;
  resumed: boolean;
  hosts: HostRow[];
  outcome: RunOutcome | undefined;
}

const RESTING: readonly HostState[] = ['pending', 'healthy', 'failed', 'skipped'];

/** A run of `plan` before its first event; a resumed run starts from its journal's records. */
export function componentRun(plan: RestartPlan, journal?: Pick<JournalData, 'runId' | 'hosts'>, now = Date.now()): ComponentRun {
  return {
    component: plan.component,
    runId: journal?.runId,
    plan,
    resumed: journal !== undefined,
    outcome: undefined,
    hosts: plan.hosts.map((host) => {
      const record = journal?.hosts[host.name];
      return {
        name: host.name,
        batch: host.batch,
        state: record?.state ?? 'pending',
        step: record?.step,
        finished: record?.finished === true,
        elapsedMs: undefined,
        seenAt: now,
        lastHealth: record?.lastHealth,
        detail: record?.error,
      };
    }),
  };
}

function patchHost(run: ComponentRun, name: string, patch: Partial<HostRow>): ComponentRun {
  return { ...run, hosts: run.hosts.map((row) => (row.name === name ? { ...row, ...patch } : row)) };
}

export function applyRunEvent(run: ComponentRun, event: RunEvent, now: number): ComponentRun {
  switch (event.type) {
    case 'run-started':
      return { ...run, runId: event.runId, resumed: event.resumed };
    case 'host':
      return patchHost(run, event.host, {
        state: event.state,
        step: event.step,
        finished: event.finished === true,
        elapsedMs: event.elapsedMs,
        seenAt: now,
        lastHealth: event.lastHealth,
        // A new step clears the last one's outcome; the step's own outcome replaces it.
        detail: event.detail,
      });
    case 'health':
      return patchHost(run, event.host, { lastHealth: event.output });
    case 'run-finished':
      return { ...run, outcome: event.outcome };
    default:
      return run;
  }
}

/** Time on the host now: still counting while it is being worked on. */
export function hostElapsed(row: HostRow, now: number): number | undefined {
  if (row.elapsedMs === undefined) return undefined;
  return RESTING.includes(row.state) ? row.elapsedMs : row.elapsedMs + Math.max(0, now - row.seenAt);
}

export interface GateResult {
  component: string;
  host: string;
  ok: boolean;
  output: string;
}

export interface RecoveryRun {
  plan: RecoveryPlan;
  /** 1-based level under way; 0 before the first. */
  level: number;
  /** Each component's restart, from its first event. */
  runs: Record<string, ComponentRun>;
  /** The component restarting now (or last). */
  current: string | undefined;
  gates: GateResult[];
  outcome: RecoveryOutcome | undefined;
}

export function recoveryRun(plan: RecoveryPlan): RecoveryRun {
  return { plan, level: 0, runs: {}, current: undefined, gates: [], outcome: undefined };
}

export function applyRecoveryEvent(recovery: RecoveryRun, event: RecoveryEvent, now: number): RecoveryRun {
  switch (event.type) {
    case 'level':
      return { ...recovery, level: event.level };
    case 'gate': {
      const gates = recovery.gates.filter((g) => !(g.component === event.component && g.host === event.host));
      return { ...recovery, gates: [...gates, { component: event.component, host: event.host, ok: event.ok, output: event.output }] };
    }
    case 'run': {
      const known = recovery.runs[event.component];
      const base = known ?? (event.event.type === 'run-started' ? componentRun(event.event.plan, undefined, now) : undefined);
      if (base === undefined) return recovery;
      return { ...recovery, current: event.component, runs: { ...recovery.runs, [event.component]: applyRunEvent(base, event.event, now) } };
    }
    case 'note':
      return recovery;
  }
}

export type ComponentRecoveryState = 'waiting' | 'restarting' | 'restarted' | 'checking' | 'healthy' | 'failed';

/**
 * Where a component of the recovery is: its level not reached, restarting, restarted (its
 * level's health gate to come), only checked (no restart command), gate passed, or failed.
 */
export function componentRecoveryState(recovery: RecoveryRun, component: string, level: number): ComponentRecoveryState {
  const gates = recovery.gates.filter((g) => g.component === component);
  const step = recovery.plan.levels[level - 1]?.find((s) => s.component === component);
  if (gates.some((g) => !g.ok)) return 'failed';
  if (step !== undefined && gates.length > 0 && gates.length === step.gate.length) return 'healthy';
  const run = recovery.runs[component];
  if (run?.outcome !== undefined) return run.outcome.status === 'completed' ? 'restarted' : 'failed';
  if (run !== undefined) return 'restarting';
  return recovery.level >= level && step?.restart === undefined ? 'checking' : 'waiting';
}
