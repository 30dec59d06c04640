/** An inventory from YAML text, validated as perfmon loads files (for unit tests). */
import { resolveInventoryPaths } from '../../src/config/load-inventory.js';
import type { Inventory } from '../../src/config/inventory-schema.js';
import { parseInventoryText } from '../../src/config/parse-inventory.js';

export function inventoryFrom(yaml: string): Inventory {
  const parsed = parseInventoryText(yaml, 'test.yaml');
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => `${p.line}: ${p.path}: ${p.message}`).join('\n'));
  return resolveInventoryPaths(parsed.inventory, { baseDir: '/', env: {}, home: '/home/op' });
}
