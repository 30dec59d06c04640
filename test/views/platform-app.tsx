/**
 * The fleet UI with platform readings from real captures (test/fleet/platform-fixture.ts) put
 * into its store as the platform watcher would, opened on one platform pane.
 */
import { stripVTControlCharacters } from 'node:util';
import { expect } from 'vitest';
import type { PlatformState } from '../../src/model/platform-state.js';
import { fleetInfo } from '../../views/fleet/fleet-info.js';
import { FLEET_PANES } from '../../views/panes.js';
import { putPlatform } from '../fleet/platform-fixture.js';
import { capturedSnapshot, renderApp, renderSized, type RenderedApp } from './render-app.js';

const HOSTS = ['oe-1', 'oe-2', 'mq-1', 'db-1'];

const info = fleetInfo([
  { name: 'oe-1', labels: {}, components: [{ name: 'engine', role: 'order-engine' }, { name: 'web', role: 'web' }] },
  { name: 'oe-2', labels: {}, components: [{ name: 'engine', role: 'order-engine' }] },
  { name: 'mq-1', labels: {}, components: [{ name: 'broker', role: 'broker' }] },
  { name: 'db-1', labels: {}, components: [{ name: 'db', role: 'database' }] },
]);

const options = { panes: FLEET_PANES, config: { fleet: info }, snapshots: HOSTS.map((name) => ({ ...capturedSnapshot(), name })) };

/** The digit that opens a pane. */
export const paneKey = (id: string): string => String(FLEET_PANES.findIndex((p) => p.id === id) + 1);

export async function renderPlatformPane(pane: string, platform: PlatformState): Promise<RenderedApp> {
  const app = await renderApp(options);
  putPlatform(app.store, platform);
  await app.press(paneKey(pane));
  return app;
}

export async function renderPlatformSized(columns: number, rows: number, pane: string, platform: PlatformState) {
  const app = await renderSized(columns, rows, options);
  putPlatform(app.store, platform);
  await app.press(paneKey(pane));
  return app;
}

export const plain = (frame: string): string => stripVTControlCharacters(frame);
export const linesOf = (frame: string): string[] => plain(frame).split('\n');

/** Nothing wider than the terminal, never more rows; header first, footer last. */
export function expectFits(frame: string, columns: number, rows: number): void {
  const shown = linesOf(frame);
  expect(shown.length).toBeLessThanOrEqual(rows);
  for (const line of shown) expect(line.length, line).toBeLessThanOrEqual(columns);
  expect(shown[0]).toMatch(/^perfmon/);
}
