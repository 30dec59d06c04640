import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PlatformState } from '../../src/model/platform-state.js';
import { capturedPlatform } from '../fleet/platform-fixture.js';
import { expectFits, linesOf, plain, renderPlatformPane, renderPlatformSized } from './platform-app.js';
import { KEYS, type RenderedApp } from './render-app.js';

// The engine's SLOs over the captured interval: p99 423 ms against a 5 ms threshold (every
// slice bad: the budget is gone and both alerts fire), 13 orders/s against 5 (good), no rejects.
let platform: PlatformState;
beforeAll(async () => {
  platform = await capturedPlatform();
});
let app: RenderedApp | undefined;
afterEach(() => app?.unmount());

const sloOrder = (frame: string) =>
  linesOf(frame)
    .map((l) => / engine +(order-latency|order-rate|orders-succeed) /.exec(l)?.[1])
    .filter(Boolean);

describe('SLO pane', () => {
  it('shows per component and objective: SLI now, SLI, objective, budget left, page and ticket burn rates, alert state', async () => {
    const sized = await renderPlatformSized(200, 50, 'slo', platform);
    const frame = plain(sized.frame());
    sized.unmount();
    expect(frame).toMatch(/SLO {2}3 objectives, 1 PAGE, seen 5s\/30d, worst first/);
    expect(frame).toMatch(/ALERT▼ +COMPONENT +SLO +TYPE +NOW +SLI +OBJ +BUDGET +SEEN +PAGE BURN +TICKET BURN/);
    expect(frame).toMatch(/^✖PAGE +engine +order-latency +latency +▲423ms +0\.00% +99\.9% +✖spent +5s\/30d +✖1k×\/1k× +▲1k×\/1k×$/m);
    expect(frame).toMatch(/^ ok +engine +order-rate +throughput +13\/s +100\.00% +99% +100\.00% +5s\/30d +0\.0×\/0\.0× +0\.0×\/0\.0×$/m);
    expect(frame).toMatch(/^ ok +engine +orders-succeed +error-rate +0% +100\.00% +99\.9% +100\.00% /m);
    expect(sloOrder(frame)).toEqual(['order-latency', 'order-rate', 'orders-succeed']);
  });

  it('opens an SLO with Enter: windows, thresholds, burn rates and whether each alert fires', async () => {
    app = await renderPlatformPane('slo', platform);
    await app.press(KEYS.enter);
    const frame = plain(app.frame());
    expect(frame).toContain('engine / order-latency  (latency)');
    expect(frame).toContain('objective 99.9% over 30d; perfmon has seen 5s of it');
    expect(frame).toContain('SLI 0.00% over what it has seen; latest sample bad: 423ms');
    expect(frame).toContain('error budget: 0.1% of events may be bad; 1k× of it spent, none left');
    expect(frame).toMatch(/^page +5m +1h +14\.4× +1k× +1k× {2}FIRING \(partial\)$/m);
    expect(frame).toMatch(/^ticket +30m +6h +6× +1k× +1k× {2}FIRING \(partial\)$/m);
    await app.press(KEYS.esc);
    expect(plain(app.frame())).toMatch(/ALERT▼ +COMPONENT/);
  });

  it('sorts by name and budget with s, filters with /', async () => {
    app = await renderPlatformPane('slo', platform);
    await app.press('s');
    expect(plain(app.frame())).toContain('SLO▲');
    expect(sloOrder(app.frame())).toEqual(['order-latency', 'order-rate', 'orders-succeed']);
    await app.press('S');
    expect(sloOrder(app.frame())).toEqual(['orders-succeed', 'order-rate', 'order-latency']);
    await app.press('/', ...'throughput', KEYS.enter);
    expect(sloOrder(app.frame())).toEqual(['order-rate']);
  });

  it('says plainly when no component declares SLOs', async () => {
    app = await renderPlatformPane('slo', { watching: ['applications', 'queues'] });
    expect(plain(app.frame())).toContain('No component declares SLOs — see perfmon config init');
  });

  for (const [columns, rows] of [
    [80, 24],
    [200, 50],
  ] as const) {
    it(`fits ${columns}×${rows}, keeping the alert, SLI now, budget and page burn`, async () => {
      const sized = await renderPlatformSized(columns, rows, 'slo', platform);
      try {
        expectFits(sized.frame(), columns, rows);
        expect(plain(sized.frame())).toMatch(/✖PAGE +engine +order-latency +.*▲423ms +0\.00% +99\.9% +✖spent +(5s\/30d +)?✖1k×\/1k×/);
        expect(plain(sized.frame())).toContain('seen 5s/30d');
        await sized.press(KEYS.enter);
        expectFits(sized.frame(), columns, rows);
      } finally {
        sized.unmount();
      }
    });
  }
});
