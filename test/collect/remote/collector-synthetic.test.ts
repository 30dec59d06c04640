/**
 * The real collector script on a synthetic host whose counters the test advances by known
 * amounts: every figure must come out exact, under mawk, gawk and busybox awk alike (the raw
 * records must even be byte-identical). Covers what this machine cannot show on demand: disk
 * latency and queue, errors and drops, partitions, hotplugged pids, 64 KB pages, JVM launch
 * forms, hostile process names, duplicate and pseudo filesystems.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CollectorExitError } from '../../../src/collect/remote/collector-errors.js';
import type { CollectorSample } from '../../../src/collect/remote/collector-session.js';
import type { LocalCollector } from '../../../src/collect/remote/local-collector.js';
import { AWKS, ToolDirs, startCollector } from './collector-harness.js';
import { cpu, disk, exampleHost, net, syntheticProcess, writeHost, type HostState } from './synthetic-proc.js';

const tools = new ToolDirs();
afterAll(() => tools.remove());

const DF = `Filesystem     1024-blocks    Used Available Capacity Mounted on
/dev/sda1         41152812 8362784  30676488      22% /
/dev/nvme0n1p1   976284628 1000000 975284628       1% /data
tmpfs              8192000       0   8192000       0% /dev/shm
/dev/loop0           56320   56320         0     100% /snap/core/1
overlay           41152812 8362784  30676488      22% /var/lib/docker/overlay2/abc/merged
/dev/sdb1          1000000  500000    500000      50% /mnt/my disk
tmpfs              8192000     100   8191900       1% /dev/shm
tmpfs              1024000      12   1023988       1% /var/lib/kubelet/pods/0f3c/volumes/kubernetes.io~secret/token
tmpfs              1600000      40   1599960       1% /run/user/1000
`;

/** Two seconds later, with known increments. */
function state1(): HostState {
  const s = exampleHost();
  s.uptime += 2;
  s.load = [1.25, 0.5, 3];
  s.cpus = [
    cpu({ user: 1100, system: 30, irq: 10, softirq: 10, idle: 5040, iowait: 10 }), // 200 jiffies: 50/25/5, busy 75
    cpu({ user: 820, idle: 5370, steal: 10 }), // 200 jiffies: 10 user, 5 steal, busy 15
  ];
  s.disks = [
    disk('sda', { reads: 1200, sectorsRead: 13000, readMs: 300, writes: 110, sectorsWritten: 800, writeMs: 200, ioMs: 1000, weightedMs: 3000 }),
    disk('sda1', { reads: 1100, sectorsRead: 12000 }),
    disk('nvme0n1', { reads: 5 }),
    disk('nvme0n1p1', { reads: 5 }),
    disk('loop0', { reads: 90 }),
    disk('dm-0', { writes: 41, writeMs: 7, ioMs: 2500, inFlight: 3 }),
    disk('xvdb1', { reads: 17 }),
    disk('sr0'),
  ];
  s.nets = [
    net('lo', { rxBytes: 100, rxPackets: 1, txBytes: 100, txPackets: 1 }),
    net('eth0', { rxBytes: 7000, rxPackets: 53, rxErrors: 3, txBytes: 1000000, txPackets: 4000, txDrops: 2 }),
    net('ifb0'),
  ];
  s.retransSegs = 510;
  s.processes = s.processes.map((p) =>
    p.pid === 200 ? { ...p, utime: 5100, stime: 50 } : p.pid === 300 ? { ...p, utime: 20 } : p.pid === 301 ? { ...p, stime: 1, state: 'R' } : p,
  );
  return s;
}

const idle = { readIops: 0, writeIops: 0, readBytesPerSec: 0, writeBytesPerSec: 0, utilisation: 0, queueLength: 0, awaitMs: null };
const quiet = { rxBytesPerSec: 0, txBytesPerSec: 0, rxPacketsPerSec: 0, txPacketsPerSec: 0, rxErrors: 0, txErrors: 0, rxDrops: 0, txDrops: 0 };
const total = 16384000 * 1024;
const p = (pid: number, user: string, command: string, args: string, cpuPct: number, pages: number, state: string, threads: number) => ({
  pid, user, command, args, cpu: cpuPct, rss: pages * 65536, memory: Math.round((pages * 65536 * 1000) / total) / 10, state, threads,
});

const expected1 = {
  uptime: 1002,
  cpu: {
    usage: 45, user: 30, system: 12.5, iowait: 2.5, steal: 2.5, cores: 2,
    perCore: [{ usage: 75, user: 50, system: 25, iowait: 5, steal: 0 }, { usage: 15, user: 10, system: 0, iowait: 0, steal: 5 }],
  },
  load: [1.25, 0.5, 3],
  memory: { total, available: 10000000 * 1024, used: 6384000 * 1024, free: 4000000 * 1024, cached: 5300000 * 1024, buffers: 200000 * 1024, swapTotal: 2097148 * 1024, swapUsed: 1048574 * 1024 },
  disks: [
    { device: 'sda', readIops: 100, writeIops: 50, readBytesPerSec: 1024000, writeBytesPerSec: 204800, utilisation: 50, queueLength: 1.5, awaitMs: 1.67 },
    { device: 'nvme0n1', ...idle },
    { device: 'dm-0', ...idle, writeIops: 0.5, utilisation: 100, awaitMs: 7 },
    { device: 'xvdb1', ...idle, readIops: 5, awaitMs: 0 },
  ],
  filesystems: [
    { mount: '/', device: '/dev/sda1', type: 'ext4', size: 41152812 * 1024, used: 8362784 * 1024, available: 30676488 * 1024 },
    { mount: '/data', device: '/dev/nvme0n1p1', type: 'xfs', size: 976284628 * 1024, used: 1000000 * 1024, available: 975284628 * 1024 },
    { mount: '/dev/shm', device: 'tmpfs', type: 'tmpfs', size: 8192000 * 1024, used: 100 * 1024, available: 8191900 * 1024 },
    { mount: '/mnt/my disk', device: '/dev/sdb1', type: 'ext4', size: 1000000 * 1024, used: 500000 * 1024, available: 500000 * 1024 },
  ],
  network: [
    { iface: 'lo', ...quiet },
    { iface: 'eth0', rxBytesPerSec: 1000, txBytesPerSec: 500000, rxPacketsPerSec: 1.5, txPacketsPerSec: 2000, rxErrors: 3, txErrors: 0, rxDrops: 0, txDrops: 2 },
  ],
  tcp: { established: 3, synSent: 0, synRecv: 0, finWait1: 0, finWait2: 0, timeWait: 1, close: 0, closeWait: 1, lastAck: 0, listen: 2, closing: 1, retransmitsPerSec: 5 },
  processes: [
    p(200, 'orders', 'java', '/usr/lib/jvm/bin/java -Xmx4g -cp /opt/a.jar:/opt/b.jar -Dx=y com.acme.OrderEngine --port 9000', 75, 16384, 'S', 48),
    p(300, 'root', 'tmux: server', 'tmux new -s ops', 10, 100, 'S', 1),
    p(301, 'root', 'evil) R 1 (x', 'evil a b ?[31mred', 0.5, 50, 'R', 1),
    p(201, 'md', 'java', 'java -jar /opt/md/market-data.jar', 0, 8192, 'S', 30),
    p(400, 'root', 'jsvc', 'jsvc -user tomcat -pidfile /run/t.pid -cp x.jar org.apache.catalina.startup.Bootstrap start', 0, 4096, 'S', 20),
    p(1, 'root', 'systemd', '/sbin/init splash', 0, 200, 'S', 1),
    p(2, 'root', 'kthreadd', 'kthreadd', 0, 0, 'S', 1),
  ],
  jvms: [
    { pid: 200, user: 'orders', mainClass: 'com.acme.OrderEngine' },
    { pid: 201, user: 'md', mainClass: '/opt/md/market-data.jar' },
    { pid: 400, user: 'root', mainClass: 'org.apache.catalina.startup.Bootstrap' },
  ],
};

/** Samples (counters unchanged) until the df started with the collector has been reported. */
async function untilFilesystems(c: LocalCollector): Promise<void> {
  for (let i = 0; i < 100; i++) if ((await c.session.sample())?.fresh.filesystems) return;
  expect.fail('no filesystem list in 100 samples');
}

const records = new Map<string, string[]>();

describe.each(AWKS)('the collector on a synthetic host, with %s', (awk) => {
  it('computes exact figures, sends unchanged processes short and reused pids in full', async () => {
    const root = tools.dir(`root-${awk.replace(' ', '-')}`);
    writeHost(root, exampleHost());
    const c = await startCollector({ shell: 'dash', awk, tools, root, df: { output: DF }, processEvery: 1, tcpStatesEvery: 1, topProcesses: 7, filesystemEvery: 1000 });
    const out: string[] = [];
    c.child.stdout?.on('data', (chunk: Buffer) => out.push(chunk.toString()));
    try {
      expect(c.facts).toEqual({ protocol: 1, clockTicks: 100, pageSize: 65536, cores: 2, hostname: 'trade-db-7', kernel: '5.14.0-427.el9.x86_64' });
      await untilFilesystems(c);
      writeHost(root, state1());
      const s1 = (await c.session.sample()) as CollectorSample;
      expect(s1.interval).toBe(2);
      expect(s1.fields).toEqual(expected1);
      expect(s1.warnings).toEqual([]);
      const record1 = out.join('').split('B ').at(-1) ?? '';
      expect(record1).toMatch(/^p 200 75 1048576 S 48$/m); // short: sent in full by an earlier sample
      records.set(awk, [record1]);

      // two seconds on: pid 300 is a new process (started 10 s ago: 0.4 s of CPU is 4 %), sent in full
      const s2state = state1();
      s2state.uptime += 2;
      s2state.processes = s2state.processes.map((q) => (q.pid === 300 ? syntheticProcess({ pid: 300, comm: 'nginx', starttime: 99400, utime: 40, rssPages: 10, cmdline: ['nginx: worker process'] }) : q));
      writeHost(root, s2state);
      const s2 = (await c.session.sample()) as CollectorSample;
      expect(s2.fields.processes.find((q) => q.pid === 300)).toEqual(p(300, 'root', 'nginx', 'nginx: worker process', 4, 10, 'S', 1));
      expect(s2.fields.processes.find((q) => q.pid === 200)).toMatchObject({ cpu: 0, args: expected1.processes[0]?.args });
      expect(s2.fields.disks[0]).toEqual({ device: 'sda', ...idle });
      expect(s2.fields.filesystems).toEqual(expected1.filesystems); // carried over
      expect(s2.fresh).toEqual({ processes: true, filesystems: false, tcp: true });
      records.get(awk)?.push(out.join('').split('B ').at(-1) ?? '');
    } finally {
      await c.close();
    }
  });
});

describe.each(AWKS)('the collector on a synthetic host, with %s', (awk) => {
  it('sends short a process that left the top list and came back', async () => {
    const root = tools.dir(`return-${awk.replace(' ', '-')}`);
    const s = exampleHost();
    s.processes = [syntheticProcess({ pid: 10, comm: 'batch', rssPages: 10, cmdline: ['batch', '--nightly'] }), syntheticProcess({ pid: 11, comm: 'db', rssPages: 5000, cmdline: ['db', '-D', '/data'] })];
    writeHost(root, s);
    const c = await startCollector({ shell: 'dash', awk, tools, root, df: { output: DF }, processEvery: 1, topProcesses: 1, filesystemEvery: 1000 });
    const out: string[] = [];
    c.child.stdout?.on('data', (chunk: Buffer) => out.push(chunk.toString()));
    const lastRecord = () => out.join('').split('B ').at(-1) ?? '';
    const next = async (batchTicks: number) => {
      s.uptime += 1;
      const batch = s.processes[0];
      if (batch) batch.utime += batchTicks;
      writeHost(root, s);
      return (await c.session.sample()) as CollectorSample;
    };
    try {
      expect((await next(50)).fields.processes.map((q) => q.pid)).toEqual([10, 11]); // top CPU, top memory
      expect(lastRecord()).toMatch(/^p 10 50 640 S 1\troot\tbatch\tbatch --nightly$/m);
      expect((await next(0)).fields.processes.map((q) => q.pid)).toEqual([11]);
      const back = await next(30);
      expect(lastRecord()).toMatch(/^p 10 30 640 S 1$/m);
      expect(back.fields.processes[0]).toMatchObject({ pid: 10, cpu: 30, args: 'batch --nightly' });
    } finally {
      await c.close();
    }
  });
});

describe.each(AWKS)('the collector on a synthetic host, with %s', (awk) => {
  it('reports the storage I/O of a process running or in disk wait, and keeps a writer that uses no CPU in the list', async () => {
    const root = tools.dir(`io-${awk.replace(' ', '-')}`);
    const s = exampleHost();
    const writer = syntheticProcess({ pid: 20, comm: 'dd', state: 'D', rssPages: 1, cmdline: ['dd', 'of=/data/x'], io: { read: 0, write: 1_000_000 } });
    const busy = syntheticProcess({ pid: 21, comm: 'burn', state: 'R', rssPages: 5000, cmdline: ['burn'], io: { read: 0, write: 0 } });
    const asleep = syntheticProcess({ pid: 22, comm: 'idle', rssPages: 2, cmdline: ['idle'], io: { read: 5_000_000, write: 0 } });
    s.processes = [writer, busy, asleep];
    writeHost(root, s);
    const c = await startCollector({ shell: 'dash', awk, tools, root, df: { output: DF }, processEvery: 1, topProcesses: 1, filesystemEvery: 1000 });
    const next = async (seconds: number) => {
      s.uptime += seconds;
      busy.utime += 100 * seconds;
      writer.io!.write += 4_194_304 * seconds; // 4 MiB/s
      asleep.io!.read += 1_000_000; // not running nor waiting: its io is not read
      writeHost(root, s);
      return (await c.session.sample()) as CollectorSample;
    };
    try {
      await next(1); // the first reading of each io file has nothing to compare with
      const { processes } = (await next(2)).fields;
      // top 1 by CPU (burn, also the largest), and the top writer though it uses no CPU
      expect(processes.map((q) => [q.pid, q.ioBytesPerSec])).toEqual([[21, 0], [20, 4_194_304]]);
    } finally {
      await c.close();
    }
  });
});

describe('the collector whose awk dies', () => {
  it('ends at once with awk\'s message instead of leaving the sample unanswered', async () => {
    // mawk makes a read error fatal; a directory where a process's stat should be gives one,
    // as a process reaped between open and read does on a real host (ESRCH).
    const root = tools.dir('awk-dies');
    writeHost(root, exampleHost());
    mkdirSync(join(root, 'proc/4242/stat'), { recursive: true });
    const run = async (): Promise<void> => {
      const c = await startCollector({ shell: 'dash', awk: 'mawk', tools, root, df: { output: DF }, processEvery: 1, timeoutMs: 20_000 });
      try {
        for (let i = 0; i < 3; i++) await c.session.sample();
      } finally {
        await c.close();
      }
    };
    const error: unknown = await run().then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(CollectorExitError);
    expect((error as CollectorExitError).message).toMatch(/read error/);
  });
});

describe('the synthetic host records', () => {
  it('are byte-identical under every awk', () => {
    // the sequence numbers depend on how soon the first df was in; the rest must not differ
    const [first, ...rest] = [...records.values()].map((rs) => rs.map((r) => r.replace(/^\d+\n/, '').replace(/^E \d+ /m, 'E ')));
    expect(first).toHaveLength(2);
    for (const other of rest) expect(other).toEqual(first);
  });
});
