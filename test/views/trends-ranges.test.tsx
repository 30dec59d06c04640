/** Trends ranges over a real history store the writer filled: + / - / o / f and zoom. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { formatPercent } from '../../src/format/units.js';
import { fleetInfo } from '../../views/fleet/fleet-info.js';
import { FLEET_PANES } from '../../views/panes.js';
import { fillStore, filledReading, type FillOptions } from '../history/fill-store.js';
import { capturedSnapshot, KEYS, renderApp, tick, type RenderedApp } from './render-app.js';

const dir = mkdtempSync(join(tmpdir(), 'perfmon-trends-view-'));
const FILL: FillOptions = { hosts: ['db1', 'web1'], start: Math.floor((Date.now() - 6 * 60_000) / 1000) * 1000, seconds: 300 };
beforeAll(() => fillStore(dir, FILL));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let app: RenderedApp | undefined;
afterEach(() => app?.unmount());

const plain = () => stripVTControlCharacters(app!.frame());
async function until(check: () => boolean) {
  for (let i = 0; i < 1000 && !check(); i++) await tick(10);
  expect(check(), plain()).toBe(true);
}

describe('Trends ranges from history', () => {
  it('+ reads the last 10 minutes from history (band and mean per bucket, the peak and its time); f widens to the fleet; o overlays a day earlier; - goes back to live; Enter zooms with Esc back', async () => {
    const live = { ...capturedSnapshot(), time: new Date().toISOString() };
    app = await renderApp({
      panes: FLEET_PANES,
      config: { fleet: fleetInfo(FILL.hosts.map((name) => ({ name, labels: {}, components: [{ name: 'db', role: 'database' }] }))), historyDir: dir },
      snapshots: FILL.hosts.map((name) => ({ ...live, name })),
    });
    await app.press('3');
    expect(plain()).toContain('CPU  busy now');
    await app.press('+');
    await until(() => plain().includes('CPU  10m · db1'));
    const peak = Math.max(...Array.from({ length: FILL.seconds }, (_, s) => filledReading(FILL, 'db1', s).cpu.usage));
    const cpuTitle = plain().split('\n').find((l) => l.includes('CPU  10m'))!;
    // The buckets are 9 s wide at this width: the peak is the highest reading of them all.
    expect(cpuTitle).toContain(`peak ${formatPercent(peak)} at `);
    expect(plain()).toContain('●');
    expect(plain()).toMatch(/└\d\d:\d\d[─^]+ 10m [─^]+\d\d:\d\d/);
    await app.press('f');
    await until(() => plain().includes('CPU  10m · db (2 hosts) · ● mean ▴ worst'));
    await app.press('f');
    await until(() => plain().includes('CPU  10m · fleet (2 hosts)'));
    await app.press('o');
    await until(() => plain().includes('a day earlier ·'));
    await app.press(KEYS.enter);
    await until(() => plain().includes('Esc back'));
    await app.press(KEYS.esc);
    await app.press('-');
    await until(() => plain().includes('CPU  busy now'));
  });
});
