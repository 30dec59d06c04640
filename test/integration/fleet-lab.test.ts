import { chmodSync, mkdtempSync, readFileSync, readlinkSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveFleetHosts } from '../../src/fleet/fleet-host.js';
import { FleetMonitor } from '../../src/fleet/fleet-monitor.js';
import { MetricStore, type HostState } from '../../src/model/store.js';
import { startLab, type Lab } from '../lab/lab.js';
import { labInventory } from '../fleet/fleet-fixture.js';

const INTERVAL_MS = 500;

/** Resolves when `test` holds for the store's state (checked on every change); rejects after `ms`. */
function waitForStore(store: MetricStore, test: (hosts: readonly HostState[]) => boolean, ms: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!test(store.getState().hosts)) return false;
      clearTimeout(timer);
      unsubscribe();
      resolve();
      return true;
    };
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`${what} did not happen within ${ms} ms: ${JSON.stringify(store.getState().hosts.map((h) => [h.name, h.status, h.error]))}`));
    }, ms);
    const unsubscribe = store.subscribe(check);
    check();
  });
}

const host = (hosts: readonly HostState[], name: string) => hosts.find((h) => h.name === name);

function fleetOf(lab: Lab, store: MetricStore, options: { knownHostsFile?: string } = {}) {
  const hosts = resolveFleetHosts(labInventory(lab), { home: lab.home }).map((h) =>
    options.knownHostsFile && h.ssh ? { ...h, ssh: { ...h.ssh, userKnownHostsFiles: [options.knownHostsFile] } } : h,
  );
  return new FleetMonitor(hosts, store, { intervalMs: INTERVAL_MS, connect: { env: lab.env }, backoff: { baseMs: 200, maxMs: 1500 } });
}

describe('fleet over SSH against the lab', () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await startLab({ hosts: 3 });
  });
  afterAll(() => lab?.stop());

  it('collects from three hosts values that match /proc, and turns a killed host DOWN then UP again', async () => {
    const store = new MetricStore();
    const fleet = fleetOf(lab, store);
    fleet.start();
    try {
      await waitForStore(store, (hosts) => hosts.length === 3 && hosts.every((h) => h.status === 'up' && h.series.cpu.length >= 2), 30_000, 'three hosts up');
      // The lab's hosts are this machine: what they report must be what /proc says here.
      const cores = readFileSync('/proc/stat', 'utf8').split('\n').filter((l) => /^cpu\d+ /.test(l)).length;
      const memTotal = Number(/^MemTotal:\s+(\d+)/m.exec(readFileSync('/proc/meminfo', 'utf8'))![1]) * 1024;
      for (const h of store.getState().hosts) {
        expect(h.snapshot!.cpu.cores, h.name).toBe(cores);
        expect(h.snapshot!.memory.total, h.name).toBe(memTotal);
        expect(h.snapshot!.name).toBe(h.name);
        expect(h.snapshot!.uptime).toBeGreaterThan(0);
      }
      expect(fleet.connection('lab-1')?.closed).toBe(false);

      // sshd and its sessions killed mid-session: DOWN within two intervals, with the reason.
      const killedAt = Date.now();
      await lab.killHost(1);
      await waitForStore(store, (hosts) => host(hosts, 'lab-1')?.status === 'down', 2 * INTERVAL_MS + 1000, 'lab-1 down');
      expect(Date.now() - killedAt).toBeLessThan(2 * INTERVAL_MS + 1000);
      expect(host(store.getState().hosts, 'lab-1')!.error).toMatch(/closed|refused|collector/);
      expect(host(store.getState().hosts, 'lab-0')!.status).toBe('up');
      expect(fleet.connection('lab-1')).toBeNull();

      // While it is down, the others go on sampling.
      const before = host(store.getState().hosts, 'lab-0')!.series.cpu.length;
      await waitForStore(store, (hosts) => host(hosts, 'lab-0')!.series.cpu.length >= before + 2, 10_000, 'lab-0 keeps sampling');

      await lab.restartHost(1);
      await waitForStore(store, (hosts) => host(hosts, 'lab-1')?.status === 'up', 20_000, 'lab-1 back up');
    } finally {
      fleet.stop();
    }
  });

  it('turns a hung host (frozen sshd) DOWN when the collector stops answering', async () => {
    const store = new MetricStore();
    const fleet = fleetOf(lab, store);
    fleet.start();
    try {
      await waitForStore(store, (hosts) => host(hosts, 'lab-2')?.status === 'up', 30_000, 'lab-2 up');
      lab.freezeHost(2);
      await waitForStore(store, (hosts) => host(hosts, 'lab-2')?.status === 'down', 2 * INTERVAL_MS + 3000, 'lab-2 down');
      expect(host(store.getState().hosts, 'lab-2')!.error).toMatch(/no answer from the collector/);
    } finally {
      lab.thawHost(2);
      fleet.stop();
    }
  });

  it('refuses a host whose key is not known, naming its fingerprint', async () => {
    const empty = join(mkdtempSync(join(tmpdir(), 'perfmon-kh-')), 'known_hosts');
    writeFileSync(empty, '');
    const store = new MetricStore();
    const fleet = fleetOf(lab, store, { knownHostsFile: empty });
    fleet.start();
    try {
      await waitForStore(store, (hosts) => hosts.length === 3 && hosts.every((h) => h.status === 'down'), 20_000, 'all refused');
      for (const h of store.getState().hosts) {
        expect(h.error).toMatch(/^host-key-unknown: /);
        expect(h.error).toMatch(/SHA256:[A-Za-z0-9+/]{43}/);
      }
      expect(readFileSync(empty, 'utf8')).toBe('');
    } finally {
      fleet.stop();
    }
  });
});

describe('the collector under busybox sh, over SSH', () => {
  let lab: Lab;
  let bin: string;
  beforeAll(async () => {
    // The lab user's `sh` is busybox: sshd puts a directory holding sh → busybox first on PATH.
    bin = mkdtempSync(join(tmpdir(), 'perfmon-busybox-'));
    chmodSync(bin, 0o755); // the lab user must be able to search it
    for (const tool of ['sh', 'awk', 'df']) symlinkSync('/bin/busybox', join(bin, tool));
    lab = await startLab({ hosts: 1, sshdConfig: [`SetEnv PATH=${bin}:/usr/bin:/bin`] });
  });
  afterAll(() => lab?.stop());

  it('runs the collector under busybox and reads the host', async () => {
    const store = new MetricStore();
    const fleet = fleetOf(lab, store);
    fleet.start();
    try {
      await waitForStore(store, (hosts) => hosts[0]?.status === 'up' && hosts[0].series.cpu.length >= 2, 30_000, 'busybox host up');
      expect(store.getState().hosts[0]!.snapshot!.memory.total).toBeGreaterThan(0);
      // Proof it really is busybox: a process of the lab user runs /bin/busybox (as sh).
      const busybox = readdirSync('/proc')
        .filter((p) => /^\d+$/.test(p))
        .filter((p) => {
          try {
            return readlinkSync(`/proc/${p}/exe`).endsWith('busybox') && statSync(`/proc/${p}`).uid !== 0;
          } catch {
            return false;
          }
        });
      expect(busybox.length).toBeGreaterThan(0);
    } finally {
      fleet.stop();
    }
  });
});

describe('hosts reached only through a ProxyJump bastion', () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await startLab({ hosts: 2, bastion: true });
  });
  afterAll(() => lab?.stop());

  it('watches hosts behind the bastion through it', async () => {
    const store = new MetricStore();
    const fleet = fleetOf(lab, store);
    fleet.start();
    try {
      await waitForStore(store, (hosts) => hosts.length === 2 && hosts.every((h) => h.status === 'up'), 30_000, 'hosts behind the bastion up');
      expect(lab.hosts.every((h) => !h.direct)).toBe(true);
    } finally {
      fleet.stop();
    }
  });
});
