/**
 * The JVM watcher behind the Dumps pane and the Overview's JVM section, on a real lab host and
 * the fleet's real connection: a JVM of the lab's login user (started outside sshd, so that
 * killing the host's sshd leaves it running) gets figures; when the host's sshd dies the JVM's
 * readings say the monitor's channel closed; when it comes back the watcher opens a new monitor
 * on the new connection and the figures return; a JVM started later is picked up as soon as
 * the host's process list shows it; stopping leaves no jstat behind.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JvmSnapshot } from '../../src/model/jvm-reading.js';
import { resolveFleetHosts } from '../../src/fleet/fleet-host.js';
import { FleetMonitor } from '../../src/fleet/fleet-monitor.js';
import { JvmWatcher } from '../../src/fleet/jvm-watcher.js';
import { MetricStore, type StoreState } from '../../src/model/store.js';
import { startDumpLab, stopDumpLab, type DumpLab } from '../diagnostics/capture/dump-lab.js';
import { startLocalJava } from '../diagnostics/capture/java-processes.js';
import { labInventory } from '../fleet/fleet-fixture.js';

let env: DumpLab;

beforeAll(async () => {
  env = await startDumpLab(['GrowingCache']);
});
afterAll(() => stopDumpLab(env));

/** Resolves with the store's state once `test` holds (checked on every change). */
function waitFor(store: MetricStore, test: (s: StoreState) => boolean, what: string, ms = 60_000): Promise<StoreState> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!test(store.getState())) return;
      clearTimeout(timer);
      stop();
      resolve(store.getState());
    };
    // A guard against a hang, not a timing assertion.
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`never saw ${what}: ${JSON.stringify(store.getState().platform.jvms)}`));
    }, ms);
    const stop = store.subscribe(check);
    check();
  });
}

const reading = (s: StoreState, pid: number): JvmSnapshot | undefined => s.platform.jvms?.find((r) => r.host === 'lab-0')?.jvms.find((j) => j.pid === pid);

function procText(pid: string, file: string): string {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return ''; // exited meanwhile
  }
}

/** Whether a process descends from this lab's sshd (other tests' perfmons watch this machine's JVMs too). */
function underLab(pid: string, labDir: string): boolean {
  for (let at = pid, hops = 0; at !== '0' && at !== '' && hops < 64; hops++) {
    if (procText(at, 'cmdline').includes(labDir)) return true;
    // The parent is the 4th field of stat, after the command in parentheses.
    at = procText(at, 'stat').replace(/^.*\) \S+ /, '').split(' ')[0] ?? '';
  }
  return false;
}

/** jstat processes aimed at `pid` started through this lab's sshd (the lab host is this machine). */
function jstatsFor(pid: number, labDir: string): number {
  let found = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const argv = procText(entry, 'cmdline').split('\0');
    if (argv.some((a) => a.endsWith('jstat') || a.includes('sun.tools.jstat')) && argv.includes(String(pid)) && underLab(entry, labDir)) found += 1;
  }
  return found;
}

describe('the JVM watcher on the fleet', () => {
  it('reads a JVM on the host’s connection, follows the host down and back up with a new monitor, picks up a new JVM, and stops clean', async () => {
    const { lab } = env;
    const java = await startLocalJava(env.classes.dir, 'GrowingCache', { user: lab.user });
    const store = new MetricStore();
    const fleet = new FleetMonitor(resolveFleetHosts(labInventory(lab), { home: lab.home }), store, { intervalMs: 500, connect: { env: lab.env }, backoff: { baseMs: 200, maxMs: 1500 } });
    // Discovery rounds only every 10 min: a JVM found sooner was found through the host's process list.
    const watcher = new JvmWatcher([{ name: 'lab-0', jvm: {} }], fleet, store, { intervalMs: 500, checkEveryMs: 200, backoff: { baseMs: 200, maxMs: 1000 }, monitor: { discoverEveryMs: 600_000 } });
    fleet.start();
    watcher.start();
    try {
      // Nothing runs on a host until somebody looks at its JVMs.
      await waitFor(store, (s) => s.hosts[0]?.snapshot?.jvms.some((j) => j.pid === java.pid) ?? false, 'the JVM in the host reading');
      await new Promise((r) => setTimeout(r, 600));
      expect(jstatsFor(java.pid, lab.dir)).toBe(0);
      watcher.want('lab-0');
      const first = await waitFor(store, (s) => reading(s, java.pid)?.status === 'ok', 'figures of the JVM');
      const figures = reading(first, java.pid)!;
      expect(figures).toMatchObject({ host: 'lab-0', user: lab.user, mainClass: 'GrowingCache', error: null });
      expect(figures.heap!.committed).toBeGreaterThan(0);
      expect(figures.threads!.live).toBeGreaterThan(0);
      expect(jstatsFor(java.pid, lab.dir)).toBe(1);
      const connection = fleet.connection('lab-0');
      expect(connection).not.toBeNull();

      await lab.killHost(0);
      const down = await waitFor(store, (s) => reading(s, java.pid)?.status === 'unavailable', 'the JVM without figures once the host is gone');
      expect(reading(down, java.pid)!.error).toContain("lab-0: the JVM monitor's channel closed");

      await lab.restartHost(0);
      const back = await waitFor(store, (s) => reading(s, java.pid)?.status === 'ok', 'figures again after the reconnect');
      expect(fleet.connection('lab-0')).not.toBe(connection);
      expect(back.platform.jvms![0]!.error).toBeNull();

      const later = await startLocalJava(env.classes.dir, 'GrowingCache', { user: lab.user });
      await waitFor(store, (s) => reading(s, later.pid)?.status === 'ok', 'the JVM started later');
      later.kill();
      await waitFor(store, (s) => reading(s, later.pid) === undefined, 'the exited JVM gone from the readings');
    } finally {
      watcher.stop();
      fleet.stop();
    }
    // The monitor's script ends its process group when its channel closes.
    await new Promise<void>((resolve) => {
      const check = () => (jstatsFor(java.pid, lab.dir) === 0 ? resolve() : setTimeout(check, 100));
      check();
    });
    expect(jstatsFor(java.pid, lab.dir)).toBe(0);
    java.kill();
  }, 180_000);
});
