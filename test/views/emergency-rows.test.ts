import { describe, expect, it } from 'vitest';
import type { RestartPlan } from '../../src/procedures/plan.js';
import type { RecoveryPlan } from '../../src/procedures/recovery.js';
import { MetricStore } from '../../src/model/store.js';
import { componentRows } from '../../views/emergency/component-rows.js';
import { toggleTarget } from '../../views/emergency/degrade-desk.js';
import { wrapLines } from '../../views/emergency/observable.js';
import { applyRecoveryEvent, applyRunEvent, componentRecoveryState, componentRun, hostElapsed, recoveryRun } from '../../views/emergency/run-progress.js';
import { inventoryFrom } from '../procedures/inventory-text.js';
import { capturedSnapshot } from './render-app.js';

function plan(component: string, hosts: string[]): RestartPlan {
  return {
    procedure: 'rolling-restart',
    component,
    role: 'web',
    environment: undefined,
    hosts: hosts.map((name, batch) => ({ name, batch, login: `ops@${name}:22`, commands: [{ step: 'restart', command: `restart ${name}` }], health: { type: 'command', command: 'true' } })),
    batchSize: 1,
    maxUnavailable: 1,
    maxFail: 0,
    timing: { timeoutMs: 1000, intervalMs: 100, healthyForMs: 0, startTimeoutMs: 5000 },
    commandTimeoutMs: 1000,
  };
}

describe('run progress', () => {
  it('folds host and health events into rows; elapsed counts while a host is worked on and stops at rest', () => {
    let run = componentRun(plan('web', ['a', 'b']), undefined, 0);
    run = applyRunEvent(run, { type: 'run-started', runId: 'r1', plan: run.plan, resumed: false }, 0);
    run = applyRunEvent(run, { type: 'host', host: 'a', state: 'waiting', step: 'wait', elapsedMs: 2000, lastHealth: undefined, detail: undefined }, 10_000);
    run = applyRunEvent(run, { type: 'health', host: 'a', ok: false, output: 'HTTP 503: STARTING', waitedMs: 100 }, 10_100);
    expect(run.runId).toBe('r1');
    expect(run.hosts[0]).toMatchObject({ state: 'waiting', step: 'wait', lastHealth: 'HTTP 503: STARTING' });
    expect(hostElapsed(run.hosts[0]!, 13_000)).toBe(5000);
    expect(hostElapsed(run.hosts[1]!, 13_000)).toBeUndefined();
    run = applyRunEvent(run, { type: 'host', host: 'a', state: 'healthy', step: 'wait', elapsedMs: 4000, lastHealth: 'HTTP 200: UP', detail: undefined }, 12_000);
    expect(hostElapsed(run.hosts[0]!, 60_000)).toBe(4000);
  });

  it('starts a resumed run from its journal records', () => {
    const run = componentRun(plan('web', ['a', 'b']), { runId: 'r2', hosts: { a: { state: 'healthy', updatedAt: '', lastHealth: 'ok' }, b: { state: 'failed', step: 'wait', updatedAt: '', error: 'not healthy' } } });
    expect(run.resumed).toBe(true);
    expect(run.hosts.map((h) => [h.state, h.detail ?? h.lastHealth])).toEqual([
      ['healthy', 'ok'],
      ['failed', 'not healthy'],
    ]);
  });

  it('tells where each component of a recovery stands: waiting, restarting, restarted, healthy at its gate, failed', () => {
    const recoveryPlan: RecoveryPlan = {
      environment: 'prod',
      ignored: [],
      levels: [
        [{ component: 'db', priority: 0, restart: plan('db', ['d']), gate: [{ host: 'd', probe: { type: 'command', command: 'true' } }], timing: plan('db', []).timing }],
        [{ component: 'web', priority: 1, restart: plan('web', ['a']), gate: [{ host: 'a', probe: { type: 'command', command: 'true' } }], timing: plan('web', []).timing }],
      ],
    };
    let r = recoveryRun(recoveryPlan);
    expect(componentRecoveryState(r, 'db', 1)).toBe('waiting');
    r = applyRecoveryEvent(r, { type: 'level', level: 1, components: ['db'] }, 0);
    r = applyRecoveryEvent(r, { type: 'run', component: 'db', event: { type: 'run-started', runId: 'x', plan: plan('db', ['d']), resumed: false } }, 0);
    expect(componentRecoveryState(r, 'db', 1)).toBe('restarting');
    const outcome = { runId: 'x', status: 'completed' as const, states: { d: 'healthy' as const }, failed: [], skipped: [], unconfirmed: [], leftDrained: [], reason: undefined };
    r = applyRecoveryEvent(r, { type: 'run', component: 'db', event: { type: 'run-finished', outcome } }, 0);
    expect(componentRecoveryState(r, 'db', 1)).toBe('restarted');
    r = applyRecoveryEvent(r, { type: 'gate', level: 1, component: 'db', host: 'd', ok: true, output: 'exit 0' }, 0);
    expect(componentRecoveryState(r, 'db', 1)).toBe('healthy');
    expect(componentRecoveryState(r, 'web', 2)).toBe('waiting');
    r = applyRecoveryEvent(r, { type: 'gate', level: 2, component: 'web', host: 'a', ok: false, output: 'exit 1' }, 0);
    expect(componentRecoveryState(r, 'web', 2)).toBe('failed');
  });
});

describe('component rows', () => {
  const inventory = inventoryFrom(
    [
      'hosts: [{name: a, address: a}, {name: b, address: b}]',
      'components:',
      '  - {name: db, role: database, hosts: [a], health: {command: "true"}}',
      '  - {name: web, role: web, hosts: [a, b], dependsOn: [db], maxUnavailable: 50%, health: {command: "true"}, restart: "restart web"}',
      '',
    ].join('\n'),
  );

  it('says why a host is not healthy: down (from the fleet), failing its check, or not checked yet', () => {
    const store = new MetricStore();
    store.record({ ...capturedSnapshot(), name: 'a' });
    store.markDown('b', 'refused: connection refused');
    const health = { db: [{ host: 'a', ok: false, output: 'exit 1: no', time: 1 }], web: [{ host: 'a', ok: true, output: 'exit 0', time: 1 }] };
    const [db, web] = componentRows(inventory, health, store.getState().hosts, 2);
    expect(db).toMatchObject({ mark: 'failing', neededBy: ['web'], notRestartable: 'no restart command (set restart, or stop and start)' });
    expect(web!.hosts.map((h) => [h.host, h.mark])).toEqual([
      ['a', 'ok'],
      ['b', 'down'],
    ]);
    expect(web!.hosts[1]!.text).toContain('refused: connection refused');
    expect(web).toMatchObject({ mark: 'down', dependsOn: ['db'], maxUnavailable: 1, flow: 'restart → wait healthy', notRestartable: undefined });
  });
});

describe('text', () => {
  it('wraps long lines at a space, the rest indented under the line, short ones untouched', () => {
    expect(wrapLines(['    restart  sh /opt/very/long/path/supervisor.sh /srv/services/host-1 restart', 'short'], 42)).toEqual([
      '    restart  sh',
      '        /opt/very/long/path/supervisor.sh',
      '        /srv/services/host-1 restart',
      'short',
    ]);
  });

  it('never breaks a path or a stack frame: a word longer than the room goes whole', () => {
    const hint = 'tools that want plain .hprof: gunzip -k /var/lib/perfmon/dumps/heap/oms-1-4242-20261203-044741.hprof.gz';
    const frame = '    at com.example.orders.matching.OrderBookMatchingEngine.matchIncomingLimitOrder(OrderBookMatchingEngine.java:412)';
    expect(wrapLines([hint], 60)).toEqual(['tools that want plain .hprof: gunzip -k', '    /var/lib/perfmon/dumps/heap/oms-1-4242-20261203-044741.hprof.gz']);
    expect(wrapLines([frame], 60)).toEqual([frame]);
  });

  it('toggles to off only when every host reads on', () => {
    expect(toggleTarget([{ host: 'a', state: 'on', output: '' }, { host: 'b', state: 'on', output: '' }])).toBe('off');
    expect(toggleTarget([{ host: 'a', state: 'on', output: '' }, { host: 'b', state: 'unknown', output: '' }])).toBe('on');
  });
});
