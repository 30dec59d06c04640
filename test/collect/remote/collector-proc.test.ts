/**
 * The real collector script under dash, bash and busybox sh, each with mawk, gawk and busybox
 * awk, against this machine's /proc as the test reads it.
 *
 * Counters are checked with nested windows: the test reads /proc before the tick that opens
 * the collector's window and after the record that closes it (an enclosing window), and after
 * the opening record and before the closing tick (an enclosed one). For a monotonic counter
 * the collector's delta lies between the two; the test makes loopback traffic, disk writes and
 * CPU load inside the enclosed window so the bounds are not vacuous.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, fsyncSync, openSync, realpathSync, statfsSync, writeSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { hostname, release, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CollectorSample } from '../../../src/collect/remote/collector-session.js';
import type { LocalCollector } from '../../../src/collect/remote/local-collector.js';
import { AWKS, SHELLS, ToolDirs, startCollector, type AwkName, type ShellName } from './collector-harness.js';
import {
  coreCount, descendantsNamed, loadavg, meminfoKb, mountType, processRssKb, processStat, readCounters, uptime, type ProcCounters,
} from './proc-reading.js';

const tools = new ToolDirs();
const children: ChildProcess[] = [];
const held: Socket[] = [];
let server: Server;
let serverPort = 0;
let spinner: ChildProcess;
let jvm: ChildProcess;

function started(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', reject);
  });
}

beforeAll(async () => {
  server = createServer((socket) => socket.on('data', () => undefined));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  serverPort = (server.address() as { port: number }).port;
  for (let i = 0; i < 4; i++) {
    const socket = connect(serverPort, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    held.push(socket);
  }
  spinner = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
  const classes = tools.dir('classes');
  execFileSync('javac', ['-d', classes, join(import.meta.dirname, '../../../fixtures/collector/OrderEngine.java')]);
  jvm = spawn('java', ['-Xmx32m', '-XX:-UsePerfData', '-cp', classes, 'com.example.orders.OrderEngine', '--port', '9000'], { stdio: 'ignore' });
  children.push(spinner, jvm);
  await Promise.all(children.map(started));
}, 60_000);

afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  for (const socket of held) socket.destroy();
  server?.close();
  tools.remove();
});

/** Loopback traffic, an fsync'd write and a quarter second of CPU, inside the enclosed window. */
async function activity(): Promise<void> {
  const socket = connect(serverPort, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  await new Promise<void>((resolve) => socket.end(Buffer.alloc(256 * 1024, 1), resolve));
  socket.destroy();
  const fd = openSync(join(tools.dir('io'), 'write.bin'), 'w');
  writeSync(fd, Buffer.alloc(2 * 1024 * 1024, 7));
  fsyncSync(fd);
  closeSync(fd);
  const until = Date.now() + 250;
  while (Date.now() < until) Math.sqrt(Math.random());
}

/** Asserts lo - tol ≤ value ≤ hi + tol, naming the figure. */
function within(what: string, value: number, lo: number, hi: number, tol: number): void {
  if (value < lo - tol || value > hi + tol) expect.fail(`${what}: ${value} is outside [${lo}, ${hi}] ± ${tol}`);
}

const delta = (a: ProcCounters['nets'], b: ProcCounters['nets'], key: string, i: number): number =>
  (b.get(key)?.[i] ?? 0) - (a.get(key)?.[i] ?? 0);

function checkCounters(s: CollectorSample, w: { A: ProcCounters; B: ProcCounters; C: ProcCounters; D: ProcCounters }): void {
  const t = s.interval;
  const { A, B, C, D } = w;
  for (const n of s.fields.network) {
    const fields: [string, number, number, number][] = [
      ['rx bytes', n.rxBytesPerSec * t, 0, 1 + t],
      ['tx bytes', n.txBytesPerSec * t, 8, 1 + t],
      ['rx packets', n.rxPacketsPerSec * t, 1, 0.05 * t + 0.5],
      ['tx packets', n.txPacketsPerSec * t, 9, 0.05 * t + 0.5],
      ['rx errors', n.rxErrors, 2, 0],
      ['tx drops', n.txDrops, 11, 0],
    ];
    for (const [what, value, i, tol] of fields) {
      within(`${n.iface} ${what}`, value, delta(C.nets, D.nets, n.iface, i), delta(A.nets, B.nets, n.iface, i), tol);
    }
  }
  expect(s.fields.network.find((n) => n.iface === 'lo')?.rxBytesPerSec ?? 0).toBeGreaterThan(0);
  for (const d of s.fields.disks) {
    const fields: [string, number, number, number][] = [
      ['reads', d.readIops * t, 0, 0.05 * t + 0.5],
      ['writes', d.writeIops * t, 4, 0.05 * t + 0.5],
      ['read bytes', d.readBytesPerSec * t / 512, 2, (1 + t) / 512],
      ['written bytes', d.writeBytesPerSec * t / 512, 6, (1 + t) / 512],
      ['io ms', (d.utilisation ?? 0) * t * 10, 9, 0.5 * t + 1],
      ['weighted ms', (d.queueLength ?? 0) * t * 1000, 10, 5 * t + 1],
    ];
    for (const [what, value, i, tol] of fields) {
      if (what === 'io ms' && d.utilisation === 100) continue; // capped
      within(`${d.device} ${what}`, value, delta(C.disks, D.disks, d.device, i), delta(A.disks, B.disks, d.device, i), tol);
    }
  }
  const cores = ['cpu', ...s.fields.cpu.perCore.map((_, i) => `cpu${i}`)];
  for (const [k, name] of cores.entries()) {
    const times = k === 0 ? s.fields.cpu : s.fields.cpu.perCore[k - 1];
    const enclosing = { busy: (B.cpu.get(name)?.busy ?? 0) - (A.cpu.get(name)?.busy ?? 0), total: (B.cpu.get(name)?.total ?? 0) - (A.cpu.get(name)?.total ?? 0) };
    const enclosed = { busy: (D.cpu.get(name)?.busy ?? 0) - (C.cpu.get(name)?.busy ?? 0), total: (D.cpu.get(name)?.total ?? 0) - (C.cpu.get(name)?.total ?? 0) };
    const tol = k === 0 ? 0.06 : 0.6;
    expect(Math.abs((times?.usage ?? -1) - ((times?.user ?? 0) + (times?.system ?? 0) + (times?.steal ?? 0)))).toBeLessThanOrEqual(tol * 3);
    if (enclosed.total > 0) {
      within(`${name} busy %`, times?.usage ?? -1, (100 * enclosed.busy) / enclosing.total, Math.min(100, (100 * enclosing.busy) / enclosed.total), tol);
    }
  }
}

function checkMemoryAndMore(s: CollectorSample, before: Snapshot, after: Snapshot): void {
  const m = s.fields.memory;
  expect(m.total).toBe((before.mem['MemTotal'] ?? 0) * 1024);
  expect(m.swapTotal).toBe((before.mem['SwapTotal'] ?? 0) * 1024);
  const slack = m.total * 0.02;
  const kb = (key: string) => [(before.mem[key] ?? 0) * 1024, (after.mem[key] ?? 0) * 1024] as const;
  within('MemAvailable', m.available, Math.min(...kb('MemAvailable')), Math.max(...kb('MemAvailable')), slack);
  within('MemFree', m.free, Math.min(...kb('MemFree')), Math.max(...kb('MemFree')), slack);
  within('Buffers', m.buffers, Math.min(...kb('Buffers')), Math.max(...kb('Buffers')), slack);
  expect(m.used).toBe(m.total - m.available);
  within('uptime', s.fields.uptime ?? -1, Math.floor(before.uptime), Math.floor(after.uptime), 0);
  expect([before.load.join(), after.load.join()]).toContain(s.fields.load.join());
  expect(s.fresh.tcp).toBe(true);
  expect(s.fields.tcp.established).toBeGreaterThanOrEqual(2 * held.length);
  expect(s.fields.tcp.listen).toBeGreaterThanOrEqual(1);
  expect(s.fields.tcp.retransmitsPerSec).not.toBeNull();
}

function checkProcesses(s: CollectorSample): void {
  expect(s.fresh.processes).toBe(true);
  const spin = s.fields.processes.find((p) => p.pid === spinner.pid);
  if (!spin) expect.fail(`the busy process ${spinner.pid} is not among ${s.fields.processes.map((p) => p.pid).join(' ')}`);
  const stat = processStat(spin.pid);
  expect(spin).toMatchObject({ user: userInfo().username, command: 'node', args: `${process.execPath} -e for (;;) {}`, threads: Number(stat[17]) });
  expect(spin.cpu).toBeGreaterThan(5);
  within('spinner rss kB', spin.rss / 1024, processRssKb(spin.pid) * 0.8, processRssKb(spin.pid) * 1.25, 0);
  expect(spin.memory).toBeCloseTo((spin.rss * 100) / s.fields.memory.total, 1);
  expect(s.fields.jvms).toContainEqual({ pid: jvm.pid, user: userInfo().username, mainClass: 'com.example.orders.OrderEngine' });
}

interface Snapshot {
  mem: Record<string, number>;
  uptime: number;
  load: [number, number, number];
}
const snapshot = (): Snapshot => ({ mem: meminfoKb(), uptime: uptime(), load: loadavg() });

/** The first sample with a filesystem list (the one df started with the collector). */
async function firstFilesystems(c: LocalCollector, seen: readonly (CollectorSample | null)[]): Promise<CollectorSample> {
  const found = seen.find((s) => s?.fresh.filesystems);
  if (found) return found;
  for (let i = 0; i < 100; i++) {
    const s = await c.session.sample();
    if (s?.fresh.filesystems) return s;
  }
  return expect.fail('no filesystem list in 100 samples');
}

/** The binary behind the collector's awk process (the matrix must not collapse to one awk). */
function awkBinary(c: LocalCollector): string | undefined {
  const [awk] = descendantsNamed(c.child.pid ?? 0, 'awk');
  return awk === undefined ? undefined : realpathSync(`/proc/${awk}/exe`);
}

const combos = Object.keys(SHELLS).flatMap((shell) => AWKS.map((awk) => [shell, awk] as [ShellName, AwkName]));

describe.each(combos)('the collector under %s with %s', (shell, awk) => {
  it('reports what /proc says', async () => {
    const c = await startCollector({ shell, awk, tools, processEvery: 1, tcpStatesEvery: 1, topProcesses: 40, filesystemEvery: 1000 });
    const stderr: string[] = [];
    c.session.onStderr((line) => stderr.push(line));
    try {
      expect(c.facts).toEqual({
        protocol: 1,
        clockTicks: Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })),
        pageSize: Number(execFileSync('getconf', ['PAGESIZE'], { encoding: 'utf8' })),
        cores: coreCount(),
        hostname: hostname(),
        kernel: release(),
      });
      const binary = execFileSync('sh', ['-c', `command -v ${awk.split(' ')[0]}`], { encoding: 'utf8' }).trim();
      expect(awkBinary(c)).toBe(realpathSync(binary));
      const A = readCounters();
      const first = await c.session.sample();
      const C = readCounters();
      await activity();
      const D = readCounters();
      const before = snapshot();
      const s = await c.session.sample();
      const B = readCounters();
      const after = snapshot();
      if (!s) return expect.fail('sample skipped');
      expect(s.fields.cpu.cores).toBe(coreCount());
      expect(s.fields.cpu.perCore).toHaveLength(coreCount());
      checkCounters(s, { A, B, C, D });
      checkMemoryAndMore(s, before, after);
      checkProcesses(s);

      const f = await firstFilesystems(c, [first, s]);
      const root = f.fields.filesystems.find((fs) => fs.mount === '/');
      if (!root) return expect.fail(`no / in ${f.fields.filesystems.map((fs) => fs.mount).join(' ')}`);
      const st = statfsSync('/');
      within('/ size', root.size, st.blocks * st.bsize, st.blocks * st.bsize, st.bsize);
      within('/ available', root.available, st.bavail * st.bsize, st.bavail * st.bsize, 256 * 1024 * 1024);
      expect(root.type).toBe(mountType('/'));
      expect(stderr).toEqual([]);
    } finally {
      await c.close();
    }
  });
});

describe('the first sample after the hello', () => {
  it('covers at least half a second, not the collector start-up alone (idle hosts read 100 % busy)', async () => {
    const c = await startCollector({ shell: 'dash', awk: 'mawk', tools });
    try {
      const started = Date.now();
      const first = await c.session.sample();
      expect(Date.now() - started).toBeGreaterThanOrEqual(400);
      expect(first?.interval).toBeGreaterThanOrEqual(0.45);
      // later samples are sent at once: the interval is the caller's
      const second = await c.session.sample();
      expect(second?.interval).toBeLessThan(0.45);
    } finally {
      await c.close();
    }
  });
});
