/**
 * The monitor script run for real on this machine (real /proc, a real JVM, real jstat and
 * jcmd) under each shell a host may have as /bin/sh: dash, bash, busybox sh. Over SSH it is
 * the same script on an exec channel (test/integration/jvm-monitor.test.ts).
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JvmMonitor } from '../../../src/collect/jvm/jvm-monitor.js';
import type { JvmSnapshot } from '../../../src/model/jvm-reading.js';
import { compileForLab, startLocalJava, stopAllJava, type JavaProcess } from '../../diagnostics/capture/java-processes.js';

let classes: Awaited<ReturnType<typeof compileForLab>>;
let java: JavaProcess;

beforeAll(async () => {
  classes = await compileForLab(['GrowingCache']);
  java = await startLocalJava(classes.dir, 'GrowingCache');
});

afterAll(async () => {
  stopAllJava();
  await classes?.remove();
});

/** Processes whose command line holds every word (a jstat or jcmd aimed at our JVM). */
function processesWith(...words: string[]): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (words.every((w) => argv.includes(w))) found.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return found;
}

async function until<T>(what: string, read: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const SHELLS: Array<[string, string[]]> = [
  ['dash', ['dash', '-s']],
  ['bash', ['bash', '-s']],
  ['busybox sh', ['busybox', 'sh', '-s']],
];

describe.each(SHELLS)('the JVM monitor script under %s', (_name, command) => {
  it('discovers the JVM, streams its figures, reads its code cache, and leaves no jstat behind', async () => {
    // Detached: the script ends by killing its process group, as sshd gives each session one.
    const child = spawn(command[0]!, command.slice(1), { detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const monitor = await JvmMonitor.overStreams(
      { stdin: child.stdin, stdout: child.stdout, stderr: child.stderr },
      { host: 'local', intervalMs: 250, discoverEveryMs: 60_000, codeCacheEveryMs: 300 },
      () => child.stdin.end(),
    );
    try {
      const info = monitor.jvms.find((j) => j.pid === java.pid);
      expect(info).toMatchObject({ pid: java.pid, user: 'root', uid: 0, mainClass: 'GrowingCache' });
      expect(info!.args).toBe(`java -cp ${classes.dir} GrowingCache`);
      const snapshots: JvmSnapshot[] = [];
      monitor.onSnapshot((s) => s.pid === java.pid && snapshots.push(s));
      const withCode = await until('a snapshot with the code cache', () => snapshots.find((s) => s.nonHeap?.codeCache));
      expect(withCode).toMatchObject({ host: 'local', status: 'ok', error: null, mainClass: 'GrowingCache' });
      expect(withCode.heap!.committed).toBeGreaterThan(0);
      expect(withCode.threads!.live).toBeGreaterThanOrEqual(5);
      expect(withCode.nonHeap!.codeCache!.used).toBeGreaterThan(0);
      expect(withCode.gc!.collectors.length).toBeGreaterThan(0);
      expect(processesWith('-name', String(java.pid))).toHaveLength(1);
    } finally {
      monitor.stop();
    }
    await exited;
    await until('the jstat to end', () => (processesWith('-name', String(java.pid)).length === 0 ? true : undefined));
  });
});
