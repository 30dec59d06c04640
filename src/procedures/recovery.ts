/**
 * Dependency-ordered recovery (`perfmon recover`): every component restarted level by level
 * (recovery-order.ts), each with the rolling restart engine in batches of what it allows down
 * at once, and each level health-gated: every host of every component of the level must pass
 * its health check before the next level starts. Components with a health check but no
 * restart command are only waited for. All locks are taken before anything runs.
 */
import type { Inventory } from '../config/inventory-schema.js';
import { componentHosts } from '../config/inventory-queries.js';
import { ComponentLock } from './component-lock.js';
import { healthTiming, renderProbe, describeProbe, waitHealthy, type HealthTiming, type RenderedProbe } from './health-check.js';
import type { HostAccess } from './host-access.js';
import { Journal, newRunId } from './journal.js';
import { formatPlan, planRollingRestart, PlanError, type RestartPlan } from './plan.js';
import { recoveryLevels } from './recovery-order.js';
import { executeJournal, type RestartRunOptions } from './restart-run.js';
import { RunControl } from './run-control.js';
import type { RunEvent, RunOutcome } from './run-events.js';
import { componentVars } from './template-vars.js';

export interface RecoveryStep {
  component: string;
  priority: number;
  /** Undefined: no restart command, the component is only waited for. */
  restart: RestartPlan | undefined;
  /** Per host, for the level gate. */
  gate: Array<{ host: string; probe: RenderedProbe }>;
  timing: HealthTiming;
}

export interface RecoveryPlan {
  environment: string | undefined;
  levels: RecoveryStep[][];
  /** Components left out (no restart and no health check): named in the preview. */
  ignored: string[];
  /** Down hosts the operator chose to recover without, and components with every host among them. */
  leftOut?: { hosts: string[]; components: string[] } | undefined;
}

/** The plan, or a PlanError (DependencyCycleError for a cycle) before anything runs. */
export function planRecovery(inventory: Inventory, access: Pick<HostAccess, 'target'>): RecoveryPlan {
  const levels = recoveryLevels(inventory.components);
  const ignored: string[] = [];
  const byName = new Map(inventory.components.map((c) => [c.name, c]));
  const planned = levels.map((names) =>
    names.flatMap((name): RecoveryStep[] => {
      const component = byName.get(name)!;
      const restartable = component.restart !== undefined || component.stop !== undefined;
      if (component.health === undefined) {
        if (restartable) throw new PlanError(`component ${name} has a restart command but no health check: recovery cannot gate on it`);
        ignored.push(name);
        return [];
      }
      const health = component.health;
      // Recovery goes as fast as each component allows: batches of its maxUnavailable.
      const restart = restartable ? planRollingRestart(inventory, name, access, { batch: 'max' }) : undefined;
      const gate = componentHosts(inventory, component).map((host) => ({
        host: host.name,
        probe: renderProbe(health, componentVars(access.target(host.name), component)),
      }));
      return [{ component: name, priority: component.priority, restart, gate, timing: healthTiming(health) }];
    }),
  );
  return { environment: inventory.environment, levels: planned.filter((level) => level.length > 0), ignored };
}

export function formatRecoveryPlan(plan: RecoveryPlan): string {
  const lines = [`Recovery${plan.environment === undefined ? '' : ` of ${plan.environment.toUpperCase()}`}: ${plan.levels.length} level(s), each healthy before the next starts`];
  // First, where it cannot be missed: what this recovery will not touch.
  if (plan.leftOut !== undefined) {
    lines.push(`Left out, down: ${plan.leftOut.hosts.join(', ')} (not restarted, locked or checked)`);
    if (plan.leftOut.components.length > 0) lines.push(`Not recovered, every host down: ${plan.leftOut.components.join(', ')}`);
  }
  plan.levels.forEach((level, index) => {
    lines.push('', `Level ${index + 1}: ${level.map((s) => `${s.component} (priority ${s.priority})`).join(', ')}`);
    for (const step of level) {
      if (step.restart === undefined) {
        lines.push(`  ${step.component}: no restart command; wait until healthy: ${step.gate.map((g) => `${g.host}: ${describeProbe(g.probe)}`).join('; ')}`);
      } else {
        lines.push(...formatPlan(step.restart).trimEnd().split('\n').map((line) => `  ${line}`));
      }
    }
  });
  if (plan.ignored.length > 0) lines.push('', `Not part of recovery (no restart command, no health check): ${plan.ignored.join(', ')}`);

  return `${lines.join('\n')}\n`;
}

export type RecoveryEvent =
  | { type: 'level'; level: number; components: string[] }
  | { type: 'run'; component: string; event: RunEvent }
  | { type: 'gate'; level: number; component: string; host: string; ok: boolean; output: string }
  | { type: 'note'; message: string };

export interface RecoveryOutcome {
  status: 'completed' | 'failed' | 'aborted';
  /** Run ids of the component restarts, for --resume of one that stopped. */
  runs: Record<string, string>;
  outcomes: Record<string, RunOutcome>;
  /** Where it stopped, and why. */
  reason: string | undefined;
}

export interface RecoveryOptions extends Omit<RestartRunOptions, 'onEvent'> {
  onEvent?: (event: RecoveryEvent) => void;
}

async function gateLevel(plan: RecoveryStep[], level: number, access: HostAccess, options: RecoveryOptions, control: RunControl): Promise<string[]> {
  const checks = plan.flatMap((step) => step.gate.map((gate) => ({ step, gate })));
  const results = await Promise.all(
    checks.map(async ({ step, gate }) => {
      const result = await waitHealthy(access, gate.host, gate.probe, step.timing, { signal: control.signal });
      options.onEvent?.({ type: 'gate', level, component: step.component, host: gate.host, ok: result.ok, output: result.output });
      return result.ok ? undefined : `${step.component} on ${gate.host}: ${result.output}`;
    }),
  );
  return results.filter((r): r is string => r !== undefined);
}

export async function runRecovery(plan: RecoveryPlan, options: RecoveryOptions): Promise<RecoveryOutcome> {
  const control = options.control ?? new RunControl();
  const recoveryId = newRunId('recovery');
  const audit = options.audit.forRun(recoveryId);
  const note = (message: string) => options.onEvent?.({ type: 'note', message });
  const steps = plan.levels.flat().filter((s) => s.restart !== undefined);
  const locks: ComponentLock[] = [];
  const runs: Record<string, string> = {};
  const outcomes: Record<string, RunOutcome> = {};
  await audit.note('recovery-start', { levels: plan.levels.map((level) => level.map((s) => s.component)) });
  let status: RecoveryOutcome['status'] = 'completed';
  let reason: string | undefined;
  try {
    // Every lock before the first command: a refusal leaves the platform untouched.
    for (const step of steps) {
      const runId = newRunId(step.component);
      runs[step.component] = runId;
      locks.push(
        await ComponentLock.acquire(options.access, audit, { ...options.lock, component: step.component, hosts: step.restart!.hosts.map((h) => h.name), runId: recoveryId, procedure: 'recovery', onNote: note }),
      );
    }
    for (const lock of locks) lock.keepRenewing((message) => control.abort('finish-hosts', message));
    for (const [index, level] of plan.levels.entries()) {
      options.onEvent?.({ type: 'level', level: index + 1, components: level.map((s) => s.component) });
      for (const step of level) {
        if (step.restart === undefined || control.aborting !== undefined) continue;
        const journal = await Journal.create(options.stateDir, step.restart, { runId: runs[step.component], configPath: options.configPath });
        const outcome = await executeJournal(journal, { ...options, control, onEvent: (event) => options.onEvent?.({ type: 'run', component: step.component, event }) }, audit.forRun(journal.runId), false);
        outcomes[step.component] = outcome;
        if (outcome.status !== 'completed') {
          status = outcome.status;
          reason = `${step.component}: ${outcome.reason ?? outcome.status}`;
          break;
        }
      }
      if (reason !== undefined || control.aborting !== undefined) break;
      const unhealthy = await gateLevel(level, index + 1, options.access, options, control);
      if (unhealthy.length > 0) {
        status = 'failed';
        reason = `level ${index + 1} is not healthy: ${unhealthy.join('; ')}`;
        break;
      }
    }
    if (reason === undefined && control.aborting !== undefined) {
      status = 'aborted';
      reason = control.abortReason;
    }
  } catch (error) {
    status = 'failed';
    reason = (error as Error).message;
    throw error;
  } finally {
    for (const lock of locks.reverse()) await lock.release().catch((error: Error) => note(`lock release: ${error.message}`));
    await audit.note('recovery-end', { status, reason, runs });
  }
  return { status, runs, outcomes, reason };
}
