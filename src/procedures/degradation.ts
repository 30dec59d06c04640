/**
 * Graceful degradation: switch named controls (feature flags, throttles) on and off, one or a
 * profile of several, with the state read before and read back after. A time-boxed change
 * records its revert (the states read before) durably before switching anything; revert()
 * puts those states back, by whoever gets there first: the waiting CLI, or a later
 * `perfmon degrade --revert`.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Inventory, ProfileSetting } from '../config/inventory-schema.js';
import { didYouMean } from '../config/did-you-mean.js';
import type { AuditLog } from './audit-log.js';
import { findControl, readControl, switchControl, type ControlReading, type ControlState, type ResolvedControl } from './control-actions.js';
import type { HostAccess } from './host-access.js';
import { addPending, readPending, updatePending, type PendingRevert, type RevertEntry } from './pending-reverts.js';
import { findComponent, PlanError } from './plan.js';

export interface DegradeContext {
  inventory: Inventory;
  access: HostAccess;
  audit: AuditLog;
  stateDir: string;
  /** Progress lines for the operator. */
  onNote?: ((message: string) => void) | undefined;
}

export interface SettingResult {
  component: string;
  control: string;
  target: ControlState;
  before: ControlReading[];
  /** Per host: the switch's outcome. */
  switched: Array<{ host: string; ok: boolean; output: string }>;
  after: ControlReading[];
}

export interface ApplyResult {
  settings: SettingResult[];
  /** Every switch succeeded and every readable state reads back as asked. */
  ok: boolean;
  /** The pending revert's id when time-boxed. */
  revertId: string | undefined;
  revertAt: Date | undefined;
}

export interface ApplyOptions {
  /** `profile NAME` or `COMPONENT CONTROL on`. */
  label: string;
  /** Seconds; revert after this long. */
  forSeconds?: number | undefined;
}

/** The settings of a named profile. */
export function profileSettings(inventory: Inventory, name: string): { settings: ProfileSetting[]; duration: number | undefined } {
  const profile = inventory.profiles[name];
  if (profile === undefined) {
    const known = Object.keys(inventory.profiles);
    const list = known.length > 0 ? `; profiles: ${known.join(', ')}` : '; the inventory defines none';
    throw new PlanError(`unknown profile '${name}'${didYouMean(name, known)}${list}`);
  }
  return { settings: profile.set, duration: profile.duration };
}

function readsAs(reading: ControlReading, target: ControlState): boolean {
  return reading.state === 'unknown' || reading.state === target;
}

/** Reads, (records the revert,) switches, reads back. Every setting is resolved before anything runs. */
export async function applySettings(ctx: DegradeContext, settings: readonly ProfileSetting[], options: ApplyOptions): Promise<ApplyResult> {
  const resolved = settings.map((s) => ({ setting: s, control: findControl(ctx.inventory, s.component, s.control) }));
  const befores = await Promise.all(resolved.map(({ control }) => readControl(ctx.access, control)));
  let revertId: string | undefined;
  let revertAt: Date | undefined;
  if (options.forSeconds !== undefined) {
    revertId = `${new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, '')}-${randomBytes(2).toString('hex')}`;
    revertAt = new Date(Date.now() + options.forSeconds * 1000);
    const entries: RevertEntry[] = resolved.flatMap(({ setting }, index) =>
      befores[index]!.map((reading) => ({ component: setting.component, control: setting.control, host: reading.host, before: reading.state, applied: setting.state })),
    );
    const record: PendingRevert = { id: revertId, label: options.label, createdAt: new Date().toISOString(), revertAt: revertAt.toISOString(), pid: process.pid, localHost: hostname(), entries };
    await addPending(ctx.stateDir, record);
    await ctx.audit.note('degrade-timebox', { revertId, label: options.label, revertAt: record.revertAt, entries });
  }
  const results: SettingResult[] = [];
  for (const [index, { setting, control }] of resolved.entries()) {
    const switched = [];
    for (const host of control.hosts) {
      const result = await switchControl(ctx.access, ctx.audit, control, host, setting.state);
      ctx.onNote?.(`${setting.component} ${setting.control} ${setting.state} on ${host}: ${result.ok ? 'done' : 'FAILED'}${result.output ? ` (${result.output})` : ''}`);
      switched.push({ host, ok: result.ok, output: result.output });
    }
    const after = await readControl(ctx.access, control);
    results.push({ component: setting.component, control: setting.control, target: setting.state, before: befores[index]!, switched, after });
  }
  const ok = results.every((r) => r.switched.every((s) => s.ok) && r.after.every((a) => readsAs(a, r.target)));
  return { settings: results, ok, revertId, revertAt };
}

export interface RevertResult {
  id: string;
  label: string;
  reverted: Array<RevertEntry & { to: ControlState; ok: boolean; output: string; after: ControlReading | undefined }>;
  /** Entries that could not be reverted: still pending. */
  remaining: RevertEntry[];
}

function revertTarget(entry: RevertEntry): ControlState {
  if (entry.before !== 'unknown') return entry.before;
  return entry.applied === 'on' ? 'off' : 'on';
}

/** Reverts pending records (one by id, or all), keeping what fails pending for the next try. */
export async function revertPending(ctx: DegradeContext, id?: string): Promise<RevertResult[]> {
  const pending = (await readPending(ctx.stateDir)).filter((p) => id === undefined || p.id === id);
  const results: RevertResult[] = [];
  for (const record of pending) {
    const reverted: RevertResult['reverted'] = [];
    const remaining: RevertEntry[] = [];
    for (const entry of record.entries) {
      const to = revertTarget(entry);
      if (entry.before === 'unknown') ctx.onNote?.(`${entry.component} ${entry.control} on ${entry.host}: its state before was not known; assuming ${to}`);
      let control: ResolvedControl;
      try {
        control = findControl(ctx.inventory, entry.component, entry.control);
      } catch (error) {
        remaining.push(entry);
        reverted.push({ ...entry, to, ok: false, output: (error as Error).message, after: undefined });
        continue;
      }
      const single = { ...control, hosts: [entry.host] };
      const result = await switchControl(ctx.access, ctx.audit, single, entry.host, to);
      const after = (await readControl(ctx.access, single))[0];
      ctx.onNote?.(`reverted ${entry.component} ${entry.control} to ${to} on ${entry.host}: ${result.ok ? 'done' : 'FAILED'}${after ? `, reads ${after.state}` : ''}`);
      reverted.push({ ...entry, to, ok: result.ok, output: result.output, after });
      if (!result.ok) remaining.push(entry);
    }
    await updatePending(ctx.stateDir, record.id, remaining);
    await ctx.audit.note('degrade-revert', { revertId: record.id, label: record.label, remaining: remaining.length });
    results.push({ id: record.id, label: record.label, reverted, remaining });
  }
  return results;
}

export interface ControlStatus {
  component: string;
  control: string;
  type: string;
  description: string | undefined;
  readings: ControlReading[];
}

/** Every control of the inventory (or of one component) with its current state per host. */
export async function controlStatus(inventory: Inventory, access: HostAccess, componentName?: string): Promise<ControlStatus[]> {
  const components = inventory.components.filter((c) => componentName === undefined || c.name === componentName);
  if (componentName !== undefined) findComponent(inventory, componentName);
  const controls = components.flatMap((component) => component.controls.map((control) => findControl(inventory, component.name, control.name)));
  return Promise.all(
    controls.map(async (resolved) => ({
      component: resolved.component.name,
      control: resolved.control.name,
      type: resolved.control.type,
      description: resolved.control.description,
      readings: await readControl(access, resolved),
    })),
  );
}
