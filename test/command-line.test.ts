/** The command line as an operator types it: bin/perfmon.js run by node, stdout, stderr and the exit code. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PERFMON_BIN } from './support-bin.js';

const home = mkdtempSync(join(tmpdir(), 'perfmon-cli-'));
const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, 'xdg'), XDG_STATE_HOME: join(home, 'state') };
afterAll(() => rmSync(home, { recursive: true, force: true }));

function perfmon(...args: string[]) {
  const run = spawnSync(process.execPath, [PERFMON_BIN, ...args], { env, encoding: 'utf8', timeout: 30_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** `perfmon … | head -1` in a real shell pipe: perfmon's exit status (pipefail) and its stderr. */
function perfmonIntoHead(...args: string[]) {
  const command = `set -o pipefail; ${[process.execPath, PERFMON_BIN, ...args].map((word) => `'${word}'`).join(' ')} | head -1 >/dev/null`;
  const run = spawnSync('bash', ['-c', command], { env, encoding: 'utf8', timeout: 30_000 });
  return { code: run.status, stderr: run.stderr };
}

describe('perfmon on the command line', () => {
  it('ends quietly when the reader of its output goes away (| head)', () => {
    // The schema (100 KB) is larger than a pipe's buffer, so its later writes meet the closed pipe.
    for (const args of [['config', 'schema'], ['--help']]) {
      const run = perfmonIntoHead(...args);
      expect(run.stderr, args.join(' ')).toBe('');
      expect(run.code, args.join(' ')).toBe(0);
    }
  });

  it('config init --out - writes the example inventory to stdout', () => {
    const run = perfmon('config', 'init', '--out', '-');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^# yaml-language-server: \$schema=/);
    expect(run.stderr).toBe('');
  });

  it('a numeric flag that is not a number is quoted back as typed', () => {
    expect(perfmon('snapshot', '--interval', 'abc')).toMatchObject({ code: 2, stderr: expect.stringContaining('--interval must be a number of seconds from 0.25 to 60 (got abc)') });
    expect(perfmon('queues', '--samples', '2.5')).toMatchObject({ code: 2, stderr: expect.stringContaining('--samples must be a whole number from 1 to 1000 (got 2.5)') });
  });

  it('a mistyped command is not taken for a host to watch', () => {
    const run = perfmon('snapshoot');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("'snapshoot' is neither a command nor a host of the inventory; did you mean 'perfmon snapshot'?");
    // A real host name that is no typo is still a target (refused here only for want of a terminal).
    expect(perfmon('web-1x').stderr).toContain('stdout is not a terminal');
  });
});
