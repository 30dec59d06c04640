import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ComponentHealthWatch, type ComponentHealthMap } from '../../src/procedures/component-health-watch.js';
import { FleetHostAccess, HostDownError } from '../../src/procedures/fleet-host-access.js';
import { inventoryFrom } from './inventory-text.js';
import { LocalHostAccess } from './local-host-access.js';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function inventory() {
  dir = mkdtempSync(join(tmpdir(), 'perfmon-health-watch-'));
  return inventoryFrom(
    [
      'hosts: [{name: a, address: 10.0.0.1, port: 2222, user: ops}, {name: b, address: 10.0.0.2}]',
      'components:',
      '  - name: web',
      '    role: web',
      '    hosts: [a, b]',
      '    health:',
      `      command: test -f ${dir}/up-{host}`,
      '  - name: batch',
      '    role: worker',
      '    hosts: [b]',
      '',
    ].join('\n'),
  );
}

describe('ComponentHealthWatch', () => {
  it('checks every host of every component with a health check and publishes each result in inventory order', async () => {
    const inv = inventory();
    writeFileSync(join(dir, 'up-b'), '');
    const published: ComponentHealthMap[] = [];
    const watch = new ComponentHealthWatch(inv, new LocalHostAccess(), (h) => published.push(h), { intervalMs: 60_000, now: () => 42 });
    await watch.checkNow();
    expect(published).toHaveLength(2);
    expect(published.at(-1)).toEqual({
      web: [
        { host: 'a', ok: false, output: 'exit 1', time: 42 },
        { host: 'b', ok: true, output: 'exit 0', time: 42 },
      ],
    });
  });

  it('once stopped publishes nothing, not even a check that was under way', async () => {
    const inv = inventory();
    writeFileSync(join(dir, 'up-b'), '');
    const published: ComponentHealthMap[] = [];
    const watch = new ComponentHealthWatch(inv, new LocalHostAccess(), (h) => published.push(h), { intervalMs: 60_000 });
    const checks = watch.checkNow();
    watch.stop();
    await checks;
    expect(published).toEqual([]);
  });

  it('skips hosts the caller knows are down, and checks one host at once when asked', async () => {
    const inv = inventory();
    const access = new LocalHostAccess();
    let down = true;
    let last: ComponentHealthMap = {};
    const watch = new ComponentHealthWatch(inv, access, (h) => (last = h), { intervalMs: 60_000, skip: (host) => host === 'a' && down });
    await watch.checkNow();
    expect(access.commands.map((c) => c.host)).toEqual(['b']);
    expect(last['web']?.map((r) => r.host)).toEqual(['b']);
    down = false;
    await watch.checkHost('a');
    expect(access.commands.map((c) => c.host)).toEqual(['b', 'a']);
    expect(last['web']?.map((r) => r.host)).toEqual(['a', 'b']);
  });

  it('joins a check still under way instead of stacking another', async () => {
    const inv = inventory();
    const access = new LocalHostAccess();
    const watch = new ComponentHealthWatch(inv, access, () => {}, { intervalMs: 60_000 });
    await Promise.all([watch.checkNow(), watch.checkNow(), watch.checkHost('a')]);
    expect(access.commands).toHaveLength(2);
  });

  it('reads a host the fleet has no connection to as refused, without sending anything', async () => {
    const inv = inventory();
    const access = new FleetHostAccess(inv, { connection: () => null });
    expect(access.target('a')).toEqual({ name: 'a', address: '10.0.0.1', port: 2222, user: 'ops' });
    await expect(access.exec('a', 'true', { timeoutMs: 1000 })).rejects.toBeInstanceOf(HostDownError);
    await expect(access.http('b', { url: 'http://10.0.0.2/health' }, { timeoutMs: 1000 })).rejects.toThrow('b is down (no SSH connection): nothing was sent to it');
    let last: ComponentHealthMap = {};
    await new ComponentHealthWatch(inv, access, (h) => (last = h), { intervalMs: 60_000 }).checkNow();
    expect(last['web']?.[0]).toMatchObject({ host: 'a', ok: false, output: 'a is down (no SSH connection): nothing was sent to it' });
  });
});
