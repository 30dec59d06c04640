/**
 * schema/load-scenario.schema.json, generated from the scenario's zod schema so editors check
 * scenario files as they are typed. Regenerate:
 * `UPDATE_SCHEMA=1 npx vitest run test/load/scenario-json-schema.test.ts`.
 */
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { findSchemaFile } from '../config/json-schema.js';
import { EXTENSION_KEY } from '../config/parse-inventory.js';
import { scenarioSchema } from './scenario-schema.js';

export const SCENARIO_SCHEMA_FILE_NAME = 'load-scenario.schema.json';

/** The file's exact content: two-space indent, final newline. */
export function renderScenarioJsonSchema(): string {
  // Input side: what people write (durations as text, defaults optional).
  const schema = z.toJSONSchema(scenarioSchema, { io: 'input', target: 'draft-7' });
  const document = { ...schema, title: 'perfmon load scenario', patternProperties: { [EXTENSION_KEY.source]: {} } };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** The installed schema/load-scenario.schema.json, beside the inventory's schema. */
export function findScenarioSchemaFile(): string | undefined {
  const inventorySchemaFile = findSchemaFile();
  return inventorySchemaFile === undefined ? undefined : join(dirname(inventorySchemaFile), SCENARIO_SCHEMA_FILE_NAME);
}
