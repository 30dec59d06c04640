/**
 * The emergency pane's degradation controls: their state read back from every host, a control
 * switched or a profile applied (previewed with the exact command or call per host, then
 * confirmed), optionally time-boxed — the revert is recorded durably before anything switches
 * and done by this perfmon when it is due (or at once when perfmon quits, as Ctrl-C does for
 * `perfmon degrade --for`). Pending reverts, this perfmon's and others', are listed.
 */
import type { ProfileSetting } from '../../src/config/inventory-schema.js';
import { formatDuration } from '../../src/config/duration.js';
import { findControl, renderAction, type ControlReading, type ControlState, type ResolvedControl } from '../../src/procedures/control-actions.js';
import { applySettings, controlStatus, findOverlaps, goneRevert, overlapLines, profileSettings, revertPending, settingTargets, type ApplyResult, type ControlStatus, type DegradeContext } from '../../src/procedures/degradation.js';
import { readPending, type PendingRevert } from '../../src/procedures/pending-reverts.js';
import { actionRefusal } from '../../src/procedures/safety.js';
import { Observable, type DeskMessage, type Prepared } from './observable.js';
import type { EmergencySetup } from './run-desk.js';
import { clockTime } from '../../src/format/units.js';
import { ScheduledTask } from '../../src/runtime/scheduler.js';

export interface DegradeDeskState {
  /** Every control with its state per host; null until first read. */
  controls: ControlStatus[] | null;
  reading: boolean;
  /** When the states on screen were read (ms since the epoch). */
  readAt: number | undefined;
  readError: string | undefined;
  pending: PendingRevert[];
  /** What is being switched right now. */
  busy: string | undefined;
  message: DeskMessage | null;
  /** The last change, setting by setting: before and after. */
  result: string[];
}

export function readingsText(readings: readonly ControlReading[]): string {
  return readings.map((r) => `${r.host} ${r.state}`).join(' · ');
}

/** The state a toggle switches to: off when every host reads on, else on. */
export function toggleTarget(readings: readonly ControlReading[]): ControlState {
  return readings.length > 0 && readings.every((r) => r.state === 'on') ? 'off' : 'on';
}

export class DegradeDesk extends Observable<DegradeDeskState> {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private watcher: ScheduledTask | undefined;
  private readonly ctx: DegradeContext;

  constructor(private readonly setup: EmergencySetup) {
    super({ controls: null, reading: false, readAt: undefined, readError: undefined, pending: [], busy: undefined, message: null, result: [] });
    const { inventory, access, audit, stateDir } = setup;
    this.ctx = { inventory, access, audit, stateDir };
  }

  /** Whether the inventory has any control or profile at all. */
  get configured(): boolean {
    return this.setup.inventory.components.some((c) => c.controls.length > 0) || Object.keys(this.setup.inventory.profiles).length > 0;
  }

  refusal(): string | undefined {
    const { inventory, readOnly, configPath } = this.setup;
    const refused = actionRefusal(inventory, 'degrade', { readOnly, configPath });
    if (refused !== undefined) return refused;
    const busy = this.getSnapshot().busy;
    return busy === undefined ? undefined : `${busy} is under way`;
  }

  private check(): void {
    const refused = this.refusal();
    if (refused !== undefined) throw new Error(refused);
  }

  /** Reads the states and pending reverts every `intervalMs`, for the header's DEGRADED badge on every pane. */
  watch(intervalMs: number): void {
    if (!this.configured) return;
    this.watcher ??= new ScheduledTask(() => this.refresh(), { intervalMs });
    this.watcher.start();
  }

  /** Reads every control's state and the pending reverts (a read under way is not doubled). */
  async refresh(): Promise<void> {
    if (this.getSnapshot().reading) return;
    this.update({ reading: true });
    try {
      const [controls, pending] = await Promise.all([controlStatus(this.setup.inventory, this.setup.access), readPending(this.setup.stateDir)]);
      this.update({ controls, pending, readAt: Date.now(), readError: undefined });
    } catch (error) {
      this.update({ readError: (error as Error).message });
    } finally {
      this.update({ reading: false });
    }
  }

  private readingsOf(component: string, control: string): ControlReading[] | undefined {
    return this.getSnapshot().controls?.find((c) => c.component === component && c.control === control)?.readings;
  }

  /** What a setting does, host by host, with the exact command or call. */
  private settingLines(resolved: ResolvedControl, state: ControlState): string[] {
    const { component, control } = resolved;
    const now = this.readingsOf(component.name, control.name);
    const value = control.value === undefined ? '' : `, value ${control.value}`;
    return [
      `${component.name} ${control.name} (${control.type}${value}) → ${state.toUpperCase()} on ${resolved.hosts.join(', ')}`,
      `  now: ${now === undefined ? 'not read yet' : readingsText(now)}`,
      ...resolved.hosts.map((host) => {
        const action = renderAction(this.setup.access, resolved, host, state, control[state]);
        return `  ${host}: ${action.type === 'command' ? action.command : `${action.request.method} ${action.request.url}`}`;
      }),
    ];
  }

  /** The time box, and what it shares with reverts already pending (from the list last read). */
  private timeBoxLines(settings: readonly ProfileSetting[], forSeconds: number | undefined): string[] {
    const due = forSeconds === undefined ? undefined : new Date(Date.now() + forSeconds * 1000);
    const overlaps = overlapLines(findOverlaps(this.getSnapshot().pending, settingTargets(this.setup.inventory, settings), due), due);
    const box =
      forSeconds === undefined
        ? 'Not time-boxed: it stays so until switched back.'
        : `Time box ${formatDuration(forSeconds)}: this perfmon reverts to the states read before at about ${clockTime(due!)} (at once if perfmon quits first).`;
    return [box, ...overlaps];
  }

  /** Switches one control to the other state (off when it reads on everywhere, else on). */
  prepareControl(component: string, control: string, forSeconds: number | undefined): Prepared {
    this.check();
    const resolved = findControl(this.setup.inventory, component, control);
    const readings = this.readingsOf(component, control);
    if (readings === undefined) throw new Error(`the state of ${component} ${control} has not been read yet; wait for it`);
    const state = toggleTarget(readings);
    const setting: ProfileSetting = { component, control, state };
    const label = `${component} ${control} ${state}`;
    return {
      title: `Switch ${control} of ${component} ${state.toUpperCase()}`,
      preview: [...this.settingLines(resolved, state), '', ...this.timeBoxLines([setting], forSeconds)],
      confirmText: control,
      go: () => void this.apply([setting], label, forSeconds),
    };
  }

  /** Applies a named profile, time-boxed by `forSeconds`, else by the profile's own duration. */
  prepareProfile(name: string, forSeconds: number | undefined): Prepared {
    this.check();
    const { settings, duration } = profileSettings(this.setup.inventory, name);
    const box = forSeconds ?? duration;
    const description = this.setup.inventory.profiles[name]?.description;
    return {
      title: `Apply profile ${name} (${settings.length} setting${settings.length === 1 ? '' : 's'})`,
      preview: [
        ...(description === undefined ? [] : [description, '']),
        ...settings.flatMap((s) => this.settingLines(findControl(this.setup.inventory, s.component, s.control), s.state)),
        '',
        ...this.timeBoxLines(settings, box),
      ],
      confirmText: name,
      go: () => void this.apply(settings, `profile ${name}`, box),
    };
  }

  /** Puts back every pending revert now (what `perfmon degrade --revert` does). */
  prepareRevert(): Prepared {
    this.check();
    const { pending } = this.getSnapshot();
    if (pending.length === 0) throw new Error('nothing is pending revert');
    return {
      title: `Revert ${pending.length} pending degradation${pending.length === 1 ? '' : 's'} now`,
      preview: pending.flatMap((p) => [
        `${p.label} (due ${clockTime(p.revertAt)}, set by perfmon pid ${p.pid} on ${p.localHost}):`,
        ...p.entries.map((e) => `  ${e.component} ${e.control} on ${e.host} → ${e.before === 'unknown' ? (e.applied === 'on' ? 'off' : 'on') : e.before} (read before: ${e.before})`),
      ]),
      confirmText: 'revert',
      go: () => void this.revert(undefined, 'every pending revert'),
    };
  }

  private async apply(settings: readonly ProfileSetting[], label: string, forSeconds: number | undefined): Promise<void> {
    this.update({ busy: label, message: { text: `${label}: switching…`, tone: 'info' }, result: [] });
    try {
      const result = await applySettings(this.ctx, settings, { label, forSeconds });
      this.update({ result: [...resultLines(result), ...overlapLines(result.overlaps, result.revertAt)], message: applyMessage(label, result) });
      if (result.revertId !== undefined) this.schedule(result.revertId, label, result.revertAt!);
    } catch (error) {
      this.update({ message: { text: `${label} refused: ${(error as Error).message}`, tone: 'bad' } });
    } finally {
      this.update({ busy: undefined });
      await this.refresh();
    }
  }

  private schedule(id: string, label: string, at: Date): void {
    const timer = setTimeout(() => void this.revert(id, label), Math.max(0, at.getTime() - Date.now()));
    timer.unref();
    this.timers.set(id, timer);
  }

  /** Reverts one pending record (or all); what cannot be reverted stays pending. */
  private async revert(id: string | undefined, label: string): Promise<string> {
    if (id !== undefined) {
      clearTimeout(this.timers.get(id));
      this.timers.delete(id);
    }
    this.update({ busy: `revert of ${label}` });
    let text: string;
    try {
      const results = await revertPending(this.ctx, id);
      const left = results.flatMap((r) => r.remaining);
      text =
        results.length === 0
          ? `${label}: ${await goneRevert(this.setup.stateDir, id ?? '')}`
          : left.length === 0
            ? `Reverted ${label}: ${results.flatMap((r) => r.reverted.map((e) => `${e.host} ${e.control} ${e.to}`)).join(' · ')}`
            : `Revert of ${label} incomplete: ${left.map((e) => `${e.component} ${e.control} on ${e.host}`).join(', ')} still pending (z retries, or perfmon degrade --revert)`;
      this.update({ message: { text, tone: left.length === 0 ? 'good' : 'bad' } });
    } catch (error) {
      text = `Revert of ${label} failed: ${(error as Error).message}; still pending (perfmon degrade --revert)`;
      this.update({ message: { text, tone: 'bad' } });
    } finally {
      this.update({ busy: undefined });
    }
    await this.refresh();
    return text;
  }

  /** perfmon is quitting: this perfmon's time boxes are reverted now (nothing else would). */
  async shutdown(): Promise<string[]> {
    this.watcher?.stop();
    const ids = [...this.timers.keys()];
    const labels = new Map(this.getSnapshot().pending.map((p) => [p.id, p.label]));
    const lines: string[] = [];
    for (const id of ids) lines.push(await this.revert(id, labels.get(id) ?? id));
    return lines;
  }
}

function resultLines(result: ApplyResult): string[] {
  return result.settings.flatMap((s) => {
    const failed = s.switched.filter((x) => !x.ok);
    return [
      `${s.component} ${s.control} → ${s.target}: was ${readingsText(s.before)}; now ${readingsText(s.after)}`,
      ...failed.map((f) => `  FAILED on ${f.host}: ${f.output}`),
    ];
  });
}

function applyMessage(label: string, result: ApplyResult): DeskMessage {
  const revert = result.revertAt === undefined ? '' : `; reverts by itself at ${clockTime(result.revertAt)}`;
  return result.ok
    ? { text: `${label}: done, read back as asked${revert}`, tone: 'good' }
    : { text: `${label}: some hosts did not switch or do not read back as asked (below)${revert}`, tone: 'bad' };
}
