/**
 * The collector forks nothing per sample unless the tick asks for a df: every process it or
 * its children create is counted by strace (-f follows them all, so a fork that exits at once
 * is still seen). Runs that differ only in the number of samples must fork exactly as often;
 * a run that asks for a df must fork more (which shows the count does see forks).
 *
 * The collector reads a synthetic /proc: on the real one the processes of the tests running
 * beside it come and go, and mawk dies on the read error a process reaped between open and
 * read gives (see collector-script.ts), which strace's slowing down makes frequent.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CollectorSample } from '../../../src/collect/remote/collector-session.js';
import { SHELLS, ToolDirs, startCollector, type ShellName } from './collector-harness.js';
import { exampleHost, writeHost } from './synthetic-proc.js';

const tools = new ToolDirs();
afterAll(() => tools.remove());

/** Process creations in an strace -f log (threads excluded; the collector makes none). */
function forks(log: string): string[] {
  return log
    .split('\n')
    .filter((line) => /\b(clone3?|v?fork)\(/.test(line) && !line.includes('CLONE_THREAD'));
}

async function run(shell: ShellName, name: string, ticks: (sample: () => Promise<CollectorSample | null>) => Promise<void>, filesystemEvery: number): Promise<string[]> {
  const log = join(tools.dir(`strace-${shell.replace(' ', '-')}`), `${name}.log`);
  const root = tools.dir(`root-${shell.replace(' ', '-')}-${name}`);
  writeHost(root, exampleHost());
  const c = await startCollector({
    shell,
    root,
    awk: 'mawk',
    tools,
    // --seccomp-bpf: only the traced calls stop the process (not every syscall of the /proc walk).
    wrapper: ['strace', '-f', '--seccomp-bpf', '-qq', '-o', log, '-e', 'trace=clone,clone3,fork,vfork'],
    processEvery: 2,
    filesystemEvery,
  });
  try {
    await ticks(() => c.session.sample());
  } finally {
    await c.close();
  }
  return forks(readFileSync(log, 'utf8'));
}

describe.each(Object.keys(SHELLS) as ShellName[])('the collector under %s', (shell) => {
  it('forks nothing per sample, processes included, and forks for a df', async () => {
    const none = await run(shell, 'hello-only', async () => undefined, 1000);
    const many = await run(shell, 'twenty-samples', async (sample) => {
      for (let i = 0; i < 20; i++) await sample();
    }, 1000);
    const withDf = await run(shell, 'with-df', async (sample) => {
      // The df started with the collector must be reported before another may be asked for:
      // sample until a second df has reported too (samples are on demand, faster than a df).
      let reports = 0;
      for (let i = 0; i < 500 && reports < 2; i++) {
        if ((await sample())?.fresh.filesystems) reports += 1;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(reports).toBe(2);
    }, 2);
    expect(none.length).toBeGreaterThan(0);
    expect(many).toHaveLength(none.length);
    expect(withDf.length).toBeGreaterThan(none.length);
  });
});
