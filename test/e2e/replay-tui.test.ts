/** Replay in the real bin/perfmon.js in a pseudo-terminal, at 80×24 and 200×50, over a store the writer filled for this machine. */
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clockTime, formatPercent } from '../../src/format/units.js';
import { fillStore, filledReading, type FillOptions } from '../history/fill-store.js';
import { PtySession } from './pty-session.js';

const state = mkdtempSync(join(tmpdir(), 'perfmon-replay-e2e-'));
const FILL: FillOptions = { hosts: [hostname()], start: Math.floor((Date.now() - 20 * 60_000) / 1000) * 1000, seconds: 180 };
beforeAll(() => fillStore(join(state, 'history'), FILL));
afterAll(() => rmSync(state, { recursive: true, force: true }));

let session: PtySession | undefined;
afterEach(() => session?.kill());

describe('replay in a real terminal', () => {
  for (const [cols, rows] of [
    [80, 24],
    [200, 50],
  ] as const) {
    it(`at ${cols}×${rows}: :at TIME shows this machine as recorded, REPLAY leads the header, [ steps back, . goes live, q quits`, async () => {
      session = new PtySession([], { cols, rows, env: { PERFMON_STATE_DIR: state, NO_COLOR: '1' } });
      await session.waitFor(/^CPU {2}\S/m);
      const at = FILL.start + 120_000;
      session.write(':');
      await session.waitFor(/Esc close/);
      session.write(`at ${new Date(at).toLocaleString('sv')}`);
      await session.waitFor(/Enter: replay/);
      session.write('\r');
      const replay = await session.waitFor((text) => text.startsWith(` REPLAY ${clockTime(at)} (−`), 30_000);
      const recorded = filledReading(FILL, hostname(), 120);
      expect(replay).toMatch(new RegExp(`^CPU .*[ ▲✖]${formatPercent(recorded.cpu.usage).replace('.', '\\.')} `, 'm'));
      for (const line of session.screen()) expect(line.length).toBeLessThanOrEqual(cols);
      await session.waitFor((text) => /\. live/.test(text.trimEnd().split('\n').at(-1)!)); // the footer offers the way back

      session.write('[');
      await session.waitFor((text) => text.startsWith(` REPLAY ${clockTime(at - 10_000)} (−`));
      session.write('4'); // Processes (4 whatever is watched): the busiest processes as recorded
      const busiest = [...filledReading(FILL, hostname(), 110).processes].sort((a, b) => b.cpu - a.cpu)[0]!;
      await session.waitFor(new RegExp(`^ +${busiest.pid} `, 'm'));

      session.write('.');
      await session.waitFor((text) => text.startsWith('perfmon'));
      session.write('q');
      expect((await session.exited).exitCode).toBe(0);
    });
  }
});
