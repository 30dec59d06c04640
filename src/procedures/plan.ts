/**
 * The plan of a rolling restart, made before anything runs and shown as it will run: the hosts
 * in inventory order, cut into batches no larger than the component allows down at once, and
 * every command exactly as it will reach the host (templates filled, values shell-quoted).
 */
import type { Component, Inventory } from '../config/inventory-schema.js';
import { didYouMean } from '../config/did-you-mean.js';
import { componentHosts, maxUnavailableCount } from '../config/inventory-queries.js';
import { formatDuration } from '../config/duration.js';
import { fillTemplate } from '../ssh/command-template.js';
import type { HostAccess } from './host-access.js';
import { describeProbe, healthTiming, renderProbe, type HealthTiming, type RenderedProbe } from './health-check.js';
import { componentVars } from './template-vars.js';

export type RestartStep = 'drain' | 'restart' | 'stop' | 'start' | 'undrain';

export interface PlannedCommand {
  step: RestartStep;
  command: string;
}

export interface PlannedHost {
  name: string;
  /** 0-based. */
  batch: number;
  /** `user@address:port`, for the preview. */
  login: string;
  /** In the order they run; the health wait goes after restart/start, before undrain. */
  commands: PlannedCommand[];
  health: RenderedProbe;
}

export interface RestartPlan {
  procedure: 'rolling-restart';
  component: string;
  role: string;
  environment: string | undefined;
  hosts: PlannedHost[];
  batchSize: number;
  maxUnavailable: number;
  maxFail: number;
  timing: HealthTiming;
  commandTimeoutMs: number;
}

/** A plan that cannot be made: unknown component, missing commands, a batch too large. */
export class PlanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlanError';
  }
}

export type BatchSpec = { count: number } | { percent: number };

/** `--batch 2` or `--batch 25%`. */
export function parseBatch(value: string | number): BatchSpec {
  const text = String(value).trim();
  const percent = /^(\d+(?:\.\d+)?)%$/.exec(text);
  if (percent) {
    const share = Number(percent[1]);
    if (share > 0 && share <= 100) return { percent: share };
  } else if (/^\d+$/.test(text) && Number(text) >= 1) {
    return { count: Number(text) };
  }
  throw new PlanError(`--batch must be a number of hosts (1, 2, …) or a percentage of them (25%), not ${JSON.stringify(text)}`);
}

/** Hosts per batch: the count, or the percentage of the hosts rounded down, at least 1. */
export function batchSize(spec: BatchSpec, hostCount: number): number {
  return 'count' in spec ? spec.count : Math.max(1, Math.floor((hostCount * spec.percent) / 100));
}

export function findComponent(inventory: Pick<Inventory, 'components'>, name: string): Component {
  const component = inventory.components.find((c) => c.name === name);
  if (component !== undefined) return component;
  const known = inventory.components.map((c) => c.name);
  if (known.length === 0) throw new PlanError(`unknown component '${name}': the inventory defines no components`);
  throw new PlanError(`unknown component '${name}'${didYouMean(name, known)}; components: ${known.join(', ')}`);
}

export interface PlanOptions {
  /** A count, a percentage (`25%`), or 'max': as many as the component allows down at once. Default 1. */
  batch?: string | number | 'max' | undefined;
  maxFail?: number | undefined;
}

/** The restart commands of a component, or why it cannot be restarted. */
function restartCommands(component: Component): Array<{ step: RestartStep; template: string }> {
  const where = `component ${component.name}`;
  if (component.health === undefined) throw new PlanError(`${where} has no health check: a rolling restart cannot tell when a host is back`);
  const restart =
    component.restart !== undefined
      ? [{ step: 'restart' as const, template: component.restart }]
      : component.stop !== undefined && component.start !== undefined
        ? [
            { step: 'stop' as const, template: component.stop },
            { step: 'start' as const, template: component.start },
          ]
        : undefined;
  if (restart === undefined) throw new PlanError(`${where} has no restart command (set restart, or stop and start)`);
  return [
    ...(component.drain === undefined ? [] : [{ step: 'drain' as const, template: component.drain }]),
    ...restart,
    ...(component.undrain === undefined ? [] : [{ step: 'undrain' as const, template: component.undrain }]),
  ];
}

export function planRollingRestart(
  inventory: Inventory,
  componentName: string,
  access: Pick<HostAccess, 'target'>,
  options: PlanOptions = {},
): RestartPlan {
  const component = findComponent(inventory, componentName);
  const hosts = componentHosts(inventory, component);
  if (hosts.length === 0) throw new PlanError(`component ${component.name} runs on no host of the inventory`);
  const templates = restartCommands(component);
  const health = component.health!;
  const maxUnavailable = maxUnavailableCount(component, hosts.length);
  const size =
    options.batch === undefined ? 1 : options.batch === 'max' ? maxUnavailable : batchSize(parseBatch(options.batch), hosts.length);
  if (size > maxUnavailable) {
    throw new PlanError(
      `--batch ${options.batch} means ${size} hosts down at once, but component ${component.name} allows ${maxUnavailable} (maxUnavailable ${component.maxUnavailable} of ${hosts.length} hosts)`,
    );
  }
  const maxFail = options.maxFail ?? 0;
  if (!Number.isInteger(maxFail) || maxFail < 0) throw new PlanError(`--max-fail must be a whole number, 0 or more (got ${maxFail})`);
  return {
    procedure: 'rolling-restart',
    component: component.name,
    role: component.role,
    environment: inventory.environment,
    hosts: hosts.map((host, index) => {
      const target = access.target(host.name);
      const vars = componentVars(target, component);
      return {
        name: host.name,
        batch: Math.floor(index / size),
        login: `${target.user}@${target.address}:${target.port}`,
        commands: templates.map(({ step, template }) => ({ step, command: fillTemplate(template, vars) })),
        health: renderProbe(health, vars),
      };
    }),
    batchSize: size,
    maxUnavailable,
    maxFail,
    timing: healthTiming(health),
    commandTimeoutMs: component.commandTimeout * 1000,
  };
}

/** The hosts of each batch, in order. */
export function batchesOf<T extends { batch: number }>(hosts: readonly T[]): T[][] {
  const batches: T[][] = [];
  for (const host of hosts) (batches[host.batch] ??= []).push(host);
  return batches.filter((batch) => batch !== undefined);
}

function seconds(ms: number): string {
  return formatDuration(ms / 1000);
}

/** The plan as the operator reads it before confirming. */
export function formatPlan(plan: RestartPlan): string {
  const batches = batchesOf(plan.hosts);
  const steps = plan.hosts[0]?.commands.map((c) => c.step) ?? [];
  const flow = [...steps.filter((s) => s !== 'undrain'), 'wait healthy', ...steps.filter((s) => s === 'undrain')].join(' → ');
  const failure =
    plan.maxFail === 0
      ? 'stop at the first failure'
      : `continue while failures ≤ ${plan.maxFail} (failed hosts stay down: up to ${plan.batchSize + plan.maxFail} hosts may be out at once)`;
  const { timing } = plan;
  const lines = [
    `Rolling restart of ${plan.component} (${plan.role})${plan.environment === undefined ? '' : ` in ${plan.environment.toUpperCase()}`}`,
    `${plan.hosts.length} host${plan.hosts.length === 1 ? '' : 's'} in ${batches.length} batch${batches.length === 1 ? '' : 'es'} of at most ${plan.batchSize} (the component allows ${plan.maxUnavailable} down at once); ${failure}`,
    `Each host: ${flow}`,
    `Healthy: checks pass for ${seconds(timing.healthyForMs)} (every ${seconds(timing.intervalMs)}, ${seconds(timing.timeoutMs)} each); give up after ${seconds(timing.startTimeoutMs)}. Commands time out after ${seconds(plan.commandTimeoutMs)}.`,
  ];
  const width = Math.max(...plan.hosts.flatMap((h) => h.commands.map((c) => c.step.length)), 'health'.length);
  batches.forEach((batch, index) => {
    lines.push('', `Batch ${index + 1}:`);
    for (const host of batch) {
      lines.push(`  ${host.name}  ${host.login}`);
      for (const command of host.commands) {
        if (command.step === 'undrain') lines.push(`    ${'health'.padEnd(width)}  ${describeProbe(host.health)}`);
        lines.push(`    ${command.step.padEnd(width)}  ${command.command}`);
      }
      if (!host.commands.some((c) => c.step === 'undrain')) lines.push(`    ${'health'.padEnd(width)}  ${describeProbe(host.health)}`);
    }
  });
  return `${lines.join('\n')}\n`;
}
