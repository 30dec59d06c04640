/**
 * The Capacity pane on a store written as a recorder would (6 hours of one-minute readings):
 * web-1's /data fills at 2 GiB/h, its order engine's orders follow a wave and its CPU follows
 * them. The pane ranks /data first with its time to full, says the component's headroom,
 * opens a resource's trends on Enter, and answers a what-if typed after `w`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HistoryWriter } from '../../src/history/history-writer.js';
import { fleetInfo } from '../../views/fleet/fleet-info.js';
import { FLEET_PANES } from '../../views/panes.js';
import { capturedSnapshot, KEYS, renderApp, type RenderedApp } from './render-app.js';

const GIB = 1024 ** 3;
const MINUTE = 60_000;
const dir = mkdtempSync(join(tmpdir(), 'perfmon-capacity-pane-'));
const now = Math.floor(Date.now() / MINUTE) * MINUTE;
const start = now - 6 * 60 * MINUTE;
const orders = (t: number) => 400 + 300 * Math.sin((t - start) / (40 * MINUTE));

beforeAll(async () => {
  const writer = await HistoryWriter.open(dir);
  try {
    for (let t = start; t <= now; t += MINUTE) {
      const used = 300 * GIB + (2 * GIB * (t - start)) / (60 * MINUTE) + ((t / MINUTE) % 7) * 1e6;
      writer.append('web-1', t, [
        { key: { name: 'fs_used_bytes', labels: { host: 'web-1', mount: '/data' } }, v: used },
        { key: { name: 'fs_available_bytes', labels: { host: 'web-1', mount: '/data' } }, v: 400 * GIB - used },
        { key: { name: 'cpu_usage', labels: { host: 'web-1' } }, v: 5 + 0.04 * orders(t) },
      ]);
      writer.append('app:order-engine', t, [{ key: { name: 'app_metric', labels: { component: 'order-engine', metric: 'ordersPerSec' } }, v: orders(t) }]);
    }
  } finally {
    writer.close();
  }
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fleet = fleetInfo([{ name: 'web-1', labels: {}, components: [{ name: 'order-engine', role: 'order-engine' }] }]);
const plain = (app: RenderedApp) => stripVTControlCharacters(app.frame());
async function until(app: RenderedApp, text: string): Promise<void> {
  for (let i = 0; i < 200 && !plain(app).includes(text); i++) await app.press('');
  expect(plain(app)).toContain(text);
}

describe('Capacity pane', () => {
  it('ranks what runs out first, says the headroom, opens the trends, answers a what-if', async () => {
    const app = await renderApp({ panes: FLEET_PANES, config: { fleet, historyDir: dir }, snapshots: [{ ...capturedSnapshot(), name: 'web-1' }] });
    try {
      await app.press(':', 'Capacity', KEYS.enter);
      await until(app, 'filesystem');
      const lines = plain(app).split('\n');
      expect(lines[0]).toMatch(/15\/15 Capacity$/);
      expect(plain(app)).toMatch(/Capacity {2}2 resources/);
      expect(plain(app)).toContain('order-engine headroom');
      const first = lines.findIndex((l) => /FULL IN/.test(l)) + 1;
      // 88 GiB left at 2 GiB/h: 44 h (the forecast's level is the trend line's, a bucket behind).
      expect(lines[first]).toMatch(/^1d (19|20)h\s+filesystem\s+web-1\s+\/data/);
      await app.press(KEYS.enter);
      expect(plain(app)).toContain('filesystem /data on web-1');
      expect(plain(app)).toMatch(/6h\s+\+48G\/d/);
      await app.press(KEYS.esc, 'w', 'orders=+50%', KEYS.enter);
      await until(app, 'what-if order-engine ordersPerSec +50%');
      expect(plain(app)).toMatch(/cpu@web-1 \d+(\.\d)?%→\d+(\.\d)?% \(R² 1\.00\)/);
      expect(plain(app).replace(/\s+/g, ' ')).toContain('all under warning; hosts needed 1 (now 1)');
    } finally {
      app.unmount();
    }
  });
});
