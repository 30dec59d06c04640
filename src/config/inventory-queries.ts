/**
 * Questions other parts ask of a loaded inventory: which hosts a group or component covers,
 * how many hosts a rolling restart may take down, which metrics a component maps, which
 * actions are allowed. Pure functions.
 */
import { labelMatches } from '../model/series-key.js';
import { didYouMean } from './did-you-mean.js';
import type { ActionKind, AppMetricMap, Component, HostEntry, Inventory } from './inventory-schema.js';

/** A --group or target that does not resolve; the message lists what does. */
export class SelectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SelectionError';
  }
}

/** Every label of the selector matches the host's labels. */
export function hostMatchesSelector(host: HostEntry, selector: Readonly<Record<string, string>>): boolean {
  return Object.entries(selector).every(([key, pattern]) => labelMatches(host.labels[key], pattern));
}

function inInventoryOrder(inventory: Inventory, names: ReadonlySet<string>): HostEntry[] {
  return inventory.hosts.filter((host) => names.has(host.name));
}

/** The hosts of a group (members and selector matches), in inventory order. */
export function groupHosts(inventory: Inventory, groupName: string): HostEntry[] {
  const group = inventory.groups[groupName];
  if (group === undefined) {
    const known = Object.keys(inventory.groups);
    if (known.length === 0) throw new SelectionError(`unknown group '${groupName}': the inventory defines no groups`);
    throw new SelectionError(`unknown group '${groupName}'${didYouMean(groupName, known)}; known groups: ${known.join(', ')}`);
  }
  const names = new Set(group.hosts);
  for (const host of inventory.hosts) {
    if (group.selectors.some((selector) => hostMatchesSelector(host, selector))) names.add(host.name);
  }
  return inInventoryOrder(inventory, names);
}

/** The hosts a component runs on (its hosts plus its group's), in inventory order. */
export function componentHosts(inventory: Inventory, component: Component): HostEntry[] {
  const names = new Set(component.hosts);
  if (component.group !== undefined && inventory.groups[component.group] !== undefined) {
    for (const host of groupHosts(inventory, component.group)) names.add(host.name);
  }
  return inInventoryOrder(inventory, names);
}

/** Hosts a rolling restart may take down at once: the count, or the percentage of hostCount rounded down, at least 1. */
export function maxUnavailableCount(component: Pick<Component, 'maxUnavailable'>, hostCount: number): number {
  const limit = component.maxUnavailable;
  const count = typeof limit === 'number' ? limit : Math.floor((hostCount * Number.parseFloat(limit)) / 100);
  return Math.max(1, Math.min(count, Math.max(hostCount, 1)));
}

/**
 * The application metric mappings of a component: the built-in ones for its role, overridden
 * key by key by the inventory's `appMetrics[role]`, then by the component's own `appMetrics`.
 */
export function appMetricsFor(
  inventory: Pick<Inventory, 'appMetrics'>,
  component: Pick<Component, 'role' | 'appMetrics'>,
  builtIn: Readonly<Record<string, AppMetricMap>> = {},
): AppMetricMap {
  return { ...builtIn[component.role], ...inventory.appMetrics[component.role], ...component.appMetrics };
}

/** Whether an action may run at all (before the --read-only flag, which callers add). */
export function isActionAllowed(inventory: Pick<Inventory, 'readOnly' | 'actions'>, kind: ActionKind): boolean {
  return !inventory.readOnly && inventory.actions.includes(kind);
}
