/**
 * The headless session against real parts: the lab's sshd hosts (one connection and collector
 * each), the platform watcher reading a component's metrics endpoint, the component health
 * watch running its command over the same connections, and this machine's own collector.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import chalk from 'chalk';
import { buildSync } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession, type Session, type SessionSample } from '../../src/runtime/session.js';
import { TRENDS, trendLines } from '../../views/trends/trend-charts.js';
import { labInventory } from '../fleet/fleet-fixture.js';
import { startLab, type Lab } from '../lab/lab.js';

const INTERVAL_MS = 400;

// Inside the repository so the bundle finds node_modules.
const CHILD = join(process.cwd(), 'node_modules', '.cache', 'perfmon-session-signal-child.mjs');
buildSync({ entryPoints: ['test/runtime/session-signal-child.ts'], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile: CHILD, logLevel: 'warning' });

/**
 * Runs the child session, sends it SIGTERM once it is ready and resolves with what it printed
 * and its exit code; a child that does not end within 10 s of the signal (something left
 * open) is killed and the test fails on its code.
 */
function runChild(args: string[], env: NodeJS.ProcessEnv): Promise<{ lines: string[]; code: number | null }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [CHILD, ...args], { cwd: process.cwd(), env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let hung: NodeJS.Timeout | undefined;
    const startup = setTimeout(() => proc.kill('SIGKILL'), 30_000);
    proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (hung === undefined && out.includes('ready')) {
        clearTimeout(startup);
        proc.kill('SIGTERM');
        hung = setTimeout(() => proc.kill('SIGKILL'), 10_000);
      }
    });
    proc.on('error', reject);
    proc.on('exit', (code) => {
      clearTimeout(startup);
      clearTimeout(hung);
      if (code !== 0 && err) process.stderr.write(err);
      resolve({ lines: out.trim().split('\n'), code });
    });
  });
}

/** Resolves with the first sample `test` accepts; rejects after `ms` naming what was awaited. */
function nextSample(session: Session, test: (s: SessionSample) => boolean, ms: number, what: string): Promise<SessionSample> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`${what} did not happen within ${ms} ms: ${JSON.stringify(session.down())}`));
    }, ms);
    const stop = session.onSample((s) => {
      if (!test(s)) return;
      clearTimeout(timer);
      stop();
      resolve(s);
    });
  });
}

const quietFor = async (session: Session, ms: number): Promise<number> => {
  const before = session.store.getState().version;
  await new Promise((resolve) => setTimeout(resolve, ms));
  return session.store.getState().version - before;
};

describe('the session on a fleet (lab sshd hosts)', () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await startLab({ hosts: 2 });
  });
  afterAll(() => lab?.stop());

  const open = (extra = '') =>
    openSession({
      inventory: labInventory(lab, `audit: { path: ${join(mkdtempSync(join(tmpdir(), 'perfmon-session-audit-')), 'audit.jsonl')} }\n${extra}`),
      intervalMs: INTERVAL_MS,
      healthIntervalMs: INTERVAL_MS,
      sshConfig: { home: lab.home },
      connect: { env: lab.env },
    });

  it('opens the fleet and every watcher, and closes them in order: desks, health, JVMs, platform, then the connections', async () => {
    const session = await open(
      ['components:', '  - name: app', '    role: web', '    hosts: [lab-0]', '    health: { command: "true" }', '    metrics: ["127.0.0.1:9/metrics"]', ''].join('\n'),
    );
    const health = nextSample(session, (s) => s.kind === 'platform' && s.key === 'componentHealth', 20_000, 'a health check over the connection');
    const app = nextSample(session, (s) => s.kind === 'platform' && s.key === 'applications', 20_000, 'a metrics read');
    await session.settled(2);
    expect(session.down()).toEqual([]);
    // The health check ran over lab-0's connection; the metrics read failed on the host (nothing listens on :9).
    const checked = await health;
    expect(checked.kind === 'platform' && checked.key === 'componentHealth' && checked.value['app']?.[0]).toMatchObject({ host: 'lab-0', ok: true });
    const read = await app;
    expect(read.kind === 'platform' && read.key === 'applications' && read.value[0]?.component).toBe('app');
    expect(session.audit?.path).toMatch(/audit\.jsonl$/);

    // At each step of closing: is the connection still up, which parts have closed?
    const steps: { part: string; connected: boolean }[] = [];
    const connected = () => session.fleet!.connection('lab-0') !== null;
    session.own('probe desk', () => {
      steps.push({ part: 'probe desk (closing)', connected: connected() });
      return ['the probe desk closed'];
    });
    session.onClosed((part) => steps.push({ part, connected: connected() }));
    const told: SessionSample[] = [];
    session.onSample((s) => told.push(s));

    const closing = session.close();
    expect(session.close()).toBe(closing);
    expect(await closing).toEqual(['the probe desk closed']);
    expect(await session.whenClosed()).toEqual(['the probe desk closed']);
    expect(steps).toEqual([
      { part: 'probe desk (closing)', connected: true },
      { part: 'probe desk', connected: true },
      { part: 'health watch', connected: true },
      { part: 'JVM watcher', connected: true },
      { part: 'platform watcher', connected: true },
      { part: 'fleet', connected: false },
    ]);
    expect(session.fleet!.connection('lab-1')).toBeNull();
    // Nothing runs any more: no reading, no check, no read lands in the store, none is told.
    told.length = 0;
    expect(await quietFor(session, 4 * INTERVAL_MS)).toBe(0);
    expect(told).toEqual([]);
    expect(() => session.own('late', () => undefined)).toThrow(/closing/);
  });

  it('closes cleanly while the hosts are still connecting', async () => {
    const session = await open();
    await session.close();
    // A connection that was being opened is closed as it arrives, not kept; nothing reads.
    expect(await quietFor(session, 3000)).toBe(0);
    expect(session.fleet!.connection('lab-0')).toBeNull();
  });

  it('on SIGTERM closes every part in order and the process ends by itself (nothing left open)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'perfmon-session-signal-'));
    const config = join(dir, 'perfmon.yaml');
    const hosts = lab.hosts.map((h) => `  - { name: ${h.name}, address: ${h.name} }`).join('\n');
    writeFileSync(config, `hosts:\n${hosts}\naudit: { path: ${join(dir, 'audit.jsonl')} }\ncomponents:\n  - { name: app, role: web, hosts: [lab-0], health: { command: "true" } }\n`);
    const run = await runChild([config, lab.home], lab.env);
    expect(run.lines[0]).toBe('ready lab-0=up lab-1=up');
    expect(run.lines.slice(1)).toEqual(['closed health watch', 'closed JVM watcher', 'closed platform watcher', 'closed fleet', 'done']);
    expect(run.code).toBe(0);
  });

  it('a host that goes down leaves a gap in its series; the trend chart draws no line across it', async () => {
    const session = await open();
    try {
      // settled(n, span): every host's newest reading came a whole span after the one before.
      await session.settled(2, 0.9 * INTERVAL_MS);
      for (const name of ['lab-0', 'lab-1']) {
        const [before, newest] = session.store.series({ name: 'cpu_usage', labels: { host: name } })[0]!.samples().slice(-2);
        expect(newest!.t - before!.t, name).toBeGreaterThanOrEqual(0.9 * INTERVAL_MS);
      }
      const downAt = Date.now();
      const wentDown = nextSample(session, (s) => s.kind === 'host-down' && s.host === 'lab-1', 10_000, 'lab-1 down');
      await lab.killHost(1);
      const down = await wentDown;
      expect(down.timeMs).toBeGreaterThanOrEqual(downAt);
      const cpu = session.store.series({ name: 'cpu_usage', labels: { host: 'lab-1' } })[0]!;
      expect(cpu.endsInGap).toBe(true);
      // lab-0 goes on with no gap.
      await nextSample(session, (s) => s.kind === 'host' && s.host === 'lab-0', 5000, 'lab-0 sampling');
      expect(session.store.series({ name: 'cpu_usage', labels: { host: 'lab-0' } })[0]!.tail().some(Number.isNaN)).toBe(false);

      await lab.restartHost(1);
      await nextSample(session, (s) => s.kind === 'host' && s.host === 'lab-1', 30_000, 'lab-1 back');
      await nextSample(session, (s) => s.kind === 'host' && s.host === 'lab-1', 5000, 'lab-1 sampling again');
      const samples = cpu.samples();
      const gap = samples.findIndex((s) => Number.isNaN(s.v));
      expect(gap).toBeGreaterThan(0);
      expect(samples.slice(gap + 1).length).toBeGreaterThanOrEqual(2);
      expect(samples[gap]!.t).toBe(down.timeMs);
      expect(samples[gap + 1]!.t).toBeGreaterThan(samples[gap]!.t);
      // The outage lasted several ticks: the gap is as many samples long, not one.
      const missed = samples.filter((s) => Number.isNaN(s.v));
      expect(missed.length).toBeGreaterThan(1);
      expect(samples.slice(gap, gap + missed.length).every((s) => Number.isNaN(s.v))).toBe(true);

      const level = chalk.level;
      chalk.level = 0;
      try {
        const host = session.store.find('lab-1')!;
        const chart = trendLines(TRENDS[0]!, host, samples.length + 12, 10, false).slice(1);
        const column = chart.map((row) => row.slice(row.search(/[┤┼]/) + 1)[gap] ?? ' ').join('');
        expect(column.trim()).toBe('');
        expect(chart.map((row) => row.slice(row.search(/[┤┼]/) + 1)[gap - 1] ?? ' ').join('')).toContain('╴');
      } finally {
        chalk.level = level;
      }
    } finally {
      await session.close();
    }
  });
});

describe('the session on this machine (local mode)', () => {
  it('on SIGTERM closes the local collector and the process ends by itself', async () => {
    const run = await runChild([], process.env);
    expect(run.lines).toEqual(['ready child=up', 'closed local collector', 'done']);
    expect(run.code).toBe(0);
  });

  it('reads this machine until closed, then tells nothing more', async () => {
    const session = await openSession({ inventory: null, intervalMs: 200, localHostName: 'here' });
    const closed: string[] = [];
    session.onClosed((part) => closed.push(part));
    const first = await nextSample(session, (s) => s.kind === 'host', 10_000, 'a local reading');
    expect(first.kind === 'host' && first.snapshot.name).toBe('here');
    expect(session.hostName).toBe('here');
    expect(session.fleet).toBeNull();
    expect(session.audit).toBeNull();
    await session.settled(2);
    expect(session.snapshots()[0]!.status).toBe('up');
    expect(await session.close()).toEqual([]);
    expect(closed).toEqual(['local collector']);
    const told: SessionSample[] = [];
    session.onSample((s) => told.push(s));
    expect(await quietFor(session, 800)).toBe(0);
    expect(told).toEqual([]);
  });
});
