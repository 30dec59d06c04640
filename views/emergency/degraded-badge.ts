/**
 * The header's DEGRADED badge, on every pane: how many controls are off their normal state
 * (as last read back) or under a pending revert, and when the first revert is due. An operator
 * on the Fleet pane must not miss that the platform runs throttled.
 */
import { useSyncExternalStore } from 'react';
import type { Inventory } from '../../src/config/inventory-schema.js';
import { clockTime } from '../../src/format/units.js';
import type { DegradeDeskState } from './degrade-desk.js';
import type { EmergencyDesk } from './emergency-desk.js';

export function degradedBadge(inventory: Inventory, state: Pick<DegradeDeskState, 'controls' | 'pending'>): string | undefined {
  const off = new Set<string>();
  for (const status of state.controls ?? []) {
    const normal = inventory.components.find((c) => c.name === status.component)?.controls.find((c) => c.name === status.control)?.normal ?? 'off';
    if (status.readings.some((r) => r.state !== 'unknown' && r.state !== normal)) off.add(`${status.component}/${status.control}`);
  }
  for (const revert of state.pending) for (const entry of revert.entries) off.add(`${entry.component}/${entry.control}`);
  if (off.size === 0) return undefined;
  const due = state.pending.map((p) => p.revertAt).sort()[0];
  return `DEGRADED ${off.size}${due === undefined ? '' : ` · revert ${clockTime(due)}`}`;
}

const none = () => () => {};
const nothing = () => undefined;

/** The badge text for the header, or undefined (no inventory with controls, or nothing degraded). */
export function useDegradedBadge(desk: EmergencyDesk | null | undefined): string | undefined {
  const state = useSyncExternalStore(desk?.degrade.subscribe ?? none, desk?.degrade.getSnapshot ?? nothing);
  return desk && state ? degradedBadge(desk.inventory, state) : undefined;
}
