/**
 * The degradation view: every control with its state read back per host, the profiles, and
 * the reverts still pending (this perfmon's time boxes and any left by another).
 */
import type { Inventory } from '../../src/config/inventory-schema.js';
import { formatDuration as formatSpan } from '../../src/config/duration.js';
import { formatDuration } from '../../src/format/units.js';
import type { ControlReading } from '../../src/procedures/control-actions.js';
import type { PendingRevert } from '../../src/procedures/pending-reverts.js';
import type { Column } from '../components/table.js';
import { style } from '../theme.js';
import type { DegradeDeskState } from './degrade-desk.js';
import { clockTime } from '../../src/format/units.js';

/** A selectable row: a control (switched with o) or a profile (applied with o). */
export type ControlItem =
  | { kind: 'control'; key: string; component: string; control: string; type: string; description: string | undefined; readings: ControlReading[] | undefined }
  | { kind: 'profile'; key: string; name: string; description: string | undefined; settings: string; duration: number | undefined };

export function controlItems(inventory: Inventory, state: Pick<DegradeDeskState, 'controls'>): ControlItem[] {
  const controls = inventory.components.flatMap((component) =>
    component.controls.map((control): ControlItem => ({
      kind: 'control',
      key: `${component.name}/${control.name}`,
      component: component.name,
      control: control.name,
      type: control.type,
      description: control.description,
      readings: state.controls?.find((c) => c.component === component.name && c.control === control.name)?.readings,
    })),
  );
  const profiles = Object.entries(inventory.profiles).map(([name, profile]): ControlItem => ({
    kind: 'profile',
    key: `profile:${name}`,
    name,
    description: profile.description,
    settings: profile.set.map((s) => `${s.component} ${s.control} ${s.state}`).join(', '),
    duration: profile.duration,
  }));
  return [...controls, ...profiles];
}

/** "on", "off", "unknown", or "mixed: 1 on, 2 off". */
export function stateSummary(readings: readonly ControlReading[] | undefined): { text: string; paint: (t: string) => string } {
  if (readings === undefined) return { text: 'reading…', paint: style.dim };
  const counts = new Map<string, number>();
  for (const r of readings) counts.set(r.state, (counts.get(r.state) ?? 0) + 1);
  if (counts.size === 1) {
    const only = readings[0]?.state ?? 'unknown';
    return { text: `${only} (${readings.length}/${readings.length})`, paint: only === 'on' ? style.warn : only === 'unknown' ? style.dim : (t) => t };
  }
  return { text: `mixed: ${[...counts].map(([s, n]) => `${n} ${s}`).join(', ')}`, paint: style.bad };
}

export function controlColumns(): Column<ControlItem>[] {
  return [
    { header: 'COMPONENT', width: 12, priority: 9, cell: (i) => (i.kind === 'control' ? i.component : 'profile') },
    { header: 'CONTROL', width: 12, flex: true, maxWidth: 24, priority: 10, cell: (i) => (i.kind === 'control' ? i.control : i.name) },
    { header: 'TYPE', width: 8, priority: 6, cell: (i) => (i.kind === 'control' ? i.type : i.duration === undefined ? '' : formatSpan(i.duration)) },
    {
      header: 'STATE',
      width: 16,
      priority: 10,
      cell: (i) => (i.kind === 'control' ? stateSummary(i.readings) : { text: 'sets', paint: style.dim }),
    },
    {
      header: 'PER HOST / SETTINGS',
      width: 24,
      priority: 5,
      cell: (i) => (i.kind === 'control' ? (i.readings ?? []).map((r) => `${r.host} ${r.state}`).join(' · ') : i.settings),
    },
    { header: 'DESCRIPTION', width: 30, priority: 3, cell: (i) => i.description ?? '' },
  ];
}

/** One line per pending revert: what, when it is due, who will do it. */
export function pendingLines(pending: readonly PendingRevert[], now = Date.now(), self = process.pid): string[] {
  return pending.map((p) => {
    const due = Date.parse(p.revertAt);
    const when = due > now ? `due ${clockTime(p.revertAt)} (in ${formatDuration((due - now) / 1000)})` : style.bad(`overdue since ${clockTime(p.revertAt)}`);
    const who = p.pid === self ? 'by this perfmon' : `left by perfmon pid ${p.pid} on ${p.localHost}: z reverts it now`;
    return `${p.label}: ${p.entries.length} setting${p.entries.length === 1 ? '' : 's'} · ${when} · ${who}`;
  });
}

export const TIME_BOXES: readonly (number | undefined)[] = [undefined, 300, 900, 3600];

export function timeBoxText(seconds: number | undefined): string {
  return seconds === undefined ? 'none (a profile keeps its own)' : formatSpan(seconds);
}
