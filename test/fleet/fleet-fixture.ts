import { parseInventoryText } from '../../src/config/parse-inventory.js';
import { resolveInventoryPaths } from '../../src/config/load-inventory.js';
import type { Inventory } from '../../src/config/inventory-schema.js';
import type { Lab } from '../lab/lab.js';

/** An inventory naming the lab's hosts by their ~/.ssh/config aliases, parsed like a real file. */
export function labInventory(lab: Lab, extra = ''): Inventory {
  const hosts = [...lab.hosts].map((h) => `  - name: ${h.name}\n    address: ${h.name}\n    labels: { rack: r${h.index % 2} }`).join('\n');
  const parsed = parseInventoryText(`hosts:\n${hosts}\n${extra}`, 'lab.yaml');
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => JSON.stringify(p)).join('\n'));
  return resolveInventoryPaths(parsed.inventory, { baseDir: lab.dir, home: lab.home, env: lab.env });
}
