import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PlatformState } from '../../src/model/platform-state.js';
import { capturedPlatform } from '../fleet/platform-fixture.js';
import { expectFits, linesOf, plain, renderPlatformPane, renderPlatformSized } from './platform-app.js';
import { KEYS, type RenderedApp } from './render-app.js';

// Phase 1 → 2 of the Python client (order-engine role defaults) on oe-1; oe-2 refuses.
let platform: PlatformState;
beforeAll(async () => {
  platform = await capturedPlatform();
});
let app: RenderedApp | undefined;
afterEach(() => app?.unmount());

const rowOf = (frame: string, name: string) => linesOf(frame).find((l) => l.includes(` ${name} `)) ?? '';

describe('application pane', () => {
  it('shows each component with metrics endpoints: orders/s, p50/p90/p99, error rate, SLO state, endpoints up', async () => {
    app = await renderPlatformPane('application', platform);
    const frame = plain(app.frame());
    expect(frame).toMatch(/Application {2}1 component, rates over 5s of 1m, worst first/);
    expect(frame).toMatch(/COMPONENT +THROUGHPUT +P50 +P90 +P99 +ERRORS +SLO +ENDPOINTS/);
    const row = rowOf(frame, 'engine');
    // 65 orders over the 5.03 s between the captures; quantiles of the interval's observations.
    expect(row).toMatch(/^✖ engine +13 orders\/s +14ms +159ms +423ms +0% ✖PAGE +▲1\/2 up/);
    // Components without endpoints (the broker, the database, a web tier with none) are not rows.
    expect(frame).not.toMatch(/ broker | db | web /);
  });

  it('says over what window the rates and ratios are computed, and how much of it is filled', async () => {
    const windowed = (span: number): PlatformState => ({
      ...platform,
      applications: platform.applications!.map((a) => ({ ...a, detail: a.detail === null ? null : { ...a.detail, windowSeconds: 60, spanSeconds: span } })),
    });
    app = await renderPlatformPane('application', windowed(12.2));
    expect(plain(app.frame())).toMatch(/Application {2}1 component, rates over 12s of 1m, worst first/);
    app.unmount();
    app = await renderPlatformPane('application', windowed(64));
    expect(plain(app.frame())).toMatch(/Application {2}1 component, rates over 1m, worst first/);
  });

  it('opens a component per host with Enter: each endpoint scrape and every metric by host; Esc returns', async () => {
    app = await renderPlatformPane('application', platform);
    await app.press(KEYS.enter);
    const frame = plain(app.frame());
    expect(frame).toContain('engine  order-engine  2 hosts');
    expect(frame).toMatch(/^● oe-1 {2}localhost:9404\/metrics {2}[\d.]+ms {2}8\.7K$/m);
    expect(frame).toMatch(/^✖ oe-2 {2}localhost:9404\/metrics {2}oe-2: GET localhost:9404\/metrics: cannot connect/m);
    expect(frame).toMatch(/^METRIC +ALL +oe-1 +oe-2$/m);
    expect(frame).toMatch(/^orderLatency p99 +423ms +423ms +—$/m);
    expect(frame).toMatch(/^ordersPerSec +13\/s +13\/s +—$/m);
    await app.press(KEYS.esc);
    expect(plain(app.frame())).toMatch(/COMPONENT +THROUGHPUT/);
  });

  it('sorts with s (the sorted column marked) and filters by name or role with /', async () => {
    app = await renderPlatformPane('application', platform);
    await app.press('s');
    expect(plain(app.frame())).toContain('COMPONENT▲');
    await app.press('/', ...'gateway', KEYS.enter);
    expect(plain(app.frame())).toContain('filter gateway: 0 of 1');
    expect(rowOf(app.frame(), 'engine')).toBe('');
    await app.press(KEYS.esc, '/', ...'order-engine', KEYS.enter);
    expect(rowOf(app.frame(), 'engine')).toMatch(/13 orders\/s/);
  });

  it('says plainly when no component declares metrics endpoints, and when the first reading has not come', async () => {
    app = await renderPlatformPane('application', {});
    expect(plain(app.frame())).toContain('No component declares metrics endpoints — see perfmon config init');
    app.store.setPlatform('watching', ['applications']);
    await app.press('');
    expect(plain(app.frame())).toContain('Waiting for the first reading');
  });

  it("puts the key figures in the fleet pane's component group titles", async () => {
    app = await renderPlatformPane('fleet', platform);
    await app.press('v');
    const frame = plain(app.frame());
    expect(frame).toMatch(/── engine · 2 hosts · 13 orders\/s p99 423ms ──/);
    // Components without application metrics keep the plain title.
    expect(frame).toMatch(/── broker · 1 host ──/);
  });

  for (const [columns, rows] of [
    [80, 24],
    [200, 50],
  ] as const) {
    it(`fits ${columns}×${rows}, keeping throughput, p99, errors and endpoints`, async () => {
      const sized = await renderPlatformSized(columns, rows, 'application', platform);
      try {
        expectFits(sized.frame(), columns, rows);
        const row = rowOf(sized.frame(), 'engine');
        expect(row).toMatch(/13 orders\/s .*423ms .*0% .*1\/2 up/);
        if (columns === 200) expect(row).toMatch(/order-engine .*validation p99 20ms · routing p99 67ms · execution p99 500ms/);
        await sized.press(KEYS.enter);
        expectFits(sized.frame(), columns, rows);
      } finally {
        sized.unmount();
      }
    });
  }
});
