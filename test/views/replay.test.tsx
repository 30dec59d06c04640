/** The time cursor: `[` `]` `:at TIME` `.` `Esc` over a real history store the writer filled. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS } from '../../src/analysis/thresholds.js';
import { clockTime, formatPercent } from '../../src/format/units.js';
import type { HostSnapshot } from '../../src/model/host-snapshot.js';
import { fleetInfo } from '../../views/fleet/fleet-info.js';
import { overviewLines } from '../../views/overview/overview-lines.js';
import { FLEET_PANES } from '../../views/panes.js';
import { fillStore, filledReading, type FillOptions } from '../history/fill-store.js';
import { capturedSnapshot, KEYS, renderApp, tick, type RenderedApp } from './render-app.js';
import { deskFixture, fixtureSnapshots, HOSTS } from './emergency-fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'perfmon-replay-view-'));
const FILL: FillOptions = {
  hosts: ['db1', 'web1'],
  start: Math.floor((Date.now() - 40 * 60_000) / 1000) * 1000,
  seconds: 300,
  outage: { host: 'web1', from: 100, to: 200, reason: 'ssh: connect ECONNREFUSED 127.0.0.3:22' },
};
beforeAll(() => fillStore(dir, FILL));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let app: RenderedApp | undefined;
afterEach(() => app?.unmount());

/** Live, both hosts are up at 3 % CPU: nothing like what history holds. */
function live(name: string): HostSnapshot {
  const s = capturedSnapshot();
  return { ...s, name, time: new Date().toISOString(), cpu: { ...s.cpu, usage: 3 } };
}

const plain = () => stripVTControlCharacters(app!.frame());
const header = () => plain().split('\n')[0]!;
const row = (name: string) => plain().split('\n').find((l) => new RegExp(`^[●✖…▲] ${name} `).test(l));

/** Waits until the history read behind a key has reached the screen. */
async function until(check: () => boolean) {
  for (let i = 0; i < 1000 && !check(); i++) await tick(10);
  expect(check()).toBe(true);
}

async function renderFleet() {
  app = await renderApp({
    panes: FLEET_PANES,
    config: { fleet: fleetInfo(FILL.hosts.map((name) => ({ name, labels: {}, components: [] }))), historyDir: dir },
    snapshots: FILL.hosts.map(live),
  });
  return app;
}

const secondOf = (t: number) => Math.floor((t - FILL.start) / 1000);

/** The screen has the CPU, MEM and SWAP lines the overview draws for this reading (the left column at 100 wide). */
function expectOverviewOf(reading: HostSnapshot) {
  const expected = overviewLines(reading, 100, 40, DEFAULT_THRESHOLDS, true).map((l) => stripVTControlCharacters(l));
  const lines = plain().split('\n');
  for (const prefix of ['CPU ', 'MEM ', 'SWAP']) {
    const line = expected.find((l) => l.startsWith(prefix))?.slice(0, 48);
    expect(line, prefix).toBeDefined();
    expect(lines.some((l) => l.startsWith(line!)), `${prefix}: ${line}`).toBe(true);
  }
}

describe('replay in the TUI', () => {
  it(':at TIME shows every host as history had it, with REPLAY in the header; [ and ] step by 10 s; . goes live', async () => {
    await renderFleet();
    expect(row('db1')).toContain('3%');
    const at = FILL.start + 150_000 + 400;
    await app!.press(':', `at ${new Date(at).toLocaleString('sv')}`);
    expect(plain()).toContain('Enter: replay');
    await app!.press(KEYS.enter);
    await until(() => header().includes('REPLAY'));
    const moment = Math.floor(at / 1000) * 1000; // the palette's time has whole seconds
    expect(header()).toMatch(new RegExp(`^ REPLAY ${clockTime(moment)} \\(−\\d+m \\d\\ds\\) `));
    expect(plain().split('\n').at(-1)).toContain('. live');
    const recorded = filledReading(FILL, 'db1', secondOf(moment));
    expect(row('db1')).toContain(formatPercent(recorded.cpu.usage));
    expect(row('db1')).not.toContain(' 3%');
    // web1 was down then (100–200 s in), with the recorded reason.
    expect(row('web1')).toContain('DOWN 51s · ssh: connect ECONNREFUSED'); // down since its last good reading at 99 s, counted from the moment shown
    expect(row('web1')).toContain('ECONNREFUSED 127.0.0.3:22');

    await app!.press('[');
    await until(() => header().includes(`REPLAY ${clockTime(moment - 10_000)}`));
    await app!.press(']', ']');
    await until(() => header().includes(`REPLAY ${clockTime(moment + 10_000)}`));

    // A host's overview at that moment: the same CPU and memory lines as the recorded reading
    // draws. web1 (down then, so first) shows its last good reading under the reason.
    await app!.press(KEYS.enter);
    await until(() => /^CPU /m.test(plain()));
    expect(plain()).toContain('ECONNREFUSED 127.0.0.3:22');
    expectOverviewOf(filledReading(FILL, 'web1', 99));
    await app!.press('1', KEYS.down, KEYS.enter);
    await until(() => header().includes('db1') && /^CPU /m.test(plain()));
    expectOverviewOf(filledReading(FILL, 'db1', secondOf(moment + 10_000)));
    expect(header()).toContain(`REPLAY ${clockTime(moment + 10_000)}`);

    await app!.press('.');
    await until(() => !header().includes('REPLAY'));
    expect(plain().split('\n').at(-1)).not.toContain('. live');
    await app!.press('1');
    expect(row('db1')).toContain('3%');
  });

  it('Esc goes live when the pane has nothing to back out of; a moment with nothing recorded is refused, saying what the store holds', async () => {
    await renderFleet();
    await app!.press('[');
    // Now minus 10 s: the store holds 40 to 35 minutes ago only.
    await until(() => plain().includes('history has nothing near'));
    expect(plain()).toContain(`it holds ${new Date(FILL.start).toLocaleString('sv')} to ${new Date(FILL.start + 299_000).toLocaleString('sv')}`);
    expect(header()).not.toContain('REPLAY');
    await app!.press(':', 'at -38m', KEYS.enter);
    await until(() => header().includes('REPLAY'));
    await app!.press(KEYS.esc);
    await until(() => !header().includes('REPLAY'));
    expect(row('db1')).toContain('3%');
  });

  it('says why a TIME typed after "at" is not one, and replays nothing', async () => {
    await renderFleet();
    await app!.press(':', 'at 25:99');
    expect(plain()).toContain('"25:99" is not a clock time');
    await app!.press(KEYS.enter);
    await tick(50);
    expect(header()).not.toContain('REPLAY');
  });

  it('refuses an action while replaying, saying why, and runs nothing; a pane history does not keep says so', async () => {
    const fixture = deskFixture();
    try {
      const store = join(dir, 'emergency');
      const fill = { hosts: HOSTS, start: FILL.start, seconds: 60 };
      await fillStore(store, fill);
      app = await renderApp({ panes: FLEET_PANES, config: { emergency: fixture.desk, historyDir: store }, snapshots: fixtureSnapshots() });
      await fixture.checkHealth(app.store);
      await app.press(':', 'Emergency', KEYS.enter);
      expect(plain()).toContain('Components');
      await app.press(':', `at ${new Date(FILL.start + 30_000).toLocaleString('sv')}`, KEYS.enter);
      await until(() => header().includes('REPLAY'));
      expect(plain().replace(/\s+/g, ' ')).toContain('Emergency is not kept in history yet, so it cannot show this moment. Replayed: Fleet, Overview, Trends, Processes, Audit, Alerts, Capacity.');
      await app.press('r');
      expect(plain().split('\n').at(-1)).toContain(`r: refused while replaying ${clockTime(FILL.start + 30_000)}: actions act on the present (. or Esc: back to live)`);
      await tick(50);
      expect(plain()).not.toMatch(/type .* to confirm|Rolling restart of/i);
      expect(fixture.restarts()).toEqual([]);
      await app.press('.');
      await until(() => !header().includes('REPLAY'));
      expect(plain()).not.toContain('not kept in history');
      expect(plain()).toContain('Components');
    } finally {
      await fixture.cleanup();
    }
  });

  it('refuses a runbook command from the palette while replaying, and runs nothing', async () => {
    const fixture = deskFixture({ components: ['  - name: cache', '    role: cache', `    hosts: [${HOSTS[0]}]`, '    runbook:', '      commands:', '        - {name: flush-cache, changes: true, command: "echo flushed"}'] });
    try {
      const store = join(dir, 'runbook');
      await fillStore(store, { hosts: HOSTS, start: FILL.start, seconds: 60 });
      app = await renderApp({ panes: FLEET_PANES, config: { emergency: fixture.desk, historyDir: store }, snapshots: fixtureSnapshots() });
      await app.press(':', `at ${new Date(FILL.start + 30_000).toLocaleString('sv')}`, KEYS.enter);
      await until(() => header().includes('REPLAY'));
      await app.press(':', 'flush-cache');
      expect(plain()).toContain('Runbook: cache flush-cache (changes hosts: previewed, confirmed)');
      await app.press(KEYS.enter);
      expect(plain().split('\n').at(-1)).toContain(`flush-cache: refused while replaying ${clockTime(FILL.start + 30_000)}: runbook commands act on the present`);
      await tick(50);
      expect(plain()).not.toContain('Type flush-cache');
      expect(fixture.desk.runbook.getSnapshot()).toEqual({ requested: null, run: null });
    } finally {
      await fixture.cleanup();
    }
  });
});
