/**
 * A component's runbook commands: named commands from the inventory, run on the component's
 * hosts with their output kept per host. A read-only one runs on every host at once; one that
 * `changes: true` is refused in read-only mode (and when `actions` leaves out `runbook`), runs
 * host by host, and is audited before and after on each. The TUI and `perfmon runbook` both
 * come here, through a plan that shows exactly what will run where.
 */
import type { Component, RunbookCommand } from '../config/component-schema.js';
import type { Inventory } from '../config/inventory-schema.js';
import { componentHosts } from '../config/inventory-queries.js';
import { didYouMean } from '../config/did-you-mean.js';
import { fillTemplate } from '../ssh/command-template.js';
import { auditedExec, type AuditLog } from './audit-log.js';
import type { HostAccess } from './host-access.js';
import { actionRefusal, ActionRefusedError, type SafetyFlags } from './safety.js';
import { componentVars } from './template-vars.js';

export class RunbookError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RunbookError';
  }
}

export interface RunbookPlan {
  component: Component;
  command: RunbookCommand;
  /** The exact command line for each host, in the component's host order. */
  steps: { host: string; command: string }[];
  /** Why it may not run (read-only, not allowed), for a command that changes hosts; else undefined. */
  refusal: string | undefined;
}

export interface RunbookHostResult {
  host: string;
  /** Exit status (null: killed, or it never ran). */
  code: number | null;
  stdout: string;
  stderr: string;
  /** Why it did not run or did not finish (host down, timed out). */
  error?: string;
  durationMs: number;
}

/** The component and its named command, or an error naming what does not exist (with the names that do). */
export function findRunbookCommand(inventory: Inventory, componentName: string, name: string): { component: Component; command: RunbookCommand } {
  const component = inventory.components.find((c) => c.name === componentName);
  if (component === undefined) throw new RunbookError(`no component '${componentName}' in the inventory${didYouMean(componentName, inventory.components.map((c) => c.name))}`);
  const names = (component.runbook?.commands ?? []).map((c) => c.name);
  const command = component.runbook?.commands.find((c) => c.name === name);
  if (command === undefined) {
    const known = names.length > 0 ? `; its commands: ${names.join(', ')}` : ' (its runbook has no commands)';
    throw new RunbookError(`component '${componentName}' has no runbook command '${name}'${didYouMean(name, names)}${known}`);
  }
  return { component, command };
}

/** What will run where: every host of the component (or `only` that one), each command filled in. */
export function planRunbook(inventory: Inventory, access: Pick<HostAccess, 'target'>, componentName: string, name: string, options: SafetyFlags & { host?: string | undefined } = {}): RunbookPlan {
  const { component, command } = findRunbookCommand(inventory, componentName, name);
  const all = componentHosts(inventory, component).map((h) => h.name);
  if (options.host !== undefined && !all.includes(options.host)) throw new RunbookError(`--host ${options.host}: not a host of ${component.name} (${all.join(', ') || 'it has none'})`);
  const hosts = options.host === undefined ? all : [options.host];
  if (hosts.length === 0) throw new RunbookError(`component '${component.name}' has no hosts to run ${name} on`);
  const steps = hosts.map((host) => ({ host, command: fillTemplate(command.command, componentVars(access.target(host), component)) }));
  return { component, command, steps, refusal: command.changes ? actionRefusal(inventory, 'runbook', options) : undefined };
}

/** The preview of a plan: the command, read-only or changing, and the exact line per host. */
export function runbookPreview(plan: RunbookPlan): string[] {
  const { component, command } = plan;
  return [
    `${command.changes ? 'CHANGES the hosts' : 'read-only'}: ${component.name} ${command.name}${command.description ? ` — ${command.description}` : ''}`,
    `on ${plan.steps.length} host${plan.steps.length === 1 ? '' : 's'}${command.changes ? ', one at a time, each audited' : ', all at once'}; each fails after ${command.timeout}s`,
    ...plan.steps.flatMap((s) => [`  ${s.host}`, `    ${s.command}`]),
  ];
}

/**
 * Runs a plan. A refused one throws before anything connects. `onHost` hears each host's
 * result as it comes. A host that fails does not stop the others.
 */
export async function runRunbook(plan: RunbookPlan, access: HostAccess, audit: AuditLog | null, onHost?: (result: RunbookHostResult) => void): Promise<RunbookHostResult[]> {
  if (plan.refusal !== undefined) throw new ActionRefusedError(plan.refusal);
  const { command, component } = plan;
  if (command.changes && audit === null) throw new ActionRefusedError(`${command.name} changes hosts and this session keeps no audit log`);
  const timeoutMs = command.timeout * 1000;
  const one = async (step: { host: string; command: string }): Promise<RunbookHostResult> => {
    const started = Date.now();
    let result: RunbookHostResult;
    try {
      const run = command.changes
        ? auditedExec(access, audit!, { action: `runbook ${command.name}`, host: step.host, component: component.name, command: step.command }, { timeoutMs })
        : access.exec(step.host, step.command, { timeoutMs });
      const { code, stdout, stderr } = await run;
      result = { host: step.host, code, stdout, stderr, durationMs: Date.now() - started };
    } catch (error) {
      result = { host: step.host, code: null, stdout: '', stderr: '', error: (error as Error).message, durationMs: Date.now() - started };
    }
    onHost?.(result);
    return result;
  };
  if (!command.changes) return Promise.all(plan.steps.map(one));
  const results: RunbookHostResult[] = [];
  for (const step of plan.steps) results.push(await one(step));
  return results;
}

/** ok: it ran and exited 0 on the host. */
export function runbookOk(result: RunbookHostResult): boolean {
  return result.error === undefined && result.code === 0;
}

/** A host's result as lines: `── lab-0  exit 0  120ms ──`, then its output (stderr marked). */
export function runbookResultLines(result: RunbookHostResult, formatMs: (ms: number) => string): string[] {
  const status = result.error !== undefined ? `FAILED: ${result.error}` : result.code === 0 ? 'exit 0' : `FAILED: exit ${result.code ?? 'killed'}`;
  const out = result.stdout.replace(/\n$/, '');
  const err = result.stderr.replace(/\n$/, '');
  return [`── ${result.host}  ${status}  ${formatMs(result.durationMs)} ──`, ...(out === '' ? [] : out.split('\n')), ...(err === '' ? [] : err.split('\n').map((l) => `! ${l}`))];
}
