import { describe, expect, it } from 'vitest';
import { formatOutcome, ProgressPrinter } from '../../../src/procedures/cli/progress-text.js';
import { planRollingRestart } from '../../../src/procedures/plan.js';
import { inventoryFrom } from '../inventory-text.js';
import { LocalHostAccess } from '../local-host-access.js';

const plan = planRollingRestart(
  inventoryFrom('hosts: [{name: a}, {name: b}, {name: c}]\ncomponents: [{name: web, role: web, hosts: [a, b, c], health: {command: "true"}, restart: "r", drain: "d {host}", undrain: "u {host}"}]'),
  'web',
  new LocalHostAccess(),
);

describe('formatOutcome', () => {
  it('says what stopped, where each host is, what may still be drained and how to continue', () => {
    const text = formatOutcome(
      { runId: 'run-1', status: 'failed', states: { a: 'healthy', b: 'failed', c: 'pending' }, failed: ['b'], skipped: [], unconfirmed: [], leftDrained: ['b'], reason: 'b failed (wait): stopped on the first failure' },
      plan,
    );
    expect(text).toBe(
      [
        'Stopped on a failure: b failed (wait): stopped on the first failure',
        '  a         healthy',
        '  b         failed',
        '  c         untouched',
        "b may still be drained (out of the load balancer); to put it back: u 'b'",
        'To continue: perfmon restart --resume run-1',
        '',
      ].join('\n'),
    );
  });

  it('is one line when every host is healthy, and names hosts checked without proof of restart', () => {
    const states = { a: 'healthy', b: 'healthy', c: 'healthy' } as const;
    const text = formatOutcome({ runId: 'r', status: 'completed', states, failed: [], skipped: [], unconfirmed: ['b'], leftDrained: [], reason: undefined }, plan);
    expect(text.split('\n')[0]).toBe('Done: all 3 hosts of web restarted and healthy.');
    expect(text).toContain('without proof their restart ran (perfmon stopped mid-restart): b');
  });
});

describe('ProgressPrinter', () => {
  it('prints state changes and health output only when it changes', () => {
    const lines: string[] = [];
    const printer = new ProgressPrinter((l) => lines.push(l), '', () => new Date(2025, 0, 1, 3, 4, 5));
    printer.handle({ type: 'run-started', runId: 'r', plan, resumed: false });
    printer.handle({ type: 'host', host: 'a', state: 'waiting', step: 'wait', elapsedMs: 1500, lastHealth: undefined, detail: undefined });
    for (const output of ['HTTP 503: STARTING', 'HTTP 503: STARTING', 'HTTP 200: UP']) printer.handle({ type: 'health', host: 'a', ok: output.includes('200'), output, waitedMs: 250 });
    expect(lines).toEqual([
      'Started run r; if it stops, continue it with: perfmon restart --resume r',
      '03:04:05  a         waiting       1.5s',
      '03:04:05  a         checking      0.3s  HTTP 503: STARTING',
      '03:04:05  a         passing       0.3s  HTTP 200: UP',
    ]);
  });
});
