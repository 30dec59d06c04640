import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PlatformState } from '../../src/model/platform-state.js';
import { clockTime } from '../../src/format/units.js';
import { capturedPlatform } from '../fleet/platform-fixture.js';
import { expectFits, linesOf, plain, renderPlatformPane, renderPlatformSized } from './platform-app.js';
import { KEYS, type RenderedApp } from './render-app.js';

// Two real per-object scrapes of RabbitMQ 3.10, 5 s apart, while amqp-pair.py published 40/s
// into orders.in and acknowledged 10/s; windows of 5 s so those two reads judge the imbalance.
let platform: PlatformState;
let since: string;
beforeAll(async () => {
  platform = await capturedPlatform();
  since = clockTime(platform.queues!.queues.find((q) => q.name === 'orders.in')!.imbalanceSinceMs!);
});
let app: RenderedApp | undefined;
afterEach(() => app?.unmount());

const queueOrder = (frame: string) =>
  linesOf(frame)
    .map((l) => /^mq-1 +(orders\.in|orders\.exec|audit "q" \\ back…) /.exec(l)?.[1])
    .filter(Boolean);

describe('queues pane', () => {
  it('lists every queue with depth, growth, publish vs deliver/ack, consumers, unacked, ETA, IMBALANCE since when and a sparkline', async () => {
    app = await renderPlatformPane('queues', platform);
    const frame = plain(app.frame());
    expect(frame).toMatch(/Queues {2}3 queues, 1 IMBALANCE, worst first/);
    // 100 columns: the least needed columns (component, source, deliveries, unacked, trend) make room.
    expect(frame).toMatch(/HOST +QUEUE +DEPTH +GROW\/s +PUB\/s +ACK\/s +CONS +ETA +FLAG▼/);
    const row = linesOf(frame).find((l) => l.includes('orders.in'))!;
    expect(row).toMatch(new RegExp(`^mq-1 +orders\\.in +303 +\\+30 +40 +9\\.9 +1 full in 55m 21s ✖IMBALANCE ${since}$`));
    // Messages waiting and nobody consuming: marked.
    expect(linesOf(frame).find((l) => l.includes('audit'))).toMatch(/ +5 +0 +0 +0 +✖0 steady/);
    expect(linesOf(frame).find((l) => l.includes('orders.exec'))).toMatch(/ +0 +0 +0 +0 +1 empty/);
    expect(queueOrder(frame)).toEqual(['orders.in', 'audit "q" \\ back…', 'orders.exec']);
  });

  it('sorts by depth, growth and name with s, reverses with S, filters with / (imbalance finds the flagged)', async () => {
    app = await renderPlatformPane('queues', platform);
    await app.press('s', 's', 's');
    expect(plain(app.frame())).toContain('QUEUE▲');
    expect(queueOrder(app.frame())).toEqual(['audit "q" \\ back…', 'orders.exec', 'orders.in']);
    await app.press('S');
    expect(queueOrder(app.frame())).toEqual(['orders.in', 'orders.exec', 'audit "q" \\ back…']);
    await app.press('/', ...'imbalance', KEYS.enter);
    expect(queueOrder(app.frame())).toEqual(['orders.in']);
    expect(plain(app.frame())).toContain('filter imbalance: 1 of 3');
  });

  it('opens a queue with Enter: rates over their window, the imbalance slices and since when, the depth history', async () => {
    app = await renderPlatformPane('queues', platform);
    await app.press(KEYS.enter);
    const frame = plain(app.frame());
    expect(frame).toContain('orders.in  broker on mq-1  (rabbitmq-prometheus)');
    expect(frame).toContain('depth 303  ready 298  unacked 5  consumers 1  limit 100000');
    expect(frame).toMatch(/publish 40\/s {2}deliver 9\.9\/s {2}ack 9\.9\/s {2}growth 30\/s {2}over the last 5s/);
    expect(frame).toContain(`✖ IMBALANCE: more in than out in every 5s of the last 5s since ${since} (5s)`);
    expect(frame).toContain('net inflow per slice, oldest first: +151');
    expect(frame).toMatch(/depth, last 2 readings \(max 303\):\n +▄█/);
    await app.press(KEYS.esc);
    expect(plain(app.frame())).toMatch(/QUEUE +DEPTH/);
  });

  it('names the sources that could not be read, per host, above the table', async () => {
    const errors = [{ component: 'broker', host: 'mq-2', message: 'mq-2 is down (no SSH connection)' }];
    app = await renderPlatformPane('queues', { ...platform, queues: { ...platform.queues!, errors } });
    const lines = linesOf(app.frame());
    expect(lines[2]).toBe('✖ broker mq-2 is down (no SSH connection)');
    expect(queueOrder(app.frame())).toHaveLength(3);
  });

  it('says plainly when no component declares queue sources', async () => {
    app = await renderPlatformPane('queues', { watching: ['applications'] });
    expect(plain(app.frame())).toContain('No component declares queue sources — see perfmon config init');
  });

  for (const [columns, rows] of [
    [80, 24],
    [200, 50],
  ] as const) {
    it(`fits ${columns}×${rows}, keeping depth, rates, ETA and the flag`, async () => {
      const sized = await renderPlatformSized(columns, rows, 'queues', platform);
      try {
        expectFits(sized.frame(), columns, rows);
        const row = linesOf(sized.frame()).find((l) => l.includes('orders.in'))!;
        expect(row).toMatch(new RegExp(`303 .*40 .*9\\.9 .*full in 55m 21s ✖IMBALANCE ${since}`));
        if (columns === 200) expect(row).toMatch(/^broker +mq-1 +prom orders\.in +303 +\+30 +40 +9\.9 +9\.9 +1 +5 full in .* ▄█$/);
        await sized.press(KEYS.enter);
        expectFits(sized.frame(), columns, rows);
      } finally {
        sized.unmount();
      }
    });
  }
});
