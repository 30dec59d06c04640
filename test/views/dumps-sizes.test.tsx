import { stripVTControlCharacters } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { FLEET_PANES } from '../../views/panes.js';
import { until } from './emergency-fixture.js';
import { dumpsDesk, fleetJvms, fleetSnapshots, putCapture, replayRunner, type DumpsFixture } from './dumps-fixture.js';
import { expectFits, linesOf } from './platform-app.js';
import { KEYS, renderSized, tick } from './render-app.js';

let app: Awaited<ReturnType<typeof renderSized>> | undefined;
let fixture: DumpsFixture | undefined;
afterEach(() => {
  app?.unmount();
  fixture?.cleanup();
  app = undefined;
  fixture = undefined;
});

async function open(columns: number, rows: number) {
  const runner = replayRunner({ threadDumps: ['saturated-pool-jdk17.txt'] });
  fixture = dumpsDesk(runner);
  putCapture(fixture.dir, 'thread-dumps/monitor-deadlock-jdk17.txt', 'oms-1', 4242, new Date(Date.UTC(2026, 10, 27, 4, 47, 41)), 'txt');
  await fixture.desk.load();
  app = await renderSized(columns, rows, { panes: FLEET_PANES, config: { dumps: fixture.desk }, snapshots: fleetSnapshots() });
  app.store.setPlatform('jvms', fleetJvms());
  await app.press(':', 'Dumps', KEYS.enter);
  return runner;
}

const screen = () => stripVTControlCharacters(app!.frame());

describe('dumps pane sizes', () => {
  for (const [columns, rows] of [
    [80, 24],
    [200, 50],
  ] as const) {
    it(`the list, a JVM, an analysis, both dialogs and the overview's JVM section fit ${columns}×${rows}`, async () => {
      const runner = await open(columns, rows);
      const seen: string[] = [];
      const check = () => {
        expectFits(app!.frame(), columns, rows);
        seen.push(screen());
      };
      check();
      expect(screen()).toMatch(/● oms-1 +4242 (trader +)?com\.example\.OrderEngine/);
      await app!.press(KEYS.enter);
      check();
      await app!.press(KEYS.esc, 'v', KEYS.enter);
      await until(fixture!.desk, (s) => Object.values(s.analyses).some((a) => a !== 'loading'));
      await tick();
      check();
      expect(screen()).toContain("DEADLOCKS: 1 (the JVM's own report agrees)");
      await app!.press(KEYS.esc, 't');
      check();
      await app!.press(KEYS.enter);
      await until(fixture!.desk, (s) => s.captures[0]?.state === 'done');
      await app!.press('h');
      await until(fixture!.desk, (s) => s.confirms.length === 1);
      await tick();
      check();
      expect(screen()).toContain('Type oms-1 and press Enter to go ahead');
      await app!.press(...'oms-1', KEYS.enter);
      await until(fixture!.desk, (s) => s.captures[0]?.fraction !== null);
      await tick();
      check();
      runner.finishFetch();
      await app!.press(':', 'Overview', KEYS.enter);
      check();
      expect(screen()).toMatch(/JVM +4242 com\.example\.O\S* +heap [█▏▎▍▌▋▊▉·]+ +11% 28\.4M\/256M +GC +0\/s/);
      expect(seen.every((s) => s.length > 0)).toBe(true);
    });
  }

  it('at 200 columns the deadlock reads on whole lines and the sections stand in two columns', async () => {
    await open(200, 50);
    await app!.press('v', KEYS.enter);
    await until(fixture!.desk, (s) => Object.values(s.analyses).some((a) => a !== 'loading'));
    await tick();
    const lines = linesOf(app!.frame());
    const at = lines.findIndex((l) => l.startsWith('DEADLOCKS:'));
    expect(lines.slice(at, at + 5)).toEqual([
      "DEADLOCKS: 1 (the JVM's own report agrees)",
      '  1. "transfer-savings-to-checking" → "transfer-checking-to-savings" → "transfer-savings-to-checking"',
      '       "transfer-savings-to-checking" waits for monitor <0x000000069ec1a588> (a MonitorDeadlock$Account) held by "transfer-checking-to-savings"',
      '       "transfer-checking-to-savings" waits for monitor <0x000000069ec1a540> (a MonitorDeadlock$Account) held by "transfer-savings-to-checking"',
      '',
    ]);
    // Then the states; below, what to read next stands beside the lock waits, not under them.
    expect(lines[at + 5]).toBe('21 threads: 10 RUNNABLE, 2 BLOCKED, 1 WAITING, 1 TIMED_WAITING, 7 without Java state');
    expect(lines[at + 7]).toMatch(/^LOCK WAITS: 2 threads waiting for 2 locks +│ HOT THREADS \(cpu= since each thread started\)$/);
  });

  it('at 80×24 the captures list keeps the newest in view, and the analysis scrolls', async () => {
    await open(80, 24);
    for (let i = 0; i < 6; i++) {
      await app!.press('t', KEYS.enter);
      await until(fixture!.desk, (s) => s.captures.every((c) => c.state === 'done'));
    }
    await tick();
    expectFits(app!.frame(), 80, 24);
    const shown = screen().split('\n').filter((l) => /^[✔◐✖–?] /.test(l));
    expect(shown.length).toBeGreaterThanOrEqual(2);
    expect(shown[0]).toContain('threads');
    await app!.press('v', KEYS.enter);
    await until(fixture!.desk, (s) => Object.values(s.analyses).some((a) => a !== 'loading'));
    await tick();
    expect(screen()).toMatch(/↓ \d+ more {2}\(↑↓ PgUp PgDn to scroll\)/);
    await app!.press('G');
    expect(screen()).toContain('the end');
    expectFits(app!.frame(), 80, 24);
  });
});

describe('dumps pane title on a narrow terminal', () => {
  it('never cuts the files path: short of room it gets a line of its own, whole', async () => {
    await open(64, 24);
    const [title, files] = linesOf(app!.frame()).slice(1, 3);
    expect(title).toMatch(/^Dumps {2}\d+ JVMs? on/);
    expect(title).not.toContain('files:');
    expect(files).toBe(`files: ${fixture!.desk.outDir}`.slice(0, 64));
    expect(files).not.toContain('…');
  });
});
