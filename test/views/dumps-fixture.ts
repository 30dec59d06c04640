/**
 * The Dumps pane's inputs for view tests, from real captures:
 *  - JvmSnapshots made by the monitor's own TrackedJvm from jstat captures of real JVMs
 *    (fixtures/jvm-metrics/jstat-*.txt), as the watcher would put them into the store;
 *  - a dumps folder holding real thread dumps and class histograms (fixtures/thread-dumps,
 *    fixtures/class-histograms) under the names the engine gives captures;
 *  - a DumpsDesk whose runner replays those files with the engine's own progress events (the
 *    real captures over SSH are the lab test's: test/integration/dumps-pane.test.ts).
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TrackedJvm } from '../../src/collect/jvm/tracked-jvm.js';
import type { JvmSnapshot } from '../../src/model/jvm-reading.js';
import { parseClassHistogram } from '../../src/diagnostics/class-histogram.js';
import { CaptureError } from '../../src/diagnostics/capture/capture-error.js';
import { captureFileName } from '../../src/diagnostics/capture/dump-files.js';
import { pauseWarning, type HeapDumpPlan } from '../../src/diagnostics/capture/heap-dump-capture.js';
import type { JvmTarget } from '../../src/diagnostics/capture/jvm-target.js';
import type { HostSnapshot } from '../../src/model/host-snapshot.js';
import type { HostJvmsReading } from '../../src/model/platform-state.js';
import type { CaptureRunner } from '../../views/dumps/capture-runner.js';
import { DumpsDesk } from '../../views/dumps/dumps-desk.js';
import { jvmFixture } from '../collect/jvm/jvm-fixtures.js';
import { inventoryFrom } from '../procedures/inventory-text.js';
import { capturedSnapshot } from './render-app.js';

export const HOSTS = ['oms-1', 'oms-2'];

const fixture = (path: string) => new URL(`../../fixtures/${path}`, import.meta.url);

/** A real jstat capture through the monitor's TrackedJvm: its last reading (with GC rates). */
export function jvmSnapshot(jstat: string, jvm: { host: string; pid: number; mainClass: string; user?: string }): JvmSnapshot {
  const info = { pid: jvm.pid, user: jvm.user ?? 'trader', uid: 1000, mainClass: jvm.mainClass, args: `java ${jvm.mainClass}`, uptimeSeconds: 600, startTicks: 1 };
  const tracked = new TrackedJvm(jvm.host, info, { ok: true, runAs: null }, 'trader', Date.now());
  tracked.jstatStarting();
  let last: JvmSnapshot | null = null;
  for (const line of jvmFixture(jstat).split('\n')) last = tracked.onJstatLine(line, Date.now()) ?? last;
  if (last === null) throw new Error(`${jstat} holds no reading`);
  return last;
}

/** What the watcher would publish for the fixture fleet: two JVMs on oms-1, one without figures on oms-2. */
export function fleetJvms(): HostJvmsReading[] {
  const engine = jvmSnapshot('jstat-g1-jdk17.txt', { host: 'oms-1', pid: 4242, mainClass: 'com.example.OrderEngine' });
  const feed = jvmSnapshot('jstat-parallel-jdk25.txt', { host: 'oms-1', pid: 5151, mainClass: 'market-data.jar' });
  const denied: JvmSnapshot = {
    host: 'oms-2',
    pid: 7373,
    user: 'fix',
    mainClass: 'FixGateway',
    time: new Date().toISOString(),
    uptimeSeconds: 100,
    status: 'unavailable',
    error: "oms-2: permission denied: JVM 7373 belongs to user 'fix' but perfmon logs in as 'ops'; set jvm.sudoUser: fix for oms-2",
    heap: null,
    nonHeap: null,
    gc: null,
    threads: null,
  };
  return [
    { host: 'oms-1', error: null, jvms: [engine, feed], time: Date.now() },
    { host: 'oms-2', error: null, jvms: [denied], time: Date.now() },
  ];
}

/** Host readings whose process lists name the JVMs (as the remote collector reports them). */
export function fleetSnapshots(): HostSnapshot[] {
  return [
    { ...capturedSnapshot(), name: 'oms-1', jvms: [{ pid: 4242, user: 'trader', mainClass: 'com.example.OrderEngine' }, { pid: 5151, user: 'trader', mainClass: 'market-data.jar' }] },
    { ...capturedSnapshot(), name: 'oms-2', jvms: [{ pid: 7373, user: 'fix', mainClass: 'FixGateway' }] },
  ];
}

/** Copies a fixture into `dir` under the name the engine gives a capture of HOST's PID at `time`. */
export function putCapture(dir: string, source: string, host: string, pid: number, time: Date, extension: string): string {
  const file = join(dir, captureFileName(host, pid, time, extension));
  copyFileSync(fixture(source), file);
  return file;
}

export interface ReplayOptions {
  /** Thread dump fixtures a series saves, one per dump. */
  threadDumps?: string[];
  /** Class histogram fixtures, one per capture in turn. */
  histograms?: string[];
  /** The heap dump: its size and the free space the plan reports. */
  heap?: { bytes: number; freeBytes: number };
  /** The capture fails with this error instead. */
  fail?: CaptureError;
  /** Hosts that are not connected. */
  down?: string[];
}

export interface ReplayRunner extends CaptureRunner {
  /** The operator said yes to the heap dump. */
  heapStarted: boolean;
  /** Lets a heap dump's fetch, held halfway, finish. */
  finishFetch(): void;
}

/** A runner that saves fixture files and reports the engine's progress events, in order. */
export function replayRunner(options: ReplayOptions): ReplayRunner {
  const target = (host: string, pid: number): JvmTarget => ({ host, pid, login: { uid: 1000, user: 'ops' }, owner: { uid: 1000, user: 'ops' }, command: 'java', mainClass: 'com.example.OrderEngine', runAs: null, settings: {} });
  let histograms = 0;
  const runner: ReplayRunner = {
    heapStarted: false,
    unavailable: (host: string) => (options.down?.includes(host) ? `${host} is not connected (down or still connecting): nothing can be captured there until it is up` : null),
    threadDumps: async (o, onProgress) => {
      if (options.fail) throw options.fail;
      onProgress({ type: 'target', target: target(o.host, o.pid) });
      const files: string[] = [];
      for (const [index, source] of (options.threadDumps ?? []).entries()) {
        if (index > 0) onProgress({ type: 'waiting', index, seconds: 0 });
        onProgress({ type: 'dumping', index, count: o.count ?? 1 });
        const file = putCapture(o.outDir, `thread-dumps/${source}`, o.host, o.pid, new Date(Date.UTC(2026, 10, 27, 4, 47, index)), 'txt');
        onProgress({ type: 'receiving', index, bytes: readFileSync(file).length });
        files.push(file);
        onProgress({ type: 'saved', index, count: o.count ?? 1, file, bytes: readFileSync(file).length });
      }
      return { files, target: target(o.host, o.pid), tool: 'jcmd' as const };
    },
    heapDump: async (o, onProgress) => {
      const heap = options.heap ?? { bytes: 200 * 1024 * 1024, freeBytes: 40 * 1024 ** 3 };
      onProgress({ type: 'target', target: target(o.host, o.pid) });
      const localPath = join(o.outDir, captureFileName(o.host, o.pid, new Date(), 'hprof.gz'));
      const plan: HeapDumpPlan = {
        host: o.host,
        pid: o.pid,
        owner: 'ops',
        runAs: null,
        heapUsed: 180 * 1024 * 1024,
        heapCommitted: 256 * 1024 * 1024,
        heapMax: 512 * 1024 * 1024,
        dumpDir: '/tmp',
        freeBytes: heap.freeBytes,
        remotePath: `/tmp/${localPath.slice(localPath.lastIndexOf('/') + 1)}`,
        localPath,
        live: false,
        pauseWarning: pauseWarning(false),
      };
      onProgress({ type: 'plan', plan });
      if (!(await o.confirm!(plan))) throw new CaptureError('cancelled', o.host, `${o.host}: heap dump of JVM ${o.pid} not confirmed; nothing was done`);
      runner.heapStarted = true;
      onProgress({ type: 'dumping', remotePath: plan.remotePath });
      onProgress({ type: 'dumped', remotePath: plan.remotePath, bytes: heap.bytes, seconds: 2.5 });
      onProgress({ type: 'checksum', remotePath: plan.remotePath });
      // Halfway through the fetch: the test looks at the progress, then lets it finish.
      onProgress({ type: 'fetching', progress: { bytes: heap.bytes / 2, total: heap.bytes, resumedFrom: 0, bytesPerSecond: 50 * 1024 * 1024, etaSeconds: 2 } });
      await new Promise<void>((resolve) => (runner.finishFetch = resolve));
      writeFileSync(localPath, 'not really a heap dump');
      onProgress({ type: 'verified', file: localPath, bytes: heap.bytes, sha256: 'ab'.repeat(32) });
      onProgress({ type: 'remote-removed', remotePath: plan.remotePath });
      return { file: localPath, bytes: heap.bytes, sha256: 'ab'.repeat(32), remotePath: plan.remotePath, remoteRemoved: true, dumpSeconds: 2.5, fetchSeconds: 4, resumedFrom: 0 };
    },
    classHistogram: async (o, onProgress) => {
      if (options.fail) throw options.fail;
      const source = options.histograms?.[histograms++] ?? 'growing-cache-jdk17-1.txt';
      onProgress({ type: 'target', target: target(o.host, o.pid) });
      onProgress({ type: 'capturing' });
      const file = putCapture(o.outDir, `class-histograms/${source}`, o.host, o.pid, new Date(Date.UTC(2026, 10, 27, 5, histograms)), 'histogram.txt');
      onProgress({ type: 'saved', file, bytes: readFileSync(file).length });
      return { file, histogram: parseClassHistogram(readFileSync(file, 'utf8')), target: target(o.host, o.pid) };
    },
    resumeHeapDumps: async () => ({ completed: [], discarded: [] }),
    // A real recording of fixtures/java/ProfileTargets.java (2 s, JDK 17), "fetched" at once.
    profile: async (o, onProgress) => {
      if (options.fail) throw options.fail;
      onProgress({ type: 'target', target: target(o.host, o.pid) });
      const file = putCapture(o.outDir, 'jfr/profile-targets-jdk17.jfr', o.host, o.pid, new Date(Date.UTC(2026, 10, 27, 6, 0)), 'jfr');
      const remotePath = `/tmp/${file.slice(file.lastIndexOf('/') + 1)}`;
      onProgress({ type: 'recording', remotePath, seconds: o.durationSeconds ?? 30, endsAt: Date.now() });
      onProgress({ type: 'writing', remotePath });
      const bytes = readFileSync(file).length;
      onProgress({ type: 'verified', file, bytes, sha256: 'cd'.repeat(32) });
      onProgress({ type: 'remote-removed', remotePath });
      return { file, bytes, sha256: 'cd'.repeat(32), remotePath, remoteRemoved: true, dumpSeconds: o.durationSeconds ?? 30, fetchSeconds: 0.1, resumedFrom: 0, target: target(o.host, o.pid), durationSeconds: o.durationSeconds ?? 30 };
    },
    finishFetch: () => undefined,
  };
  return runner;
}

export interface DumpsFixture {
  dir: string;
  desk: DumpsDesk;
  cleanup(): void;
}

/** A desk on the fixture inventory (hosts oms-1, oms-2), saving into a fresh folder. */
export function dumpsDesk(runner: CaptureRunner, options: { top?: string[]; readOnly?: boolean; dir?: string } = {}): DumpsFixture {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'perfmon-dumps-view-'));
  mkdirSync(dir, { recursive: true });
  const inventory = inventoryFrom(['environment: production', ...(options.top ?? []), 'hosts:', ...HOSTS.map((h) => `  - {name: ${h}, address: 127.0.0.1}`), ''].join('\n'));
  const desk = new DumpsDesk({ inventory, runner, outDir: dir, readOnly: options.readOnly ?? false });
  return { dir, desk, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
