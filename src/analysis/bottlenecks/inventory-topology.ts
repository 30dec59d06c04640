/** The inventory's components as the bottleneck analysis sees them; light to import (the TUI takes it at start-up). */
import type { Inventory } from '../../config/inventory-schema.js';
import type { ComponentTopology } from './impact.js';

/** What the analysis needs of an inventory: its components, their dependencies, queue limits, profiles. */
export function topologyOf(inventory: Pick<Inventory, 'components' | 'profiles'> | null | undefined): ComponentTopology[] {
  if (!inventory) return [];
  return inventory.components.map((c) => {
    const limits = Object.assign({}, ...c.queues.map((q) => q.limits)) as Record<string, number>;
    const limit = c.queues.find((q) => q.limit !== undefined)?.limit;
    return {
      name: c.name,
      role: c.role,
      hosts: c.hosts,
      dependsOn: c.dependsOn,
      ...(limit === undefined ? {} : { queueLimit: limit }),
      queueLimits: limits,
      profiles: Object.entries(inventory.profiles).filter(([, p]) => p.set.some((s) => s.component === c.name)).map(([name]) => name),
      restartable: c.restart !== undefined || (c.stop !== undefined && c.start !== undefined),
    };
  });
}
