import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseInventoryText } from '../../src/config/parse-inventory.js';
import { formatProblem } from '../../src/config/problems.js';

const dir = 'fixtures/config';
const yamlIn = (kind: string) => readdirSync(`${dir}/${kind}`).filter((name) => name.endsWith('.yaml'));

function parseFixture(kind: 'valid' | 'invalid', name: string) {
  return parseInventoryText(readFileSync(`${dir}/${kind}/${name}`, 'utf8'), name);
}

function validFixture(name: string) {
  const result = parseFixture('valid', name);
  if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
  return result.inventory;
}

describe('invalid inventories: every problem at once, exactly as expected', () => {
  it('has fixtures', () => expect(yamlIn('invalid').length).toBeGreaterThanOrEqual(6));

  for (const name of yamlIn('invalid')) {
    it(name, () => {
      const expected = readFileSync(`${dir}/invalid/${name.replace(/\.yaml$/, '.expected')}`, 'utf8').trimEnd().split('\n');
      const result = parseFixture('invalid', name);
      expect(result.ok).toBe(false);
      expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual(expected);
    });
  }
});

describe('valid inventories', () => {
  for (const name of yamlIn('valid')) it(`${name} validates`, () => expect(parseFixture('valid', name).ok).toBe(true));

  it('fills every default for a one-host inventory', () => {
    const inventory = validFixture('minimal.yaml');
    expect(inventory.interval).toBe(1);
    expect(inventory.readOnly).toBe(false);
    expect(inventory.actions).toEqual(['restart', 'recover', 'degrade', 'dump-thread', 'dump-heap', 'load', 'runbook']);
    expect(inventory.thresholds.cpu).toEqual({ warning: 70, critical: 90 });
    expect(inventory.thresholds.loadPerCore).toEqual({ warning: 1, critical: 2 });
    expect(inventory.ssh).toEqual({ acceptNew: false, maxSessions: 10, maxStartups: 10, connectTimeout: 10, keepaliveInterval: 15 });
    expect(inventory.hosts).toEqual([
      { name: 'web-1', address: 'web-1', labels: {}, jvm: { dumpDir: '/tmp', keepRemoteDumps: false } },
    ]);
    expect(inventory.components).toEqual([]);
    expect(inventory.groups).toEqual({});
  });

  it('reads anchors, merge keys and x- keys', () => {
    const inventory = validFixture('anchors.yaml');
    expect(inventory.environment).toBe('production');
    expect(inventory.interval).toBe(0.5);
    expect(inventory.readOnly).toBe(true);
    expect(inventory.actions).toEqual(['dump-thread']);
    const [first, second] = inventory.hosts;
    expect(first).toMatchObject({ name: 'oe-1', address: '10.0.1.11', user: 'trader', port: 2222, labels: { tier: 'trading', dc: 'ny4' } });
    expect(second).toMatchObject({ name: 'oe-2', user: 'trader', port: 2200 });
  });

  it('normalises the short forms into one shape', () => {
    const inventory = validFixture('fleet.yaml');
    expect(inventory.interval).toBe(2);
    expect(inventory.ssh.connectTimeout).toBe(60);
    expect(inventory.hosts[3]).toMatchObject({ address: '2001:db8::10', port: 5022, labels: { role: 'db', rack: '7' } });
    expect(inventory.groups).toEqual({
      ny4: { hosts: [], selectors: [{ dc: 'ny4' }] },
      'oe-or-db': { hosts: [], selectors: [{ role: 'oe' }, { rack: '/[0-9]+/' }] },
      explicit: { hosts: ['md-1'], selectors: [] },
    });
    const [db, oe] = inventory.components;
    expect(db?.health?.check).toEqual({ type: 'command', command: 'pg_isready -q -p {port}' });
    expect(db?.database).toEqual({ type: 'postgres', user: 'postgres', database: 'trading', port: 5432, sudoUser: 'postgres', psql: 'psql' });
    expect(oe?.maxUnavailable).toBe('50%');
    expect(oe?.health).toEqual({
      check: { type: 'http', url: 'http://localhost:8080/health?host={host}', status: [200, 204], contains: 'UP' },
      timeout: 5,
      interval: 2,
      healthyFor: 0,
      startTimeout: 120,
    });
    expect(oe?.metrics.map(({ scheme, host, port, path }) => `${scheme} ${host} ${port} ${path}`)).toEqual([
      'http ::1 9404 /metrics',
      'https localhost 9443 /metrics',
      'http localhost 9405 /actuator/prometheus',
    ]);
    expect(oe?.controls[0]).toEqual({
      name: 'throttle',
      type: 'throttle',
      value: '250',
      on: { type: 'command', command: 'echo {value} > /run/oe/throttle' },
      off: { type: 'command', command: 'rm -f /run/oe/throttle' },
      read: { type: 'http', url: 'http://localhost:8080/throttle', status: [200], headers: {} },
      onPattern: '^\\s*(on|true|1|yes|enabled)\\s*$',
      normal: 'off',
      scope: 'one-host',
    });
    expect(inventory.profiles['calm']?.set).toEqual([{ component: 'oe', control: 'throttle', state: 'on' }]);
  });
});
