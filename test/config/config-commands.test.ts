import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { componentSchema } from '../../src/config/component-schema.js';
import { runConfigInit, runConfigSchema, runConfigValidate } from '../../src/config/config-commands.js';
import { inventorySchema } from '../../src/config/inventory-schema.js';

function sink() {
  let text = '';
  return { write: (chunk: string) => (text += chunk), text: () => text };
}

let home: string;
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'perfmon-config-cmd-'));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});
const environment = () => ({ env: {}, home });

describe('config validate', () => {
  it('prints a one-line summary for a valid inventory', async () => {
    const out = sink();
    expect(await runConfigValidate({ file: 'fixtures/config/valid/fleet.yaml' }, out, environment())).toBe(true);
    expect(out.text()).toBe('fixtures/config/valid/fleet.yaml: valid: 4 hosts, 3 groups, 2 components, 1 profile; environment staging\n');
  });

  it('prints every problem with file:line:column, then a count', async () => {
    const out = sink();
    const file = 'fixtures/config/invalid/references.yaml';
    expect(await runConfigValidate({ config: file }, out, environment())).toBe(false);
    const expected = (await readFile('fixtures/config/invalid/references.expected', 'utf8')).replaceAll('references.yaml:', `${file}:`);
    expect(out.text()).toBe(`${expected}${file}: invalid, 10 problems\n`);
  });

  it('prints JSON with --json', async () => {
    const out = sink();
    expect(await runConfigValidate({ file: 'fixtures/config/invalid/not-a-mapping.yaml', json: true }, out, environment())).toBe(false);
    expect(JSON.parse(out.text())).toEqual({
      path: 'fixtures/config/invalid/not-a-mapping.yaml',
      valid: false,
      problems: [
        {
          file: 'fixtures/config/invalid/not-a-mapping.yaml',
          line: 1,
          column: 1,
          path: '',
          message: 'the inventory must be a mapping of sections (hosts:, components:, …)',
        },
      ],
    });
  });

  it('says where it looked when there is no inventory at all', async () => {
    const out = sink();
    expect(await runConfigValidate({}, out, environment())).toBe(false);
    expect(out.text()).toBe(
      `no inventory at ${join(home, '.config/perfmon/perfmon.yaml')} (perfmon watches this machine); create one with: perfmon config init\n`,
    );
  });
});

describe('config init', () => {
  it('writes the default inventory path, creating its directories; the example validates', async () => {
    const out = sink();
    expect(await runConfigInit({}, out, environment())).toBe(true);
    const path = join(home, '.config/perfmon/perfmon.yaml');
    expect(out.text()).toBe(`wrote ${path}\nedit it, then check it with: perfmon config validate ${path}\n`);
    const check = sink();
    expect(await runConfigValidate({}, check, environment())).toBe(true);
    expect(check.text()).toBe(`${path}: valid: 6 hosts, 4 groups, 5 components, 1 profile; environment staging\n`);
  });

  it('points editors at the JSON Schema on its first line', async () => {
    const out = sink();
    await runConfigInit({ out: '-' }, out, environment());
    const schemaUrl = pathToFileURL(join(process.cwd(), 'schema/perfmon.schema.json')).href;
    expect(out.text().split('\n')[0]).toBe(`# yaml-language-server: $schema=${schemaUrl}`);
  });

  it('shows every section and every component setting', async () => {
    const out = sink();
    await runConfigInit({ out: '-' }, out, environment());
    const example = parse(out.text()) as Record<string, unknown> & { components: Record<string, unknown>[] };
    expect(Object.keys(example).sort()).toEqual(Object.keys(inventorySchema.shape).sort());
    const used = new Set(example.components.flatMap((component) => Object.keys(component)));
    expect(Object.keys(componentSchema.shape).filter((key) => !used.has(key))).toEqual([]);
  });

  it('refuses to overwrite without --force, and overwrites with it', async () => {
    const path = join(home, 'mine.yaml');
    await writeFile(path, 'hosts: []\n');
    const refused = sink();
    expect(await runConfigInit({ out: path }, refused, environment())).toBe(false);
    expect(refused.text()).toBe(`${path} already exists; not overwritten (use --force to replace it)\n`);
    expect(await readFile(path, 'utf8')).toBe('hosts: []\n');
    expect(await runConfigInit({ out: path, force: true }, sink(), environment())).toBe(true);
    expect(await readFile(path, 'utf8')).toMatch(/^# yaml-language-server/);
  });

  it('reports a path it cannot write', async () => {
    const out = sink();
    const path = join(home, 'file.yaml');
    await writeFile(path, '');
    expect(await runConfigInit({ out: join(path, 'sub.yaml') }, out, environment())).toBe(false);
    expect(out.text()).toBe(`cannot write ${path}/sub.yaml: ${path} is not a directory\n`);
  });
});

describe('config schema', () => {
  it('prints the committed JSON Schema', async () => {
    const out = sink();
    expect(runConfigSchema(out)).toBe(true);
    expect(out.text()).toBe(await readFile('schema/perfmon.schema.json', 'utf8'));
  });
});
