/**
 * Runs the real collector script under a chosen shell and awk: a temporary bin directory put
 * first on PATH holds `awk` (and for busybox, `df` too, as on Alpine) pointing at the tool
 * under test.
 */
import { mkdtempSync, rmSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { collectorScript } from '../../../src/collect/remote/collector-script.js';
import { spawnLocalCollector, type LocalCollector, type LocalCollectorOptions } from '../../../src/collect/remote/local-collector.js';

export const SHELLS = {
  dash: ['dash', '-s'],
  bash: ['bash', '-s'],
  'busybox sh': ['busybox', 'sh', '-s'],
} as const;
export type ShellName = keyof typeof SHELLS;

export const AWKS = ['mawk', 'gawk', 'busybox awk'] as const;
export type AwkName = (typeof AWKS)[number];

const which = (cmd: string): string => execFileSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).trim();

export class ToolDirs {
  private readonly base = mkdtempSync(join(tmpdir(), 'perfmon-collector-'));
  private readonly made = new Map<string, string>();

  /** A directory to put first on PATH so `awk` is the wanted one (and `df`, if given a script). */
  bin(awk: AwkName, df?: { output: string } | { script: string }): string {
    const key = `${awk}|${JSON.stringify(df ?? '')}`;
    const known = this.made.get(key);
    if (known) return known;
    const dir = join(this.base, `bin${this.made.size}`);
    execFileSync('mkdir', ['-p', dir]);
    if (awk === 'busybox awk') {
      symlinkSync(which('busybox'), join(dir, 'awk'));
      symlinkSync(which('busybox'), join(dir, 'df'));
    } else {
      symlinkSync(which(awk), join(dir, 'awk'));
    }
    if (df !== undefined) {
      let script = 'script' in df ? df.script : '';
      if ('output' in df) {
        writeFileSync(join(dir, 'df.out'), df.output);
        script = `cat '${join(dir, 'df.out')}'`;
      }
      rmSync(join(dir, 'df'), { force: true });
      writeFileSync(join(dir, 'df'), `#!/bin/sh\n${script}\n`);
      chmodSync(join(dir, 'df'), 0o755);
    }
    this.made.set(key, dir);
    return dir;
  }

  /** A fresh directory (e.g. a synthetic root) removed with the rest. */
  dir(name: string): string {
    const dir = join(this.base, name);
    execFileSync('mkdir', ['-p', dir]);
    return dir;
  }

  remove(): void {
    rmSync(this.base, { recursive: true, force: true });
  }
}

export interface StartOptions extends LocalCollectorOptions {
  shell: ShellName;
  awk: AwkName;
  tools: ToolDirs;
  /** Synthetic root for the script (see synthetic-proc.ts). */
  root?: string;
  /** Replaces df with one printing this text, or running this shell code. */
  df?: { output: string } | { script: string };
  /** Runs the shell under this wrapper (e.g. strace …). */
  wrapper?: readonly string[];
}

export function startCollector(options: StartOptions): Promise<LocalCollector> {
  const { shell, awk, tools, root, df, wrapper = [], ...rest } = options;
  const bin = tools.bin(awk, df);
  return spawnLocalCollector({
    ...rest,
    command: [...wrapper, ...SHELLS[shell]],
    env: { ...process.env, PATH: `${bin}:${process.env['PATH'] ?? '/usr/bin:/bin'}` },
    script: collectorScript({ root }),
  });
}
