/**
 * Running one degradation control action (on, off, read) on one host: a command template, or
 * an HTTP admin call made from the host. Changes are audited; reads are not (they change
 * nothing). The state is read from the read action's output with the control's onPattern.
 */
import type { Component, ControlAction, DegradationControl, Inventory } from '../config/inventory-schema.js';
import { didYouMean } from '../config/did-you-mean.js';
import { componentHosts } from '../config/inventory-queries.js';
import { fillUrlTemplate } from '../config/templates.js';
import { fillTemplate } from '../ssh/command-template.js';
import { auditedExec, auditedHttp, type AuditLog } from './audit-log.js';
import type { HostAccess, HttpRequest } from './host-access.js';
import { findComponent, PlanError } from './plan.js';
import { controlVars } from './template-vars.js';

export type ControlState = 'on' | 'off';
export type ReadState = ControlState | 'unknown';

export interface ResolvedControl {
  component: Component;
  control: DegradationControl;
  /** Where its actions run: every host of the component, or the first (scope one-host). */
  hosts: string[];
}

export function findControl(inventory: Inventory, componentName: string, controlName: string): ResolvedControl {
  const component = findComponent(inventory, componentName);
  const control = component.controls.find((c) => c.name === controlName);
  if (control === undefined) {
    const known = component.controls.map((c) => c.name);
    const list = known.length > 0 ? `; its controls: ${known.join(', ')}` : '; it has no controls';
    throw new PlanError(`component ${component.name} has no control '${controlName}'${didYouMean(controlName, known)}${list}`);
  }
  const all = componentHosts(inventory, component).map((h) => h.name);
  if (all.length === 0) throw new PlanError(`component ${component.name} runs on no host of the inventory`);
  return { component, control, hosts: control.scope === 'one-host' ? all.slice(0, 1) : all };
}

export interface ActionResult {
  ok: boolean;
  /** Command output or response body, trimmed. */
  output: string;
  /** What ran: the command, or `METHOD url`. */
  command: string;
}

/** The exact command or HTTP request an action becomes on a host. */
export function renderAction(access: Pick<HostAccess, 'target'>, resolved: ResolvedControl, host: string, kind: 'on' | 'off' | 'read', action: ControlAction) {
  const vars = controlVars(access.target(host), resolved.component, resolved.control);
  if (action.type === 'command') return { type: 'command' as const, command: fillTemplate(action.command, vars) };
  const request: HttpRequest = {
    method: action.method ?? (kind === 'read' ? 'GET' : 'POST'),
    url: fillUrlTemplate(action.url, vars),
    headers: action.headers,
    body: action.body === undefined ? undefined : fillUrlTemplate(action.body, vars),
  };
  return { type: 'http' as const, request, status: action.status };
}

const TIMEOUT_MS = 30_000;

/** Runs an action; `audit` given → audited before and after (on/off), absent → a plain read. */
export async function runAction(
  access: HostAccess,
  audit: AuditLog | undefined,
  resolved: ResolvedControl,
  host: string,
  kind: 'on' | 'off' | 'read',
  action: ControlAction,
): Promise<ActionResult> {
  const rendered = renderAction(access, resolved, host, kind, action);
  const subject = { action: `control-${kind}`, host, component: resolved.component.name, control: resolved.control.name };
  try {
    if (rendered.type === 'command') {
      const result = audit
        ? await auditedExec(access, audit, { ...subject, command: rendered.command }, { timeoutMs: TIMEOUT_MS })
        : await access.exec(host, rendered.command, { timeoutMs: TIMEOUT_MS });
      const output = `${result.stdout}${result.stderr}`.trim();
      return { ok: result.code === 0, output: result.code === 0 ? output : `exit ${result.code ?? result.signal}: ${output}`, command: rendered.command };
    }
    const response = audit
      ? await auditedHttp(access, audit, subject, rendered.request, { timeoutMs: TIMEOUT_MS })
      : await access.http(host, rendered.request, { timeoutMs: TIMEOUT_MS });
    const ok = rendered.status.includes(response.status);
    const command = `${rendered.request.method} ${rendered.request.url}`;
    return { ok, output: ok ? response.body.trim() : `HTTP ${response.status}: ${response.body.trim()}`, command };
  } catch (error) {
    return { ok: false, output: (error as Error).message, command: rendered.type === 'command' ? rendered.command : rendered.request.url };
  }
}

export interface ControlReading {
  host: string;
  state: ReadState;
  /** The read output, or why it could not be read. */
  output: string;
}

export function stateFromOutput(control: Pick<DegradationControl, 'onPattern'>, output: string): ControlState {
  return new RegExp(control.onPattern, 'i').test(output) ? 'on' : 'off';
}

/** The control's state on each of its hosts ('unknown' without a read action or when it fails). */
export async function readControl(access: HostAccess, resolved: ResolvedControl): Promise<ControlReading[]> {
  const { read } = resolved.control;
  return Promise.all(
    resolved.hosts.map(async (host): Promise<ControlReading> => {
      if (read === undefined) return { host, state: 'unknown', output: 'no read action configured' };
      const result = await runAction(access, undefined, resolved, host, 'read', read);
      return { host, state: result.ok ? stateFromOutput(resolved.control, result.output) : 'unknown', output: result.output };
    }),
  );
}

/** Switches the control on one host (audited). */
export function switchControl(access: HostAccess, audit: AuditLog, resolved: ResolvedControl, host: string, state: ControlState): Promise<ActionResult> {
  return runAction(access, audit, resolved, host, state, resolved.control[state]);
}
