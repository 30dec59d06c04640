/**
 * schema/perfmon.schema.json, generated from the zod schema so editors (yaml-language-server,
 * VS Code's YAML extension, IntelliJ) complete and check perfmon.yaml as it is typed.
 * Regenerate: `UPDATE_SCHEMA=1 npx vitest run test/config/json-schema.test.ts`, or
 * `node bin/perfmon.js config schema > schema/perfmon.schema.json` after a build.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { inventorySchema } from './inventory-schema.js';
import { EXTENSION_KEY } from './parse-inventory.js';

export const SCHEMA_FILE_NAME = 'perfmon.schema.json';

export function inventoryJsonSchema(): Record<string, unknown> {
  // Input side: what people write (durations as text, defaults optional), not what comes out.
  const schema = z.toJSONSchema(inventorySchema, { io: 'input', target: 'draft-7' });
  // Top-level x- keys hold YAML anchors and are ignored (see parse-inventory.ts).
  return { ...schema, title: 'perfmon inventory (perfmon.yaml)', patternProperties: { [EXTENSION_KEY.source]: {} } };
}

/** The file's exact content: stable key order, two-space indent, final newline. */
export function renderJsonSchema(): string {
  return `${JSON.stringify(inventoryJsonSchema(), null, 2)}\n`;
}

/** The repository's / installed package's schema/perfmon.schema.json, found from this module upwards. */
export function findSchemaFile(from: string = dirname(fileURLToPath(import.meta.url))): string | undefined {
  let dir = from;
  for (let depth = 0; depth < 6; depth++) {
    const candidate = join(dir, 'schema', SCHEMA_FILE_NAME);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}
