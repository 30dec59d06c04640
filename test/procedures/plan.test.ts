import { describe, expect, it } from 'vitest';
import { batchesOf, formatPlan, parseBatch, planRollingRestart, PlanError } from '../../src/procedures/plan.js';
import { inventoryFrom } from './inventory-text.js';
import { LocalHostAccess } from './local-host-access.js';

const access = new LocalHostAccess();

const fleet = (component: string) =>
  inventoryFrom(`
environment: production
hosts: [{name: oe-1}, {name: oe-2}, {name: oe-3}, {name: oe-4}, {name: oe-5}]
components:
${component}
`);

const orderEngine = fleet(`
  - name: order-engine
    role: "it's $(reboot); x"
    hosts: [oe-5, oe-2, oe-1, oe-4, oe-3]
    maxUnavailable: 40%
    health:
      http: {url: "http://localhost:8080/health?h={host}", contains: UP}
    drain: /opt/lb/drain {host}
    undrain: /opt/lb/undrain {host}
    restart: systemctl restart {component} --role {role}
`);

describe('parseBatch', () => {
  it('reads counts and percentages, and refuses anything else by name', () => {
    expect(parseBatch('2')).toEqual({ count: 2 });
    expect(parseBatch(3)).toEqual({ count: 3 });
    expect(parseBatch('25%')).toEqual({ percent: 25 });
    for (const bad of ['0', '-1', '1.5', '0%', '101%', 'all', '']) expect(() => parseBatch(bad), bad).toThrow(PlanError);
    expect(() => parseBatch('two')).toThrow('--batch must be a number of hosts (1, 2, …) or a percentage of them (25%), not "two"');
  });
});

describe('planRollingRestart', () => {
  it('orders hosts as the inventory does, batches them, and renders every command with values quoted', () => {
    const plan = planRollingRestart(orderEngine, 'order-engine', access, { batch: 2 });
    expect(plan.hosts.map((h) => [h.name, h.batch])).toEqual([['oe-1', 0], ['oe-2', 0], ['oe-3', 1], ['oe-4', 1], ['oe-5', 2]]);
    expect(batchesOf(plan.hosts).map((b) => b.length)).toEqual([2, 2, 1]);
    expect(plan.hosts[0]!.commands).toEqual([
      { step: 'drain', command: "/opt/lb/drain 'oe-1'" },
      { step: 'restart', command: `systemctl restart 'order-engine' --role 'it'\\''s $(reboot); x'` },
      { step: 'undrain', command: "/opt/lb/undrain 'oe-1'" },
    ]);
    expect(plan.hosts[0]!.health).toEqual({ type: 'http', url: 'http://localhost:8080/health?h=oe-1', status: [200], contains: 'UP' });
    expect(plan).toMatchObject({ maxUnavailable: 2, batchSize: 2, maxFail: 0, environment: 'production', commandTimeoutMs: 60_000 });
    expect(plan.timing).toEqual({ timeoutMs: 5000, intervalMs: 2000, healthyForMs: 10_000, startTimeoutMs: 120_000 });
  });

  it('never takes down more than the component allows, and says why', () => {
    expect(planRollingRestart(orderEngine, 'order-engine', access, { batch: '40%' }).batchSize).toBe(2);
    expect(planRollingRestart(orderEngine, 'order-engine', access, { batch: 'max' }).batchSize).toBe(2);
    expect(() => planRollingRestart(orderEngine, 'order-engine', access, { batch: '60%' })).toThrow(
      '--batch 60% means 3 hosts down at once, but component order-engine allows 2 (maxUnavailable 40% of 5 hosts)',
    );
  });

  it('refuses what it cannot restart safely, naming the component', () => {
    expect(() => planRollingRestart(orderEngine, 'order-engin', access)).toThrow("unknown component 'order-engin' (did you mean 'order-engine'?); components: order-engine");
    const noHealth = fleet('  - {name: md, role: md, hosts: [oe-1], restart: "x"}');
    expect(() => planRollingRestart(noHealth, 'md', access)).toThrow('component md has no health check: a rolling restart cannot tell when a host is back');
    const noRestart = fleet('  - {name: md, role: md, hosts: [oe-1], health: {command: "true"}}');
    expect(() => planRollingRestart(noRestart, 'md', access)).toThrow('component md has no restart command (set restart, or stop and start)');
    expect(() => planRollingRestart(orderEngine, 'order-engine', access, { maxFail: -1 })).toThrow('--max-fail must be a whole number');
  });

  it('uses stop and start when there is no restart command, and needs no drain', () => {
    const plan = planRollingRestart(fleet('  - {name: md, role: md, hosts: [oe-2], health: {command: "true"}, stop: "stop {host}", start: "start {host}"}'), 'md', access);
    expect(plan.hosts[0]!.commands).toEqual([
      { step: 'stop', command: "stop 'oe-2'" },
      { step: 'start', command: "start 'oe-2'" },
    ]);
  });
});

describe('formatPlan', () => {
  it('shows the environment, the batches, the failure rule and every command in the order it runs', () => {
    const text = formatPlan(planRollingRestart(orderEngine, 'order-engine', access, { batch: 2, maxFail: 1 }));
    const lines = text.split('\n');
    expect(lines.slice(0, 4)).toEqual([
      "Rolling restart of order-engine (it's $(reboot); x) in PRODUCTION",
      '5 hosts in 3 batches of at most 2 (the component allows 2 down at once); continue while failures ≤ 1 (failed hosts stay down: up to 3 hosts may be out at once)',
      'Each host: drain → restart → wait healthy → undrain',
      'Healthy: checks pass for 10s (every 2s, 5s each); give up after 2m. Commands time out after 1m.',
    ]);
    const { user, address } = access.target('oe-1');
    const oe1 = lines.indexOf(`  oe-1  ${user}@${address}:22`);
    expect(oe1).toBeGreaterThan(0);
    expect(lines.slice(oe1 + 1, oe1 + 5)).toEqual([
      "    drain    /opt/lb/drain 'oe-1'",
      `    restart  systemctl restart 'order-engine' --role 'it'\\''s $(reboot); x'`,
      '    health   GET http://localhost:8080/health?h=oe-1 answers 200 containing "UP"',
      "    undrain  /opt/lb/undrain 'oe-1'",
    ]);
    expect(lines.filter((l) => l.startsWith('Batch '))).toEqual(['Batch 1:', 'Batch 2:', 'Batch 3:']);
  });
});
