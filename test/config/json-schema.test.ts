import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findSchemaFile, inventoryJsonSchema, renderJsonSchema } from '../../src/config/json-schema.js';

const SCHEMA_PATH = 'schema/perfmon.schema.json';

describe('schema/perfmon.schema.json', () => {
  it('is what the zod schema generates (regenerate: UPDATE_SCHEMA=1 npx vitest run test/config/json-schema.test.ts)', () => {
    const generated = renderJsonSchema();
    // The one way to refresh the committed file; the assertion below still runs and passes.
    if (process.env['UPDATE_SCHEMA'] === '1') writeFileSync(SCHEMA_PATH, generated);
    expect(readFileSync(SCHEMA_PATH, 'utf8')).toBe(generated);
  });

  it('describes the input people write: strict keys, x- keys allowed, durations as text or seconds', () => {
    const schema = inventoryJsonSchema() as {
      additionalProperties: boolean;
      patternProperties: Record<string, unknown>;
      required?: string[];
      properties: Record<string, { anyOf?: { type: string; pattern?: string }[]; default?: unknown }>;
    };
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.patternProperties)).toEqual(['^x-']);
    expect(schema.required ?? []).toEqual([]);
    expect(Object.keys(schema.properties)).toEqual([
      'version', 'environment', 'interval', 'readOnly', 'actions', 'audit', 'history', 'alerts', 'thresholds', 'ssh',
      'hosts', 'groups', 'rateWindow', 'appMetrics', 'components', 'profiles', 'tuningProfiles',
    ]);
    expect(schema.properties['interval']?.anyOf?.map((option) => option.type)).toEqual(['number', 'string']);
  });

  it('is found from the source tree (perfmon config init points editors at it)', () => {
    expect(findSchemaFile()).toMatch(/\/schema\/perfmon\.schema\.json$/);
  });
});
