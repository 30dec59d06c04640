import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog, currentIdentity } from '../../src/procedures/audit-log.js';
import { findControl, readControl } from '../../src/procedures/control-actions.js';
import { applySettings, goneRevert, profileSettings, revertPending, type DegradeContext } from '../../src/procedures/degradation.js';
import { readPending } from '../../src/procedures/pending-reverts.js';
import { inventoryFrom } from './inventory-text.js';
import { LocalHostAccess } from './local-host-access.js';

let dir: string;
let ctx: DegradeContext;
let notes: string[];

function inventory(d: string) {
  const flag = (name: string, read: boolean) =>
    `      - {name: ${name}, type: flag, on: "echo on > ${d}/{host}.${name}", off: "echo off > ${d}/{host}.${name}"${read ? `, read: "cat ${d}/{host}.${name}"` : ''}}`;
  return inventoryFrom(`
hosts: [{name: a}, {name: b}]
components:
  - name: oe
    role: oe
    hosts: [a, b]
    controls:
${flag('orders', true)}
${flag('blind', false)}
      - {name: broken, type: throttle, value: 5, on: "false", off: "false", read: "echo rate=0", onPattern: "^rate=[1-9]"}
profiles:
  calm: {set: [{component: oe, control: orders, state: off}, {component: oe, control: blind, state: on}]}
  risky: {set: [{component: oe, control: broken, state: on}]}
`);
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'perfmon-degrade-'));
  notes = [];
  ctx = {
    inventory: inventory(dir),
    access: new LocalHostAccess(),
    audit: new AuditLog(join(dir, 'audit.jsonl'), currentIdentity()),
    stateDir: join(dir, 'state'),
    onNote: (m) => notes.push(m),
  };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const state = (host: string, control: string) => (existsSync(join(dir, `${host}.${control}`)) ? readFileSync(join(dir, `${host}.${control}`), 'utf8').trim() : undefined);

describe('degradation controls', () => {
  it('reads the state per host with the control’s pattern; unknown when it cannot be read', async () => {
    writeFileSync(join(dir, 'a.orders'), 'on\n');
    const readings = await readControl(ctx.access, findControl(ctx.inventory, 'oe', 'orders'));
    expect(readings.map((r) => [r.host, r.state])).toEqual([['a', 'on'], ['b', 'unknown']]);
    expect(readings[1]!.output).toMatch(/^exit 1: cat: .*b\.orders: No such file or directory$/);
    expect((await readControl(ctx.access, findControl(ctx.inventory, 'oe', 'broken')))[0]!.state).toBe('off');
  });

  it('a time-boxed profile records its revert first, then switches; the revert restores the states read before', async () => {
    writeFileSync(join(dir, 'a.orders'), 'on\n');
    writeFileSync(join(dir, 'b.orders'), 'off\n');
    const result = await applySettings(ctx, profileSettings(ctx.inventory, 'calm').settings, { label: 'profile calm', forSeconds: 900 });
    expect(result.ok).toBe(true);
    expect([state('a', 'orders'), state('b', 'orders'), state('a', 'blind'), state('b', 'blind')]).toEqual(['off', 'off', 'on', 'on']);
    const [pending] = await readPending(ctx.stateDir);
    expect(pending).toMatchObject({ id: result.revertId, label: 'profile calm', revertAt: result.revertAt!.toISOString() });
    expect(pending!.entries).toEqual([
      { component: 'oe', control: 'orders', host: 'a', before: 'on', applied: 'off' },
      { component: 'oe', control: 'orders', host: 'b', before: 'off', applied: 'off' },
      { component: 'oe', control: 'blind', host: 'a', before: 'unknown', applied: 'on' },
      { component: 'oe', control: 'blind', host: 'b', before: 'unknown', applied: 'on' },
    ]);

    const [reverted] = await revertPending(ctx, result.revertId);
    expect(reverted!.remaining).toEqual([]);
    expect([state('a', 'orders'), state('b', 'orders'), state('a', 'blind'), state('b', 'blind')]).toEqual(['on', 'off', 'off', 'off']);
    expect(notes).toContain('oe blind on a: its state before was not known; assuming off');
    expect(await readPending(ctx.stateDir)).toEqual([]);
    const audit = readFileSync(join(dir, 'audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(audit.filter((l) => l['event'] === 'before').map((l) => `${l['action']} ${l['control']} ${l['host']}`)).toEqual([
      'control-off orders a', 'control-off orders b', 'control-on blind a', 'control-on blind b',
      'control-on orders a', 'control-off orders b', 'control-off blind a', 'control-off blind b',
    ]);
  });

  it('keeps what it could not revert pending, for the next --revert', async () => {
    const result = await applySettings(ctx, profileSettings(ctx.inventory, 'risky').settings, { label: 'profile risky', forSeconds: 60 });
    expect(result.ok).toBe(false);
    expect(result.settings[0]!.switched.map((s) => s.ok)).toEqual([false, false]);
    const [reverted] = await revertPending(ctx);
    expect(reverted!.remaining.map((e) => e.host)).toEqual(['a', 'b']);
    expect((await readPending(ctx.stateDir))[0]!.entries).toHaveLength(2);
  });

  it('a shorter time box over a control whose revert pends leaves the control to that revert', async () => {
    writeFileSync(join(dir, 'a.orders'), 'on\n');
    writeFileSync(join(dir, 'b.orders'), 'on\n');
    const long = await applySettings(ctx, [{ component: 'oe', control: 'orders', state: 'off' }], { label: 'oe orders off', forSeconds: 3600 });
    const short = await applySettings(ctx, profileSettings(ctx.inventory, 'calm').settings, { label: 'profile calm', forSeconds: 60 });
    expect(short.overlaps.map((o) => [o.control, o.host, o.pending.id, o.pendingKeeps])).toEqual([
      ['orders', 'a', long.revertId, true],
      ['orders', 'b', long.revertId, true],
    ]);
    const pending = await readPending(ctx.stateDir);
    expect(pending.map((p) => [p.label, p.entries.map((e) => `${e.control} ${e.host} ${e.before}`)])).toEqual([
      ['oe orders off', ['orders a on', 'orders b on']],
      ['profile calm', ['blind a unknown', 'blind b unknown']],
    ]);
    await revertPending(ctx, short.revertId);
    expect([state('a', 'orders'), state('a', 'blind')]).toEqual(['off', 'off']);
    await revertPending(ctx, long.revertId);
    expect([state('a', 'orders'), state('b', 'orders')]).toEqual(['on', 'on']);
    expect(await readPending(ctx.stateDir)).toEqual([]);
  });

  it('a longer time box takes the pending revert over, with the state from before the first box', async () => {
    writeFileSync(join(dir, 'a.orders'), 'on\n');
    writeFileSync(join(dir, 'b.orders'), 'on\n');
    const first = await applySettings(ctx, [{ component: 'oe', control: 'orders', state: 'off' }], { label: 'oe orders off', forSeconds: 60 });
    const second = await applySettings(ctx, profileSettings(ctx.inventory, 'calm').settings, { label: 'profile calm', forSeconds: 3600 });
    const [record] = await readPending(ctx.stateDir);
    expect(record).toMatchObject({ id: second.revertId, absorbed: [first.revertId] });
    expect(record!.entries.filter((e) => e.control === 'orders').map((e) => e.before)).toEqual(['on', 'on']);
    expect(await revertPending(ctx, first.revertId)).toEqual([]);
    expect(await goneRevert(ctx.stateDir, first.revertId!)).toMatch(/^taken over by the later time box profile calm \(due \d\d:\d\d:\d\d, revert /);
    expect(state('a', 'orders')).toBe('off');
    await revertPending(ctx, second.revertId);
    expect([state('a', 'orders'), state('b', 'orders')]).toEqual(['on', 'on']);
    expect(await readPending(ctx.stateDir)).toEqual([]);
  });

  it('names what does not exist', () => {
    expect(() => profileSettings(ctx.inventory, 'clam')).toThrow("unknown profile 'clam' (did you mean 'calm'?); profiles: calm, risky");
    expect(() => findControl(ctx.inventory, 'oe', 'order')).toThrow("component oe has no control 'order' (did you mean 'orders'?); its controls: orders, blind, broken");
  });
});
