/**
 * Bytes per host-sample of the remote collector, and what a sample costs on both ends.
 *   - this machine: the real script under sh, default session settings (processes every 5th
 *     sample, a df every 30th), paced at 0.5 s;
 *   - synthetic hosts of 2, 8 and 64 cores (synthetic /proc with busy, churning counters, many
 *     processes, long JVM command lines), to see how the size grows with the machine.
 * Payload = collector stdout + ticks. The SSH estimate adds one channel-data message per record
 * and per tick (≈ 40 bytes each with chacha20-poly1305 or AES-GCM: length, padding, MAC, header).
 * Run: npx vitest bench --run bench/collector-wire   (prints figures; asserts nothing)
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bench, describe } from 'vitest';
import { collectorScript } from '../src/collect/remote/collector-script.js';
import type { CollectorSample } from '../src/collect/remote/collector-session.js';
import { spawnLocalCollector, type LocalCollector } from '../src/collect/remote/local-collector.js';
import { parseCollectorRecord } from '../src/collect/remote/parse-collector-record.js';
import { descendantsOf } from '../test/lab/process-tree.js';
import { cpu, disk, net, writeHost, type HostState, type ProcessState } from '../test/collect/remote/synthetic-proc.js';

const SSH_OVERHEAD = 40;

interface Tally {
  plain: number[];
  processes: number[];
  filesystems: number[];
  ticks: number;
  largest: number;
  /** The first record with a process list (all of it in full), for the parse benchmark. */
  processRecord: string;
  /** CPU the collector used per sample (shell, awk and their children), start-up excluded. */
  cpuMs: number;
}

/** Measures `count` samples; `between` runs before each (pacing, or advancing a synthetic host). */
async function measure(collector: LocalCollector, count: number, between: (i: number) => Promise<void> | void): Promise<Tally> {
  const tally: Tally = { plain: [], processes: [], filesystems: [], ticks: 0, largest: 0, processRecord: '', cpuMs: 0 };
  const cpuBefore = collectorCpuSeconds(collector);
  let bytes = 0;
  let text = '';
  collector.child.stdout?.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    text += chunk.toString();
  });
  const stdin = collector.child.stdin;
  if (stdin) {
    const write = stdin.write.bind(stdin) as (chunk: string) => boolean;
    stdin.write = ((chunk: string) => {
      tally.ticks += Buffer.byteLength(chunk);
      return write(chunk);
    }) as typeof stdin.write;
  }
  for (let i = 0; i < count; i++) {
    await between(i);
    bytes = 0;
    text = '';
    const sample = (await collector.session.sample()) as CollectorSample;
    (sample.fresh.filesystems ? tally.filesystems : sample.fresh.processes ? tally.processes : tally.plain).push(bytes);
    tally.largest = Math.max(tally.largest, bytes);
    if (sample.fresh.processes && tally.processRecord === '') tally.processRecord = text;
  }
  tally.cpuMs = ((collectorCpuSeconds(collector) - cpuBefore) * 1000) / count;
  return tally;
}

const mean = (xs: number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);

function report(label: string, t: Tally, count: number): void {
  const all = [...t.plain, ...t.processes, ...t.filesystems];
  const payload = mean(all) + t.ticks / count;
  console.log(
    `${label.padEnd(30)} ${payload.toFixed(0).padStart(5)} B/sample payload, ~${(payload + 2 * SSH_OVERHEAD).toFixed(0)} with SSH framing` +
      ` | plain ${mean(t.plain).toFixed(0)}, with processes ${mean(t.processes).toFixed(0)}, with filesystems ${mean(t.filesystems).toFixed(0)}, largest ${t.largest}` +
      ` | collector CPU ${t.cpuMs.toFixed(1)} ms/sample`,
  );
}

/** CPU seconds used so far by the collector (shell, awk, and the children they reaped). */
function collectorCpuSeconds(collector: LocalCollector): number {
  return [collector.child.pid ?? 0, ...descendantsOf(collector.child.pid ?? 0)].reduce((sum, pid) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
      return sum + ((f[11] ?? 0) + (f[12] ?? 0) + (f[13] ?? 0) + (f[14] ?? 0)) / 100;
    } catch {
      return sum;
    }
  }, 0);
}

// ---- this machine ----
const local = await spawnLocalCollector();
const localCount = 40;
const localTally = await measure(local, localCount, (i) => (i === 0 ? undefined : new Promise((resolve) => setTimeout(resolve, 500))));
await local.close();
console.log(`collector script: ${collectorScript().length} bytes, sent once per connection`);
report(`this machine (${local.facts.cores} cores)`, localTally, localCount);

// ---- synthetic hosts ----
function randomHost(cores: number, random: () => number): HostState {
  const disks = Math.max(2, cores / 8);
  const procs = Math.min(1500, 100 + cores * 25);
  const classpath = Array.from({ length: 40 }, (_, i) => `/opt/app/lib/dependency-${i}-1.2.3.jar`).join(':');
  const processes: ProcessState[] = Array.from({ length: procs }, (_, i) => ({
    pid: 1000 + i,
    comm: i % 50 === 0 ? 'java' : `worker-${i % 7}`,
    state: 'S',
    utime: 0,
    stime: 0,
    threads: 1 + (i % 40),
    starttime: 1000 + i,
    rssPages: 1000 + Math.floor(random() * 200000),
    uid: i % 3,
    cmdline: i % 50 === 0 ? ['/usr/lib/jvm/java-17/bin/java', '-Xmx8g', '-XX:+UseG1GC', '-cp', classpath, `com.acme.Service${i}`, '--config', '/etc/acme/service.yaml'] : [`/usr/bin/worker-${i % 7}`, '--queue', `q${i}`, '--threads', '8'],
  }));
  return {
    hostname: `synthetic-${cores}`,
    kernel: '5.14.0-427.el9.x86_64',
    uptime: 100000,
    load: [1.5, 1.2, 1],
    cpus: Array.from({ length: cores }, () => cpu({ user: 100000, system: 20000, idle: 500000, iowait: 1000 })),
    meminfo: { MemTotal: cores * 4_000_000, MemFree: cores * 1_000_000, MemAvailable: cores * 2_500_000, Buffers: 100000, Cached: cores * 1_000_000, SReclaimable: 50000, SwapTotal: 8_000_000, SwapFree: 7_000_000 },
    disks: Array.from({ length: disks }, (_, i) => disk(`nvme${i}n1`, { reads: 1_000_000, writes: 2_000_000 })),
    wholeDisks: Array.from({ length: disks }, (_, i) => `nvme${i}n1`),
    nets: [net('lo', { rxBytes: 1e9, rxPackets: 1e6, txBytes: 1e9, txPackets: 1e6 }), ...Array.from({ length: 1 + Math.ceil(cores / 16) }, (_, i) => net(`ens${i}`, { rxBytes: 1e10, rxPackets: 1e7, txBytes: 1e10, txPackets: 1e7 }))],
    tcp: Array.from({ length: 20 + cores * 30 }, (_, i) => (i % 10 === 0 ? '0A' : i % 7 === 0 ? '06' : '01')),
    tcp6: Array.from({ length: 10 }, () => '01'),
    retransSegs: 1000,
    mounts: ['/dev/nvme0n1p2 / xfs rw 0 0', '/dev/nvme0n1p1 /boot xfs rw 0 0', '/dev/nvme1n1 /data xfs rw 0 0', 'tmpfs /dev/shm tmpfs rw 0 0', 'tmpfs /run tmpfs rw 0 0'],
    processes,
    passwd: ['root:x:0:0::/root:/bin/bash', 'acme:x:1:1::/home/acme:/bin/sh', 'batch:x:2:2::/home/batch:/bin/sh'],
    pageKb: 4,
  };
}

/** One second of a busy host: every counter moves, a few dozen processes burn CPU. */
function advance(s: HostState, random: () => number): void {
  s.uptime += 1;
  s.load = [Number((random() * 8).toFixed(2)), 1.2, 1];
  for (const c of s.cpus) {
    const busy = Math.floor(random() * 90);
    c.user += Math.floor(busy * 0.7);
    c.system += busy - Math.floor(busy * 0.7);
    c.iowait += Math.floor(random() * 3);
    c.idle += 100 - busy;
  }
  for (const d of s.disks) {
    const r = Math.floor(random() * 500);
    const w = Math.floor(random() * 2000);
    Object.assign(d, { reads: d.reads + r, sectorsRead: d.sectorsRead + r * 16, readMs: d.readMs + r, writes: d.writes + w, sectorsWritten: d.sectorsWritten + w * 64, writeMs: d.writeMs + w * 2, ioMs: d.ioMs + Math.floor(random() * 1000), weightedMs: d.weightedMs + Math.floor(random() * 5000) });
  }
  for (const n of s.nets) {
    const pk = Math.floor(random() * 20000);
    Object.assign(n, { rxBytes: n.rxBytes + pk * 700, rxPackets: n.rxPackets + pk, txBytes: n.txBytes + pk * 500, txPackets: n.txPackets + pk });
  }
  s.retransSegs += Math.floor(random() * 5);
  for (let k = 0; k < 30; k++) {
    const p = s.processes[Math.floor(random() * s.processes.length)];
    if (p) p.utime += Math.floor(random() * 100);
  }
}

function dfOutput(): string {
  return 'Filesystem 1024-blocks Used Available Capacity Mounted on\n/dev/nvme0n1p2 104806400 35000000 69806400 34% /\n/dev/nvme0n1p1 1038336 300000 738336 29% /boot\n/dev/nvme1n1 3750000000 1200000000 2550000000 33% /data\ntmpfs 32000000 1000 31999000 1% /dev/shm\ntmpfs 12800000 20000 12780000 1% /run\n';
}

const work = mkdtempSync(join(tmpdir(), 'perfmon-wire-'));
try {
  for (const cores of [2, 8, 64]) {
    let seed = cores;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const root = join(work, `host-${cores}`);
    const state = randomHost(cores, random);
    writeHost(root, state);
    const bin = join(work, `bin-${cores}`);
    mkdirSync(bin);
    writeFileSync(join(bin, 'df'), `#!/bin/sh\ncat <<'EOF'\n${dfOutput()}EOF\n`);
    chmodSync(join(bin, 'df'), 0o755);
    const collector = await spawnLocalCollector({ script: collectorScript({ root }), env: { ...process.env, PATH: `${bin}:${process.env['PATH']}` } });
    const count = 60;
    const tally = await measure(collector, count, () => {
      advance(state, random);
      writeHost(root, state);
    });
    await collector.close();
    report(`synthetic ${cores} cores, ${state.processes.length} procs`, tally, count);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

describe('parseCollectorRecord', () => {
  bench('a sample of this machine with its process list', () => {
    parseCollectorRecord(localTally.processRecord);
  });
});
