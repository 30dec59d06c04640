import { describe, expect, it } from 'vitest';
import { clockTime } from '../../src/format/units.js';
import { degradedBadge } from '../../views/emergency/degraded-badge.js';
import { inventoryFrom } from '../procedures/inventory-text.js';

const inventory = inventoryFrom(
  [
    'hosts:',
    '  - {name: a, address: 127.0.0.1}',
    '  - {name: b, address: 127.0.0.1}',
    'components:',
    '  - name: gw',
    '    role: gateway',
    '    hosts: [a, b]',
    '    controls:',
    '      - {name: throttle, type: throttle, on: "true", off: "true"}',
    '      - {name: accepting, type: flag, normal: on, on: "true", off: "true"}',
    '',
  ].join('\n'),
);

const reading = (host: string, state: 'on' | 'off' | 'unknown') => ({ host, state, output: state });
const status = (control: string, states: Array<'on' | 'off' | 'unknown'>) => ({ component: 'gw', control, type: 'flag', description: undefined, readings: states.map((s, i) => reading(['a', 'b'][i]!, s)) });

describe('the DEGRADED badge', () => {
  it('counts controls off their normal state on any host; normal: on is normal when on; unknown is not counted', () => {
    expect(degradedBadge(inventory, { controls: [status('throttle', ['off', 'off']), status('accepting', ['on', 'on'])], pending: [] })).toBeUndefined();
    expect(degradedBadge(inventory, { controls: [status('throttle', ['off', 'on']), status('accepting', ['on', 'on'])], pending: [] })).toBe('DEGRADED 1');
    expect(degradedBadge(inventory, { controls: [status('throttle', ['on', 'on']), status('accepting', ['off', 'on'])], pending: [] })).toBe('DEGRADED 2');
    expect(degradedBadge(inventory, { controls: [status('throttle', ['unknown', 'off']), status('accepting', ['unknown', 'on'])], pending: [] })).toBeUndefined();
  });

  it('a pending revert counts its controls (once each) and names the first one due', () => {
    const entry = { component: 'gw', control: 'throttle', host: 'a', before: 'off' as const, applied: 'on' as const };
    const revert = (revertAt: string) => ({ id: revertAt, label: 'gw throttle on', createdAt: revertAt, revertAt, pid: 1, localHost: 'x', entries: [entry] });
    const later = '2026-12-03T17:50:00.000Z';
    const first = '2026-12-03T17:46:34.000Z';
    expect(degradedBadge(inventory, { controls: [status('throttle', ['on', 'off'])], pending: [revert(later), revert(first)] })).toBe(`DEGRADED 1 · revert ${clockTime(first)}`);
    expect(degradedBadge(inventory, { controls: null, pending: [revert(later)] })).toBe(`DEGRADED 1 · revert ${clockTime(later)}`);
  });
});
