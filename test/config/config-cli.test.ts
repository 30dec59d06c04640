/** `perfmon config …` as a real process: bin/perfmon.js run by node, checking stdout and the exit code. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERFMON_BIN } from '../support-bin.js';

const repo = resolve(import.meta.dirname, '../..');
let build: string;
let home: string;

beforeAll(() => {
  build = mkdtempSync(join(tmpdir(), 'perfmon-config-cli-'));
  home = join(build, 'home');
  mkdirSync(home);
});

afterAll(() => {
  rmSync(build, { recursive: true, force: true });
});

function perfmon(...args: string[]) {
  const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, 'xdg') };
  const run = spawnSync(process.execPath, [PERFMON_BIN, 'config', ...args], { cwd: repo, env, encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('perfmon config (bin/perfmon.js, run by node)', () => {
  it('validate: exit 0 and a summary for a valid file', () => {
    expect(perfmon('validate', 'fixtures/config/valid/minimal.yaml')).toEqual({
      code: 0,
      stdout: 'fixtures/config/valid/minimal.yaml: valid: 1 host, 0 groups, 0 components, 0 profiles\n',
      stderr: '',
    });
  });

  it('validate: exit 1 and every problem for an invalid file', () => {
    const file = 'fixtures/config/invalid/many-problems.yaml';
    const expected = readFileSync(join(repo, 'fixtures/config/invalid/many-problems.expected'), 'utf8').replaceAll('many-problems.yaml:', `${file}:`);
    expect(perfmon('validate', '--config', file)).toEqual({ code: 1, stdout: `${expected}${file}: invalid, 13 problems\n`, stderr: '' });
  });

  it('validate: exit 1 when there is no inventory to check', () => {
    const result = perfmon('validate');
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(`no inventory at ${join(home, 'xdg/perfmon/perfmon.yaml')} (perfmon watches this machine); create one with: perfmon config init\n`);
  });

  it('init: writes the default path, refuses to overwrite, --force does; the result validates', () => {
    const path = join(home, 'xdg/perfmon/perfmon.yaml');
    expect(perfmon('init')).toMatchObject({ code: 0, stdout: `wrote ${path}\nedit it, then check it with: perfmon config validate ${path}\n` });
    expect(readFileSync(path, 'utf8').split('\n')[0]).toBe(`# yaml-language-server: $schema=file://${repo}/schema/perfmon.schema.json`);
    expect(perfmon('init')).toMatchObject({ code: 1, stdout: `${path} already exists; not overwritten (use --force to replace it)\n` });
    expect(perfmon('init', '--force')).toMatchObject({ code: 0 });
    expect(perfmon('validate')).toMatchObject({ code: 0, stdout: `${path}: valid: 6 hosts, 4 groups, 5 components, 1 profile; environment staging\n` });
  });

  it('schema: prints the committed JSON Schema', () => {
    expect(perfmon('schema')).toEqual({ code: 0, stdout: readFileSync(join(repo, 'schema/perfmon.schema.json'), 'utf8'), stderr: '' });
  });
});
