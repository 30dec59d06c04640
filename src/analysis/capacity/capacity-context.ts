/** What a capacity forecast takes from the inventory: components and their hosts, the CPU levels, queue limits. */
import { componentHosts } from '../../config/inventory-queries.js';
import type { Inventory } from '../../config/inventory-schema.js';
import { DEFAULT_THRESHOLDS } from '../thresholds.js';
import type { CapacityContext } from './capacity-forecasts.js';
import type { WhatIfContext } from './what-if.js';

export function capacityContextOf(inventory: Inventory | null): CapacityContext & WhatIfContext {
  const cpu = inventory?.thresholds.cpu ?? DEFAULT_THRESHOLDS.cpu;
  const memory = inventory?.thresholds.memory ?? DEFAULT_THRESHOLDS.memory;
  const components = (inventory?.components ?? []).map((c) => ({ name: c.name, hosts: componentHosts(inventory!, c).map((h) => h.name), queues: c.queues }));
  return {
    components,
    cpuCritical: cpu.critical,
    cpu: { warning: cpu.warning, critical: cpu.critical },
    memory: { warning: memory.warning, critical: memory.critical },
    queueLimit: (labels) => {
      const sources = components.find((c) => c.name === labels['component'])?.queues ?? [];
      for (const source of sources) {
        const limit = source.limits[labels['queue'] ?? ''] ?? source.limit;
        if (limit !== undefined) return limit;
      }
      return undefined;
    },
  };
}
