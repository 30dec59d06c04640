/**
 * perfmon bottlenecks on a real lab with the real recorder: one planted bottleneck at a time —
 * a CPU burner, a slow queue consumer (RabbitMQ, a real AMQP publisher and consumer), a disk
 * writer, a JVM thrashing in GC, a PostgreSQL session holding a row lock others wait for — must be the first finding, with the right culprit, read through the real bin.
 *
 * The machine is shared (2 cores, other agents' builds and tests): what a baseline window
 * recorded before anything is planted already shows saturated (the CPU, usually) is set aside,
 * unless it is the resource planted. The lab hosts are loopback daemons on this one machine, so
 * every host sees the same /proc: a finding names both hosts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chownSync, copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BottleneckReport, Finding } from '../../src/analysis/bottlenecks/finding.js';
import { HistoryReader } from '../../src/history/history-reader.js';
import { startLab, type Lab } from '../lab/lab.js';
import { ensureLabUser } from '../lab/lab-user.js';
import { passwdEntry, startAmqpPair, startRabbitMq, type AmqpPair, type RabbitMq } from '../lab/rabbitmq.js';
import { RecorderProcess } from '../lab/recorder-process.js';
import { startPostgres, type PgSession, type Postgres } from '../lab/postgres.js';
import { runPerfmon } from '../support-bin.js';
import { compileForLab, startLocalJava } from '../diagnostics/capture/java-processes.js';

/** Each scenario's window: long enough for "most of the window", short enough for a test. */
const WINDOW_S = 20;

let lab: Lab;
let broker: RabbitMq;
let pg: Postgres;
let pair: AmqpPair;
let recorder: RecorderProcess;
let inventory: string;
let store: string;
let baseline: Set<string>;
const planted: ChildProcess[] = [];

/** Resolves once the recorder has stored `seconds` of lab-0's readings after `since`. */
async function recorded(since: number, seconds: number): Promise<number> {
  const until = since + seconds * 1000;
  for (;;) {
    const reader = await HistoryReader.open(store);
    try {
      const newest = reader.query({ name: 'cpu_usage', labels: { host: 'lab-0' } }, since, Date.now() + 1000, 1000)[0]?.buckets.at(-1)?.t ?? 0;
      if (newest >= until) return newest + 1000;
    } finally {
      reader.close();
    }
    await sleep(500);
  }
}

async function bottlenecks(at: number): Promise<BottleneckReport> {
  const run = await runPerfmon(['bottlenecks', '--config', inventory, '--window', `${WINDOW_S}s`, '--at', new Date(at).toISOString(), '--json'], lab.env);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as BottleneckReport;
}

/**
 * What a finding is about, host by host, whatever its severity and however hosts were grouped
 * (hosts whose top culprits differ make separate findings): the baseline's are set aside by it.
 */
const subjects = (f: Finding) => f.hosts.map((h) => `${f.resource}@${h}`);

/** The JVMs this test started: other agents' lab JVMs run as the same lab user, and come and go. */
const ownJvms = new Set<number>();
const othersJvm = (f: Finding) => f.culprits.length > 0 && f.culprits.every((c) => c.kind === 'jvm' && !ownJvms.has(c.pid ?? -1));

/** The first finding that is either about the planted resource(s) or new since the baseline (and not about another's JVM). */
function firstFinding(report: BottleneckReport, ...resources: Finding['resource'][]): Finding {
  const first = report.findings.find((f) => (resources.includes(f.resource) && !othersJvm(f)) || (subjects(f).some((k) => !baseline.has(k)) && !othersJvm(f)));
  if (!first) expect.fail(`no finding; the report:\n${JSON.stringify(report.findings.map((f) => [f.id, f.severity, f.score]))}`);
  return first;
}

const describeFindings = (report: BottleneckReport) => report.findings.map((f) => `${f.id} ${f.severity} ${f.score} culprits ${f.culprits.map((c) => c.name).join(',')}`).join('\n');

/** A copy of `binary` named `name`, so the collector sees that command. */
function renamed(binary: string, name: string): string {
  const copy = join(lab.dir, name);
  copyFileSync(binary, copy);
  return copy;
}

function plant(command: readonly string[], ids: { uid: number; gid: number } | null = null): ChildProcess {
  // Its own process group, so the whole of it (a loop and what it runs) stops at once.
  const child = spawn(command[0]!, command.slice(1), { stdio: 'ignore', detached: true, ...(ids ?? {}) });
  planted.push(child);
  return child;
}

function unplant(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    // already gone
  }
}

describe('perfmon bottlenecks on a lab with one planted bottleneck at a time', () => {
  beforeAll(async () => {
    const labUser = await ensureLabUser();
    [lab, broker, pg] = await Promise.all([startLab({ hosts: 2 }), startRabbitMq({ labUser }), startPostgres()]);
    pair = await startAmqpPair(broker.amqpPort, 'orders.in');
    await pg.sql('create database trading');
    await pg.sql('create table orders(id int primary key, qty int); insert into orders select g, g from generate_series(1, 100) g', 'trading');
    inventory = join(lab.dir, 'perfmon.yaml');
    store = join(lab.dir, 'history');
    writeFileSync(
      inventory,
      [
        'interval: 0.5',
        'history: {path: history}',
        'hosts:',
        ...lab.hosts.map((h) => `  - { name: ${h.name}, address: ${h.name} }`),
        'components:',
        '  - name: broker',
        '    role: broker',
        '    hosts: [lab-0]',
        `    queues: [{type: rabbitmq, endpoint: "127.0.0.1:${broker.prometheusPort}/metrics/per-object", limit: 1000000}]`,
        '  - name: engine',
        '    role: order-engine',
        '    hosts: [lab-1]',
        '    dependsOn: [broker, db]',
        '  - name: db',
        '    role: database',
        '    hosts: [lab-1]',
        `    database: {type: postgres, host: 127.0.0.1, port: ${pg.port}, database: trading}`,
        '',
      ].join('\n'),
    );
    recorder = new RecorderProcess(lab, ['--config', inventory]);
    await recorder.logged('lab-0 up');
    await recorder.logged('lab-1 up');
    const start = Date.now();
    baseline = new Set((await bottlenecks(await recorded(start, WINDOW_S))).findings.flatMap(subjects));
  }, 180_000);

  afterAll(async () => {
    planted.forEach(unplant);
    recorder?.signal('SIGTERM');
    await recorder?.exited;
    pair?.stop();
    await Promise.all([broker?.stop(), pg?.stop(), lab?.stop()]);
  });

  it('a CPU burner: CPU saturated first, the burner the top culprit', async () => {
    // A busy loop per core (one alone is half of a quiet 2-core host: not saturated), in its own
    // session, so its own scheduling group (autogroup), weighted as nice -10: the machine's
    // other work would otherwise leave the loops a sliver of the cores.
    const loops = `i=0; while [ $i -lt ${cpus().length} ]; do (while :; do :; done) & i=$((i+1)); done; wait`;
    const burner = plant([renamed('/bin/dash', 'cpu-burner'), '-c', loops]);
    writeFileSync(`/proc/${burner.pid}/autogroup`, '-10');
    const report = await bottlenecks(await recorded(Date.now(), WINDOW_S));
    unplant(burner);
    const first = firstFinding(report, 'cpu');
    expect(first.resource, describeFindings(report)).toBe('cpu');
    expect(first.hosts).toEqual(['lab-0', 'lab-1']);
    expect(first.culprits[0], describeFindings(report)).toMatchObject({ kind: 'process', name: 'cpu-burner' });
    expect(first.evidence[0]).toMatchObject({ series: 'cpu_usage{host="lab-0"}', unit: '%', threshold: 80 });
    expect(first.evidence[0]!.shareAbove).toBeGreaterThanOrEqual(0.5);
    expect(first.components).toEqual(['broker', 'engine', 'db']);
    expect(first.actions.map((a) => a.key)).toContain('4 c');
  }, 120_000);

  it('a slow consumer: the queue backlog first, the queue the culprit, its dependants affected', async () => {
    await pair.setRates(60, 5);
    try {
      const report = await bottlenecks(await recorded(Date.now(), WINDOW_S));
      const first = firstFinding(report, 'queue-backlog');
      expect(first.resource, describeFindings(report)).toBe('queue-backlog');
      expect(first.id).toBe('queue-backlog:broker/orders.in');
      expect(first.culprits[0]).toMatchObject({ kind: 'queue', name: 'orders.in' });
      expect(first.components).toEqual(['broker']);
      expect(first.affects).toEqual(['engine']); // the engine depends on the broker
      expect(first.evidence[0]!.series).toContain('queue_depth{');
      expect(first.actions.map((a) => a.command)).toContain('perfmon queues --json');
    } finally {
      await pair.setRates(0, 500); // drain it: a falling queue is no backlog
    }
  }, 120_000);

  it('a disk writer: the disk saturated first, the writer the top culprit though it uses little CPU', async () => {
    // As the lab's login user: the collector reads the I/O of its own user's processes.
    const { uid, gid } = passwdEntry(lab.user);
    const dir = join(lab.dir, 'disk-writer-data');
    mkdirSync(dir);
    chownSync(dir, uid, gid);
    // 256 MiB into the page cache, then fsync: the flush queues many requests at once; again and again, one process.
    const script = ['import os, sys', 'fd = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT, 0o644)', "block = b'\\0' * (1 << 20)", 'while True:', '    os.lseek(fd, 0, 0)', '    for _ in range(256): os.write(fd, block)', '    os.fsync(fd)'].join('\n');
    const writer = plant([renamed('/usr/bin/python3', 'disk-writer'), '-c', script, join(dir, 'fill')], { uid, gid });
    const report = await bottlenecks(await recorded(Date.now(), WINDOW_S));
    unplant(writer);
    const first = firstFinding(report, 'disk');
    expect(first.resource, describeFindings(report)).toBe('disk');
    expect(first.culprits[0], describeFindings(report)).toMatchObject({ kind: 'process', name: 'disk-writer' });
    expect(first.evidence.map((e) => e.series).join(' ')).toContain('disk_queue_length{');
  }, 120_000);

  it('a JVM thrashing in GC: its GC time or its full heap first, the JVM the culprit, a heap dump offered', async () => {
    const classes = await compileForLab(['GcThrash']);
    // As the lab's login user, whose JVMs the recorder's JVM watcher reads; 64 MB, 85 % of it live.
    const java = await startLocalJava(classes.dir, 'GcThrash', { user: lab.user, javaArgs: ['-Xmx64m', '-XX:+UseSerialGC'] });
    ownJvms.add(java.pid);
    try {
      const report = await bottlenecks(await recorded(Date.now(), WINDOW_S));
      const first = firstFinding(report, 'jvm-gc', 'jvm-heap');
      expect(['jvm-gc', 'jvm-heap'], describeFindings(report)).toContain(first.resource);
      expect(first.culprits[0]).toMatchObject({ kind: 'jvm', name: 'GcThrash', pid: java.pid });
      expect(first.actions.map((a) => a.command)).toContain(`perfmon dump heap ${first.hosts[0]} --pid ${java.pid}`);
    } finally {
      java.kill();
      await classes.remove();
    }
  }, 120_000);

  it('a PostgreSQL lock holder: lock waits first, the holding session the culprit, the engine that depends on the database affected', async () => {
    const sessions: PgSession[] = [await pg.session('trading'), await pg.session('trading'), await pg.session('trading')];
    try {
      const [holder, ...waiters] = sessions as [PgSession, PgSession, PgSession];
      await holder.run('begin;');
      await holder.run('update orders set qty = qty + 1 where id = 1;');
      waiters.forEach((w, i) => w.send(`update orders set qty = ${i} where id = 1;`));
      const report = await bottlenecks(await recorded(Date.now(), WINDOW_S));
      const first = firstFinding(report, 'db-locks');
      expect(first.resource, describeFindings(report)).toBe('db-locks');
      expect(first.id).toBe('db-locks:db/lab-1');
      expect(first.culprits[0]).toMatchObject({ kind: 'session', pid: holder.pid, figure: 'holds what 2 sessions wait for' });
      expect(first.components).toEqual(['db']);
      expect(first.affects).toEqual(['engine']);
    } finally {
      sessions.forEach((s) => s.close());
    }
  }, 120_000);
});
