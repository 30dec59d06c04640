/**
 * Graceful degradation: switch named controls (feature flags, throttles) on and off, one or a
 * profile of several, with the state read before and read back after. A time-boxed change
 * records its revert (the states read before) durably before switching anything; revert()
 * puts those states back, by whoever gets there first: the waiting CLI, or a later
 * `perfmon degrade --revert`.
 *
 * One revert pends per control and host. A time box over a control whose revert is already
 * pending does not read "the state before" (that is the first box's change): it takes the
 * pending entry over, original state included, when it ends later, and leaves the control to
 * the pending revert when it ends earlier. Either way the platform ends as it was before any box.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Inventory, ProfileSetting } from '../config/inventory-schema.js';
import { didYouMean } from '../config/did-you-mean.js';
import type { AuditLog } from './audit-log.js';
import { findControl, readControl, switchControl, type ControlReading, type ControlState, type ResolvedControl } from './control-actions.js';
import type { HostAccess } from './host-access.js';
import { changePending, readPending, updatePending, type PendingRevert, type RevertEntry } from './pending-reverts.js';
import { clockTime } from '../format/units.js';
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
  /** Controls whose revert was already pending: taken over by this box, or left to that revert. */
  overlaps: Overlap[];
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

type Target = Pick<RevertEntry, 'component' | 'control' | 'host'>;

const sameTarget = (a: Target, b: Target): boolean => a.component === b.component && a.control === b.control && a.host === b.host;

/** A control on one host that a change shares with a revert already pending. */
export interface Overlap extends Target {
  pending: PendingRevert;
  /** The pending entry: the state from before any time box. */
  entry: RevertEntry;
  /** The pending revert stays in charge (it is due later, or the change is not time-boxed). */
  pendingKeeps: boolean;
}

/** What a change to `targets`, reverted at `revertAt` (undefined: never), shares with pending reverts. */
export function findOverlaps(pending: readonly PendingRevert[], targets: readonly Target[], revertAt: Date | undefined): Overlap[] {
  // The oldest record first: should two ever hold one control, its state before is the original.
  const byAge = [...pending].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  return targets.flatMap((target) => {
    for (const record of byAge) {
      const entry = record.entries.find((e) => sameTarget(e, target));
      if (entry === undefined) continue;
      const pendingKeeps = revertAt === undefined || Date.parse(record.revertAt) > revertAt.getTime();
      return [{ component: target.component, control: target.control, host: target.host, pending: record, entry, pendingKeeps }];
    }
    return [];
  });
}

/** The targets of settings: every host each control runs on. */
export function settingTargets(inventory: Inventory, settings: readonly ProfileSetting[]): Target[] {
  return settings.flatMap((s) => findControl(inventory, s.component, s.control).hosts.map((host) => ({ component: s.component, control: s.control, host })));
}

/** One line per control and pending revert, for previews and notes. */
export function overlapLines(overlaps: readonly Overlap[], revertAt: Date | undefined): string[] {
  const groups = new Map<string, Overlap[]>();
  for (const o of overlaps) {
    const key = `${o.component}\0${o.control}\0${o.pending.id}`;
    groups.set(key, [...(groups.get(key) ?? []), o]);
  }
  return [...groups.values()].map((group) => {
    const { component, control, pending, entry, pendingKeeps } = group[0]!;
    const to = [...new Set(group.map((o) => revertTarget(o.entry)))].join('/');
    const subject = `${component} ${control} already ${entry.applied} until ${clockTime(pending.revertAt)} (revert pending)`;
    if (revertAt === undefined) return `${component} ${control} has a revert pending at ${clockTime(pending.revertAt)} (${pending.label}): it still goes back to ${to} then`;
    if (pendingKeeps) return `${subject}, later than this box: that revert stays and puts back ${to} then`;
    return `${subject}; this extends it to ${clockTime(revertAt)}, then back to ${to}`;
  });
}

/**
 * Adds a time box's record to the pending list, merged with what already pends: an entry whose
 * control has a revert due earlier is taken over (with its original state); one due later is
 * left to it. Returns the record written (none when nothing is left to revert) and the overlaps.
 */
function mergeTimeBox(pending: PendingRevert[], record: PendingRevert): { pending: PendingRevert[]; value: { record: PendingRevert | undefined; overlaps: Overlap[] } } {
  const overlaps = findOverlaps(pending, record.entries, new Date(record.revertAt));
  const taken = overlaps.filter((o) => !o.pendingKeeps);
  const entries = record.entries.flatMap((e) => {
    const overlap = overlaps.find((o) => sameTarget(o, e));
    if (overlap === undefined) return [e];
    return overlap.pendingKeeps ? [] : [overlap.entry];
  });
  const rest = pending
    .map((p) => ({ ...p, entries: p.entries.filter((e) => !taken.some((o) => o.pending.id === p.id && sameTarget(o, e))) }))
    .filter((p) => p.entries.length > 0);
  // A waiter for an emptied record finds where its revert went, through a chain of take-overs too.
  const absorbed = [...new Set(taken.flatMap((o) => [o.pending.id, ...(o.pending.absorbed ?? [])]))];
  const written = entries.length === 0 ? undefined : { ...record, entries, ...(absorbed.length > 0 ? { absorbed } : {}) };
  return { pending: written === undefined ? rest : [...rest, written], value: { record: written, overlaps } };
}

/** Reads, (records the revert,) switches, reads back. Every setting is resolved before anything runs. */
export async function applySettings(ctx: DegradeContext, settings: readonly ProfileSetting[], options: ApplyOptions): Promise<ApplyResult> {
  const resolved = settings.map((s) => ({ setting: s, control: findControl(ctx.inventory, s.component, s.control) }));
  const befores = await Promise.all(resolved.map(({ control }) => readControl(ctx.access, control)));
  let revertId: string | undefined;
  let revertAt: Date | undefined;
  let overlaps: Overlap[];
  if (options.forSeconds !== undefined) {
    const id = `${new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, '')}-${randomBytes(2).toString('hex')}`;
    const at = new Date(Date.now() + options.forSeconds * 1000);
    const entries: RevertEntry[] = resolved.flatMap(({ setting }, index) =>
      befores[index]!.map((reading) => ({ component: setting.component, control: setting.control, host: reading.host, before: reading.state, applied: setting.state })),
    );
    const candidate: PendingRevert = { id, label: options.label, createdAt: new Date().toISOString(), revertAt: at.toISOString(), pid: process.pid, localHost: hostname(), entries };
    const merged = await changePending(ctx.stateDir, (pending) => mergeTimeBox(pending, candidate));
    overlaps = merged.overlaps;
    if (merged.record !== undefined) {
      revertId = id;
      revertAt = at;
    }
    const taken = overlaps.filter((o) => !o.pendingKeeps).map((o) => ({ ...o, pending: o.pending.id }));
    await ctx.audit.note('degrade-timebox', { revertId, label: options.label, revertAt: merged.record?.revertAt, entries: merged.record?.entries ?? [], takenOver: taken });
  } else {
    overlaps = findOverlaps(await readPending(ctx.stateDir), settingTargets(ctx.inventory, settings), undefined);
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
  return { settings: results, ok, revertId, revertAt, overlaps };
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

/** Where the revert of a record no longer pending went: taken over by a later time box, or done. */
export async function goneRevert(stateDir: string, id: string): Promise<string> {
  const heir = (await readPending(stateDir)).find((p) => p.absorbed?.includes(id));
  return heir === undefined
    ? 'already reverted (by another perfmon)'
    : `taken over by the later time box ${heir.label} (due ${clockTime(heir.revertAt)}, revert ${heir.id}), which puts back the states from before both`;
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
