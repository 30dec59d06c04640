import { stripVTControlCharacters } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { FLEET_PANES } from '../../views/panes.js';
import { deskFixture, fixtureSnapshots, until, type DeskFixture } from './emergency-fixture.js';
import { KEYS, renderSized } from './render-app.js';

type Sized = Awaited<ReturnType<typeof renderSized>>;
let app: Sized | undefined;
let fixture: DeskFixture | undefined;
afterEach(async () => {
  app?.unmount();
  app = undefined;
  await fixture?.cleanup();
  fixture = undefined;
});

const lines = (frame: string) => stripVTControlCharacters(frame).split('\n');

function expectFits(frame: string, columns: number, rows: number) {
  const shown = lines(frame);
  expect(shown.length).toBeLessThanOrEqual(rows);
  for (const line of shown) expect(line.length, line).toBeLessThanOrEqual(columns);
  expect(shown[0]).toMatch(/^ PRODUCTION +perfmon/);
}

describe('emergency pane sizes', () => {
  for (const [columns, rows] of [
    [80, 24],
    [200, 50],
  ] as const) {
    it(`every view, the plan preview and a run in progress fit ${columns}×${rows}`, async () => {
      fixture = deskFixture();
      app = await renderSized(columns, rows, { panes: FLEET_PANES, config: { emergency: fixture.desk, environment: 'production' }, snapshots: fixtureSnapshots() });
      await fixture.checkHealth(app.store);
      await app.press(':', 'Emergency', KEYS.enter);
      const seen: string[] = [];
      const check = () => {
        expectFits(app!.frame(), columns, rows);
        seen.push(lines(app!.frame()).join('\n'));
      };
      check();
      await app.press('r');
      check();
      fixture.hold(true);
      await app.press('engine', KEYS.enter);
      await until(fixture.desk.runs, (s) => s.run?.restart?.hosts[0]?.lastHealth === 'exit 1: STARTING', 'oe-1 waiting');
      await app.press('');
      check();
      await app.press('v');
      await until(fixture.desk.degrade, (s) => s.controls !== null, 'controls read');
      await app.press('');
      check();
      await app.press('A');
      await until(fixture.desk.runs, (s) => s.run?.phase === 'finished' && (s.runs?.length ?? 0) > 0, 'the run aborted and listed');
      await app.press('v');
      check();
      expect(seen[0]).toMatch(/engine +\d\/3 ok/);
      expect(seen[1]).toContain('Rolling restart of engine');
      expect(seen[2]).toMatch(/oe-1 +1 +waiting/);
      expect(seen[3]).toMatch(/new-orders +flag/);
      expect(seen[4]).toMatch(/engine +aborted +0\/3/);
    });
  }
});
