/**
 * JVM discovery and metrics over SSH from real JVMs on a lab host: one of the login user's
 * (GrowingCache, started through the connection) and one of another user's (runuser). The
 * figures must move as the JVM allocates and agree with what `jcmd GC.heap_info` says.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverJvms } from '../../src/collect/jvm/jvm-discovery.js';
import { JvmMonitor } from '../../src/collect/jvm/jvm-monitor.js';
import type { JvmProcessInfo, JvmSnapshot } from '../../src/model/jvm-reading.js';
import type { SshConnection } from '../../src/ssh/connection.js';
import { startDumpLab, stopDumpLab, type DumpLab } from '../diagnostics/capture/dump-lab.js';
import { allowSudo, startLocalJava, startRemoteJava, type JavaProcess } from '../diagnostics/capture/java-processes.js';
import type { Lab } from '../lab/lab.js';
import { descendantsOf } from '../lab/process-tree.js';

/** The owner of the JVMs the lab user does not own: this file's own (see startDumpLab). */
const OTHER_USER = 'perfmonjvm-watch';

const MiB = 1024 * 1024;

let env: DumpLab;
let lab: Lab;
let connection: SshConnection;
let classes: DumpLab['classes'];
let mine: JavaProcess;
let other: JavaProcess;
const monitors: JvmMonitor[] = [];

beforeAll(async () => {
  env = await startDumpLab(['GrowingCache'], { otherUser: OTHER_USER });
  ({ lab, connection, classes } = env);
  [mine, other] = await Promise.all([startRemoteJava(connection, classes.dir, 'GrowingCache'), startLocalJava(classes.dir, 'GrowingCache', { user: OTHER_USER })]);
});

afterAll(async () => {
  for (const monitor of monitors) monitor.stop();
  await stopDumpLab(env);
});

/** Resolves with the first value `listen` reports that `accept` takes (a snapshot, a JVM list). */
function first<T>(listen: (listener: (value: T) => void) => () => void, accept: (value: T) => boolean, what: string, timeoutMs = 30_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`no ${what} within ${timeoutMs / 1000}s`));
    }, timeoutMs);
    const stop = listen((value) => {
      if (!accept(value)) return;
      clearTimeout(timer);
      stop();
      resolve(value);
    });
  });
}

async function open(options: Partial<Parameters<typeof JvmMonitor.open>[1]> = {}): Promise<JvmMonitor> {
  const monitor = await JvmMonitor.open(connection, { host: 'lab-0', intervalMs: 500, discoverEveryMs: 1000, codeCacheEveryMs: 1000, ...options });
  monitors.push(monitor);
  return monitor;
}

/**
 * The jstat processes watching `pid` that this test's lab started (under its sshd daemons):
 * a recorder of another test file, on its own lab of this same machine, watches every JVM here.
 */
function jstatsFor(pid: number): number[] {
  const pidsDir = join(lab.dir, 'pids');
  const ours = new Set(readdirSync(pidsDir).flatMap((f) => descendantsOf(Number(readFileSync(join(pidsDir, f), 'utf8').trim())).map(String)));
  return readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e) && ours.has(e))
    .filter((e) => {
      try {
        const argv = readFileSync(`/proc/${e}/cmdline`, 'utf8').split('\0');
        // Through sudo, sudo's own command line holds the same words: count jstat itself.
        return argv[0] !== 'sudo' && argv.includes('-name') && argv.includes(String(pid));
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** `jcmd PID GC.heap_info` over SSH → G1's heap line (JDK 17: `garbage-first heap   total 262144K, used 30132K`). */
async function heapInfo(pid: number): Promise<{ committed: number; used: number }> {
  const { stdout } = await connection.execText(`jcmd ${pid} GC.heap_info`, { timeoutMs: 30_000 });
  const m = /garbage-first heap\s+total (?:reserved \d+K, committed )?(\d+)K, used (\d+)K/.exec(stdout);
  if (!m) throw new Error(`not G1's heap_info: ${stdout}`);
  return { committed: Number(m[1]) * 1024, used: Number(m[2]) * 1024 };
}

describe('JVM discovery over SSH', () => {
  it("finds every user's JVMs from /proc: pid, owner, main class, uptime", async () => {
    const { login, jvms } = await discoverJvms(connection);
    expect(login.user).toBe(lab.user);
    const byPid = new Map(jvms.map((j) => [j.pid, j]));
    expect(byPid.get(mine.pid)).toMatchObject({ user: lab.user, mainClass: 'GrowingCache', args: `java -cp ${classes.dir} GrowingCache` });
    expect(byPid.get(other.pid)).toMatchObject({ user: OTHER_USER, mainClass: 'GrowingCache' });
    for (const pid of [mine.pid, other.pid]) {
      expect(byPid.get(pid)!.uptimeSeconds).toBeGreaterThan(0);
      expect(byPid.get(pid)!.uptimeSeconds).toBeLessThan(600);
    }
  });
});

describe('JVM metrics over SSH', () => {
  it('heap and GC move as the JVM allocates, agree with jcmd GC.heap_info, and come with rates, threads and code cache', async () => {
    const monitor = await open();
    const seen: JvmSnapshot[] = [];
    monitor.onSnapshot((s) => s.pid === mine.pid && seen.push(s));
    const readings: JvmSnapshot[] = [];
    for (let round = 0; round < 3; round++) {
      await mine.grow(300_000);
      const after = Date.now();
      readings.push(await first(monitor.onSnapshot.bind(monitor), (s) => s.pid === mine.pid && s.status === 'ok' && Date.parse(s.time) > after, 'reading after growth'));
    }
    const used = readings.map((r) => r.heap!.used);
    expect(new Set(used).size).toBeGreaterThan(1);
    expect(readings[2]!.gc!.count).toBeGreaterThan(0);
    expect(readings[2]!.gc!.count).toBeGreaterThanOrEqual(readings[0]!.gc!.count);

    // The JVM is idle now: the next reading and heap_info describe the same heap.
    const idle = Date.now();
    const settled = await first(monitor.onSnapshot.bind(monitor), (s) => s.pid === mine.pid && s.status === 'ok' && Date.parse(s.time) > idle, 'a settled reading');
    const reference = await heapInfo(mine.pid);
    expect(Math.abs(settled.heap!.committed - reference.committed)).toBeLessThanOrEqual(reference.committed * 0.01);
    expect(Math.abs(settled.heap!.used - reference.used)).toBeLessThanOrEqual(Math.max(4 * MiB, reference.used * 0.1));
    expect(settled.heap!.max).toBeGreaterThan(settled.heap!.committed);

    expect(seen.some((s) => s.gc!.countPerSec !== null && s.gc!.timePercent !== null)).toBe(true);
    expect(settled.gc!.policy).toBe('GarbageFirst');
    expect(settled.threads!.live).toBeGreaterThanOrEqual(6);
    expect(settled.uptimeSeconds).toBeGreaterThan(0);
    // Read once at start by a jcmd (then every 2 min), which a loaded machine may not have answered yet.
    const withCode = seen.find((s) => s.nonHeap?.codeCache) ?? (await first(monitor.onSnapshot.bind(monitor), (s) => s.pid === mine.pid && s.nonHeap?.codeCache != null, 'the code cache'));
    expect(withCode.nonHeap!.codeCache!.used).toBeGreaterThan(0);
    expect(settled.nonHeap!.metaspace!.committed).toBeGreaterThan(0);
  }, 60_000);

  it("another user's JVM: unavailable with the reason, until jvm.sudoUser and a sudo rule let jstat run as its owner", async () => {
    const plain = await open();
    const refused = await first(plain.onSnapshot.bind(plain), (s) => s.pid === other.pid, "the other user's JVM");
    expect(refused).toMatchObject({ status: 'unavailable', user: OTHER_USER, heap: null });
    expect(refused.error).toContain(`JVM ${other.pid} belongs to user '${OTHER_USER}'`);
    expect(refused.error).toContain(`set jvm.sudoUser: ${OTHER_USER}`);
    plain.stop();

    const removeRule = await allowSudo(lab.user, OTHER_USER);
    try {
      const sudo = await open({ sudoUser: OTHER_USER });
      const reading = await first(sudo.onSnapshot.bind(sudo), (s) => s.pid === other.pid && s.status === 'ok', 'a reading through sudo');
      expect(reading.heap!.committed).toBeGreaterThan(0);
      // The login user's own JVM needs no sudo and still reads.
      await first(sudo.onSnapshot.bind(sudo), (s) => s.pid === mine.pid && s.status === 'ok', 'a reading of our own JVM');
      sudo.stop();
    } finally {
      await removeRule();
    }
  });

  it('a JVM that exits leaves the list at the next discovery; stop() leaves no jstat running on the host', async () => {
    const leaving = await startLocalJava(classes.dir, 'GrowingCache', { user: OTHER_USER });
    const removeRule = await allowSudo(lab.user, OTHER_USER);
    try {
      const monitor = await open({ sudoUser: OTHER_USER });
      await first(monitor.onSnapshot.bind(monitor), (s) => s.pid === leaving.pid && s.status === 'ok', 'a reading of the leaving JVM');
      expect(jstatsFor(leaving.pid)).toHaveLength(1);
      leaving.kill();
      await first<JvmProcessInfo[]>(monitor.onJvms.bind(monitor), (jvms) => !jvms.some((j) => j.pid === leaving.pid), 'a JVM list without it');
      expect(monitor.jvms.map((j) => j.pid)).toContain(mine.pid);
    } finally {
      for (const monitor of monitors) monitor.stop();
      await removeRule();
    }
    const deadline = Date.now() + 15_000;
    while ((jstatsFor(mine.pid).length > 0 || jstatsFor(other.pid).length > 0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect([...jstatsFor(mine.pid), ...jstatsFor(other.pid)]).toEqual([]);
  });
});
