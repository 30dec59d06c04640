/**
 * The Load pane attached to a real `perfmon load` against the lab service: the run's figures
 * beside the hosts, the knee once a step breaks, and `a` stopping the run (it exits as stopped,
 * no connection left open at the service). The pane's lines at 80 and 200 columns.
 */
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FLEET_PANES } from '../../views/panes.js';
import { fleetInfo } from '../../views/fleet/fleet-info.js';
import { loadPaneLines, type LoadPaneView } from '../../views/load/load-lines.js';
import type { LiveRun } from '../../src/load/live-run.js';
import type { SecondFigures } from '../../src/load/load-summary.js';
import { perfmonLoad, scratch, socketsLeftOpen, startLoadService, type LoadService } from '../load/load-lab.js';
import { capturedSnapshot, KEYS, renderSized } from './render-app.js';
import { plain } from './platform-app.js';

let service: LoadService;
const files = scratch();
const stateDir = join(files.dir, 'pane-state');
const previousStateDir = process.env['PERFMON_STATE_DIR'];

beforeAll(async () => {
  service = await startLoadService(2, 5);
  // The pane reads the live runs under the state dir of its own process.
  process.env['PERFMON_STATE_DIR'] = stateDir;
});
afterAll(() => {
  service?.stop();
  files.remove();
  if (previousStateDir === undefined) delete process.env['PERFMON_STATE_DIR'];
  else process.env['PERFMON_STATE_DIR'] = previousStateDir;
});

let unmount: (() => void) | undefined;
afterEach(() => unmount?.());

async function until<T>(read: () => T | undefined, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('Load pane', () => {
  it('attaches to a running perfmon load, shows it beside the hosts, and stops it with a', async () => {
    const path = files.write(
      'pane.yaml',
      ['name: pane-run', `target: ${service.url}`, 'stages: [{ duration: 1ms, target: 40 }, { duration: 60s, target: 40 }]', 'requests: [{ name: hit, url: /hit, checks: [{ status: 200 }] }]', ''].join('\n'),
    );
    const load = perfmonLoad([path], { ...files.env, PERFMON_STATE_DIR: stateDir });
    await load.line((line) => /^ +2s /.test(line));

    const app = await renderSized(200, 50, { panes: FLEET_PANES, config: { fleet: fleetInfo([{ name: 'vm', labels: {}, components: [] }]) }, snapshots: [{ ...capturedSnapshot(), name: 'vm' }] });
    unmount = app.unmount;
    // Shift-Tab from the first pane goes back round: Capacity, Alerts, then Load (pane 13).
    await app.press(KEYS.shiftTab, KEYS.shiftTab, KEYS.shiftTab);
    const frame = await until(() => {
      const shown = plain(app.frame());
      return / running — \d+s of 1m/.test(shown) && /^req\/s /m.test(shown) ? shown : undefined;
    }, 'the run in the pane');
    expect(frame).toMatch(/13 Load/);
    expect(frame).toMatch(new RegExp(`^Load test pane-run \\(open model, pid ${load.child.pid}\\) running — \\d+s of 1m, peak 40/s asked +Hosts \\(no host is named like the targets: all shown\\)$`, 'm'));
    expect(frame).toMatch(/^req\/s +\S+ \d+ \(40\/s asked\)/m);
    expect(frame).toMatch(/^errors 0 of \d+ \(0%\) {2}checks 100% {2}in flight \d+/m);
    expect(frame).toMatch(/ {2}vm +\d+(\.\d)?% +\S+ +\d+(\.\d)?% +\d+\.\d\d +— +— +—$/m);
    expect(frame).toContain('a stop test');

    await app.press('a');
    const { code, stdout, stderr } = await load.done;
    expect(code).toBe(1);
    expect(stderr).toBe('');
    expect(stdout).toContain('SIGINT: stopping the load test now (connections closed)');
    expect(stdout).toMatch(/^Summary of pane-run \(stopped\):/m);
    await until(() => (/ ENDED — /.test(plain(app.frame())) ? true : undefined), 'the pane to see the run end');
    expect(await socketsLeftOpen(service.stats)).toBe(0);
  }, 60_000);

  it('runs a scenario with r: its path typed, the preview, the name typed; then shows it; --read-only leaves no r', async () => {
    const path = files.write(
      'from-pane.yaml',
      ['name: from-pane', `target: ${service.url}`, 'stages: [{ duration: 1ms, target: 20 }, { duration: 3s, target: 20 }]', 'requests: [{ name: hit, url: /hit }]', ''].join('\n'),
    );
    const before = (await service.stats()).served;
    const options = { panes: FLEET_PANES, config: { fleet: fleetInfo([{ name: 'vm', labels: {}, components: [] }]) }, snapshots: [{ ...capturedSnapshot(), name: 'vm' }] };
    const app = await renderSized(120, 30, options);
    unmount = app.unmount;
    await app.press(KEYS.shiftTab, KEYS.shiftTab, KEYS.shiftTab, 'r', ...path, KEYS.enter);
    const preview = await until(() => (plain(app.frame()).includes('Start load test from-pane') ? plain(app.frame()) : undefined), 'the preview');
    expect(preview).toContain(`  targets:  ${service.url}`);
    expect(preview).toContain('  load:     open model, peak 20 requests/s, about 60 requests');
    // Nothing is sent before the name is typed.
    expect((await service.stats()).served).toBe(before);
    await app.press(...'from-pane', KEYS.enter);
    await until(() => (/^Load test from-pane \(open model, pid \d+\) running/m.test(plain(app.frame())) ? true : undefined), 'the run started from the pane');
    await until(() => (/^Load test from-pane .* ENDED/m.test(plain(app.frame())) ? true : undefined), 'the run to end');
    expect((await service.stats()).served - before).toBe(60);
    app.unmount();

    const readOnly = await renderSized(120, 30, { ...options, config: { ...options.config, readOnly: true } });
    unmount = readOnly.unmount;
    await readOnly.press(KEYS.shiftTab, KEYS.shiftTab, KEYS.shiftTab, 'r');
    expect(plain(readOnly.frame())).not.toContain('scenario file:');
    expect(plain(readOnly.frame())).not.toContain('r run scenario');
  }, 60_000);

  const second = (n: number, rps: number, p50: number, level: number): SecondFigures => ({
    type: 'second',
    second: n,
    rps,
    latency: { p50, p90: p50 * 1.2, p99: p50 * 1.5, p999: p50 * 1.5, max: p50 * 2, mean: p50 },
    errors: 0,
    checksPassed: rps,
    checksTotal: rps,
    dropped: 0,
    late: 0,
    inFlight: 2,
    level,
  });
  const stepped: LiveRun = {
    pid: 4242,
    scenario: 'steps',
    scenarioPath: '/tmp/steps.yaml',
    model: 'open',
    targets: ['http://127.0.0.1:8080'],
    stages: [100, 200].flatMap((target) => [{ duration: 0.001, target }, { duration: 5, target }]),
    thresholds: ['p99 < 100ms'],
    startedAt: '2026-12-04T10:00:00.000Z',
    durationSeconds: 10.002,
    peak: 200,
    seconds: [
      ...[1, 2, 3, 4, 5].map((n) => second(n, 100, 10, 100)),
      ...[6, 7, 8, 9, 10].map((n) => second(n, 150, 100 + 150 * (n - 6), 200)),
    ],
  };
  const hosts: LoadPaneView['hosts'] = {
    matched: true,
    rows: [{ name: '127.0.0.1', status: 'up', cpu: 97, cpuTrend: [50, 80, 97], memory: 41, load1: 3.2, gcPercent: 12, heapPercent: 70, queueDepth: 1200 }],
  };

  it('says where the knee is once a step breaks, and fits 80×24 and 200×50', () => {
    const wide = loadPaneLines({ run: stepped, ended: true, hosts }, 200, 46);
    expect(wide[0]).toMatch(/^Load test steps \(open model, pid 4242\) ENDED — 10s of 10s, peak 200\/s asked +Target hosts$/);
    expect(wide[1]).toMatch(/ {2}host +CPU +CPU last 60s +mem +load +GC +heap +queued$/);
    expect(wide[2]).toMatch(/ {2}127\.0\.0\.1 +97% +\S+ +41% +3\.20 +12% +70% +1\.2k$/);
    expect(wide.find((line) => line.startsWith('KNEE'))).toMatch(/^KNEE at 200\/s \(sustainable 100\.0 req\/s\): p99 \S+ over 100ms; p50 climbing 150ms\/s \(a backlog growing\); serv…/);
    for (const line of wide) expect(line.length).toBeLessThanOrEqual(200);
    const narrow = loadPaneLines({ run: stepped, ended: false, hosts }, 80, 20);
    expect(narrow.length).toBeLessThanOrEqual(20);
    for (const line of narrow) expect(line.length).toBeLessThanOrEqual(80);
    expect(narrow.at(-2)).toMatch(/^host +CPU/);
    expect(narrow.at(-1)).toMatch(/^127\.0\.0\.1 +97%/);
  });
});
