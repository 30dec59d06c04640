/**
 * Rolling restarts of the lab service on real lab hosts, driven in-process through the
 * engine. Ordering is proven from the timestamps the service and its supervisor record, not
 * from perfmon's own log.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog, currentIdentity } from '../../src/procedures/audit-log.js';
import { planRollingRestart } from '../../src/procedures/plan.js';
import { startRestart } from '../../src/procedures/restart-run.js';
import type { RunEvent } from '../../src/procedures/run-events.js';
import { startServiceLab, SUPERVISOR, type ServiceEvent, type ServiceLab } from '../procedures/service-lab.js';

let svc: ServiceLab;

beforeAll(async () => {
  svc = await startServiceLab({ hosts: 3 });
});
afterAll(async () => {
  await svc?.stop();
});

function only(events: ServiceEvent[], kind: string, pid?: number): ServiceEvent {
  const found = events.filter((e) => e.event === kind && (pid === undefined || e.pid === pid));
  expect(found, `${kind} of pid ${pid}`).toHaveLength(1);
  return found[0]!;
}

async function restart(batch?: number | string) {
  const inventory = await svc.inventory();
  const access = svc.access(inventory);
  const seen: RunEvent[] = [];
  try {
    const plan = planRollingRestart(inventory, svc.component, access, { batch });
    const audit = new AuditLog(svc.auditFile, currentIdentity());
    const outcome = await startRestart(plan, { access, audit, stateDir: svc.stateDir, onEvent: (e) => seen.push(e) });
    return { plan, outcome, seen };
  } finally {
    access.close();
  }
}

function auditLines(): Array<Record<string, unknown>> {
  return readFileSync(svc.auditFile, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('rolling restart on the lab', () => {
  it('restarts every host in inventory order, each healthy before the next is drained', async () => {
    const before = svc.lab.hosts.map((_, i) => svc.pid(i)!);
    const marks = svc.lab.hosts.map((_, i) => svc.events(i).length);
    const { outcome, seen } = await restart(1);
    expect(outcome.status).toBe('completed');
    expect(outcome.states).toEqual({ 'lab-0': 'healthy', 'lab-1': 'healthy', 'lab-2': 'healthy' });

    const after = svc.lab.hosts.map((_, i) => svc.pid(i)!);
    after.forEach((pid, i) => expect(pid).not.toBe(before[i]));
    const timeline = svc.lab.hosts.map((_, i) => {
      const events = svc.events(i).slice(marks[i]);
      return {
        drain: only(events, 'drain').t,
        stopping: only(events, 'stopping', before[i]).t,
        started: only(events, 'started', after[i]).t,
        healthy: only(events, 'healthy', after[i]).t,
        undrain: only(events, 'undrain').t,
      };
    });
    for (const [i, host] of timeline.entries()) {
      expect(host.drain).toBeLessThanOrEqual(host.stopping);
      expect(host.stopping).toBeLessThanOrEqual(host.started);
      expect(host.started).toBeLessThanOrEqual(host.healthy);
      expect(host.healthy).toBeLessThanOrEqual(host.undrain);
      const next = timeline[i + 1];
      if (next) expect(host.undrain).toBeLessThanOrEqual(next.drain);
    }
    // The engine reported each host's states in order, with health output from the service.
    const states = seen.flatMap((e) => (e.type === 'host' && e.host === 'lab-1' ? [e.state] : []));
    expect([...new Set(states)]).toEqual(['draining', 'restarting', 'waiting', 'undraining', 'healthy']);
    expect(seen.some((e) => e.type === 'health' && e.host === 'lab-2' && e.ok && e.output === `HTTP 200: UP pid=${after[2]}`)).toBe(true);

    const lines = auditLines().filter((l) => l['runId'] === outcome.runId);
    const restarts = lines.filter((l) => l['action'] === 'restart');
    expect(restarts.map((l) => `${l['event']} ${l['host']}`)).toEqual(['before lab-0', 'after lab-0', 'before lab-1', 'after lab-1', 'before lab-2', 'after lab-2']);
    for (const line of restarts.filter((l) => l['event'] === 'after')) {
      expect(line).toMatchObject({ exitStatus: 0, sshUser: svc.lab.user, component: svc.component, localUser: currentIdentity().localUser });
      expect(line['command']).toBe(`sh ${SUPERVISOR} ${svc.base}/'${String(line['host'])}' restart`);
      expect(String(line['outputDigest'])).toMatch(/^sha256:[0-9a-f]{64}$/);
    }
  });

  it('restarts two hosts at a time with --batch 67% (2 of 3, rounded down): a batch is healthy before the next starts', async () => {
    const marks = svc.lab.hosts.map((_, i) => svc.events(i).length);
    const { plan, outcome } = await restart('67%');
    expect(plan.hosts.map((h) => [h.name, h.batch])).toEqual([['lab-0', 0], ['lab-1', 0], ['lab-2', 1]]);
    expect(outcome.status).toBe('completed');
    const first = (kind: string, i: number) => svc.events(i).slice(marks[i]).find((e) => e.event === kind)!.t;
    // Both hosts of batch 1 were down together; lab-2 started only after both were back.
    expect(Math.max(first('drain', 0), first('drain', 1))).toBeLessThan(Math.min(first('undrain', 0), first('undrain', 1)));
    expect(Math.max(first('undrain', 0), first('undrain', 1))).toBeLessThanOrEqual(first('drain', 2));
  });

  it('stops at a host whose service does not come back: the rest untouched, the failure in the audit log', async () => {
    const before = svc.lab.hosts.map((_, i) => svc.pid(i));
    const marks = svc.lab.hosts.map((_, i) => svc.events(i).length);
    svc.setFailStart(1, true);
    try {
      const { outcome } = await restart(1);
      expect(outcome.status).toBe('failed');
      expect(outcome.states).toEqual({ 'lab-0': 'healthy', 'lab-1': 'failed', 'lab-2': 'pending' });
      expect(outcome.leftDrained).toEqual(['lab-1']);
      expect(svc.pid(0)).not.toBe(before[0]);
      expect(svc.events(1).slice(marks[1]).map((e) => e.event)).toEqual(['drain', 'stopping', 'refused-start']);
      expect(svc.pid(2)).toBe(before[2]);
      expect(svc.events(2).slice(marks[2])).toEqual([]);
      const lines = auditLines().filter((l) => l['runId'] === outcome.runId);
      const failure = lines.find((l) => l['what'] === 'host-failed');
      expect(failure).toMatchObject({ host: 'lab-1', component: svc.component, step: 'wait' });
      expect(String(failure!['error'])).toMatch(/^not healthy after \d+s: /);
      expect(lines.find((l) => l['what'] === 'run-end')).toMatchObject({ what: 'run-end', status: 'failed', failed: ['lab-1'], leftDrained: ['lab-1'] });
      expect(lines.some((l) => l['host'] === 'lab-2' && l['action'] !== 'lock' && l['action'] !== 'unlock')).toBe(false);
    } finally {
      svc.setFailStart(1, false);
    }
  });
});
