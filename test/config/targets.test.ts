import { describe, expect, it } from 'vitest';
import { defaultInventory } from '../../src/config/load-inventory.js';
import { parseInventoryText } from '../../src/config/parse-inventory.js';
import { parseTarget, selectInventory } from '../../src/config/targets.js';
import { resolveInventoryPaths } from '../../src/config/load-inventory.js';
import { SelectionError } from '../../src/config/inventory-queries.js';

function inventoryOf(text: string) {
  const result = parseInventoryText(text, 'inv.yaml');
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return resolveInventoryPaths(result.inventory, { baseDir: '/', env: {}, home: '/home/op' });
}

describe('parseTarget', () => {
  const cases: [string, { name: string; address: string; user?: string; port?: number }][] = [
    ['web-1', { name: 'web-1', address: 'web-1' }],
    ['deploy@web-1', { name: 'web-1', address: 'web-1', user: 'deploy' }],
    ['deploy@web-1.example.com:2222', { name: 'web-1.example.com:2222', address: 'web-1.example.com', user: 'deploy', port: 2222 }],
    ['10.0.0.7:22', { name: '10.0.0.7:22', address: '10.0.0.7', port: 22 }],
    ['[::1]:2222', { name: '[::1]:2222', address: '::1', port: 2222 }],
    ['root@[2001:db8::1]', { name: '[2001:db8::1]', address: '2001:db8::1', user: 'root' }],
    ['2001:db8::1', { name: '2001:db8::1', address: '2001:db8::1' }],
    ['fe80::1%eth0', { name: 'fe80::1%eth0', address: 'fe80::1%eth0' }],
  ];
  for (const [target, expected] of cases) {
    it(target, () => {
      const host = parseTarget(target);
      expect({ name: host.name, address: host.address, user: host.user, port: host.port }).toEqual({ user: undefined, port: undefined, ...expected });
      expect(host.labels).toEqual({});
      expect(host.jvm).toEqual({ dumpDir: '/tmp', keepRemoteDumps: false });
    });
  }

  it('keeps the last @ as the separator (as ssh does) but refuses odd user names', () => {
    expect(() => parseTarget('a@b@host')).toThrow(/'a@b' is not a user name/);
  });

  const bad: [string, RegExp][] = [
    ['', /invalid target '': it is empty/],
    ['-oProxyCommand=x', /starts with "-"/],
    ['@web-1', /the user before @ is empty/],
    ['web-1:0', /port '0' is not 1–65535/],
    ['web-1:http', /port 'http' is not 1–65535/],
    ['[::1]:99999', /port '99999'/],
    ['user@', /the host is empty/],
    ['we b', /'we b' is not a host name or IP address/],
    ['host;rm -rf', /is not a host name/],
  ];
  for (const [target, message] of bad) {
    it(`refuses ${JSON.stringify(target)}`, () => {
      expect(() => parseTarget(target)).toThrow(SelectionError);
      expect(() => parseTarget(target)).toThrow(message);
    });
  }
});

describe('selectInventory', () => {
  const inventory = inventoryOf(`
hosts:
  - {name: oe-1, address: 10.0.0.1, labels: {dc: ny4}}
  - {name: oe-2, address: 10.0.0.2, labels: {dc: ld4}}
  - {name: db-1, address: 10.0.0.3, user: pg, labels: {dc: ny4}}
groups:
  ny4: {labels: {dc: ny4}}
  trading: [oe-1, oe-2]
components:
  - {name: db, role: database, hosts: [db-1]}
  - {name: oe, role: order-engine, group: trading, dependsOn: [db]}
`);
  const names = (selected: { hosts: { name: string }[] }) => selected.hosts.map((host) => host.name);

  it('returns the inventory unchanged without group or targets', () => {
    expect(selectInventory(inventory, {})).toBe(inventory);
  });

  it('picks a group by label selector, keeping components on those hosts', () => {
    const selected = selectInventory(inventory, { group: 'ny4' });
    expect(names(selected)).toEqual(['oe-1', 'db-1']);
    expect(selected.components.map((c) => [c.name, c.hosts, c.dependsOn])).toEqual([
      ['db', ['db-1'], []],
      ['oe', ['oe-1'], ['db']],
    ]);
  });

  it('drops components left without hosts and trims dependsOn to what remains', () => {
    const selected = selectInventory(inventory, { group: 'trading' });
    expect(selected.components.map((c) => [c.name, c.hosts, c.dependsOn])).toEqual([['oe', ['oe-1', 'oe-2'], []]]);
  });

  it('uses the inventory entry when a target names a host, with the user or port given', () => {
    const selected = selectInventory(inventory, { targets: ['admin@db-1:2200', 'new-host'] });
    expect(selected.hosts.map((h) => [h.name, h.address, h.user, h.port])).toEqual([
      ['db-1', '10.0.0.3', 'admin', 2200],
      ['new-host', 'new-host', undefined, undefined],
    ]);
  });

  it('adds targets after the group, without repeating a host', () => {
    expect(names(selectInventory(inventory, { group: 'trading', targets: ['oe-1', 'db-1'] }))).toEqual(['oe-1', 'oe-2', 'db-1']);
  });

  it('works without an inventory file (ad-hoc targets only)', () => {
    const selected = selectInventory(defaultInventory({ env: {}, home: '/home/op' }), { targets: ['ops@10.1.1.1:2022'] });
    expect(selected.hosts.map((h) => [h.name, h.address, h.user, h.port])).toEqual([['10.1.1.1:2022', '10.1.1.1', 'ops', 2022]]);
  });

  it('names the known groups when the group is unknown', () => {
    expect(() => selectInventory(inventory, { group: 'trdaing' })).toThrow(
      new SelectionError("unknown group 'trdaing' (did you mean 'trading'?); known groups: ny4, trading"),
    );
    expect(() => selectInventory(defaultInventory(), { group: 'web' })).toThrow(
      new SelectionError("unknown group 'web': the inventory defines no groups"),
    );
  });
});
