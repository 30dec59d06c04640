/**
 * Steering a rolling restart on the lab, as the emergency pane will: pause and resume, abort
 * (hosts under way finish) and abort now (they do not), each followed by a resume that
 * restarts nothing twice; and the failure hook answering skip or retry.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog, currentIdentity } from '../../src/procedures/audit-log.js';
import { Journal } from '../../src/procedures/journal.js';
import { planRollingRestart } from '../../src/procedures/plan.js';
import { resumeRestart, startRestart } from '../../src/procedures/restart-run.js';
import { RunControl, type FailurePolicy, type HostFailure } from '../../src/procedures/run-control.js';
import type { HostProgress, RunEvent } from '../../src/procedures/run-events.js';
import type { SshHostAccess } from '../../src/procedures/ssh-host-access.js';
import { eventsOf, startServiceLab, SUPERVISOR, type ServiceLab } from '../procedures/service-lab.js';

let svc: ServiceLab;
let access: SshHostAccess;
let audit: AuditLog;

beforeAll(async () => {
  svc = await startServiceLab({ hosts: 3, warmupMs: 300 });
  access = svc.access(await svc.inventory());
  audit = new AuditLog(svc.auditFile, currentIdentity());
});
afterAll(async () => {
  access?.close();
  await svc?.stop();
});

async function plan() {
  return planRollingRestart(await svc.inventory(), svc.component, access, {});
}

/** Calls `act` once, at the first host event matching. */
function when(match: (event: HostProgress) => boolean, act: () => void): (event: RunEvent) => void {
  let done = false;
  return (event) => {
    if (!done && event.type === 'host' && match(event)) {
      done = true;
      act();
    }
  };
}

function starts(marks: number[]): number[] {
  return svc.lab.hosts.map((_, i) => eventsOf(svc.events(i).slice(marks[i]), 'started').length);
}

function marks(): number[] {
  return svc.lab.hosts.map((_, i) => svc.events(i).length);
}

describe('steering a rolling restart', () => {
  it('pause holds the next host until resume', async () => {
    const mark = marks();
    const control = new RunControl();
    let pausedSeen!: () => void;
    const paused = new Promise<void>((resolve) => (pausedSeen = resolve));
    const onEvent = (event: RunEvent) => {
      when((e) => e.host === 'lab-0' && e.state === 'healthy', () => control.pause())(event);
      if (event.type === 'paused') pausedSeen();
    };
    const running = startRestart(await plan(), { access, audit, stateDir: svc.stateDir, control, onEvent });
    await paused;
    // Real work on the next host while paused: the engine must not have touched it meanwhile.
    const status = await access.exec('lab-1', `sh ${SUPERVISOR} ${svc.base}/lab-1 status`, { timeoutMs: 10_000 });
    expect(status.stdout).toMatch(/^running, pid \d+/);
    expect(svc.events(1).slice(mark[1])).toEqual([]);
    const resumedAt = Date.now();
    control.resume();
    const outcome = await running;
    expect(outcome.status).toBe('completed');
    expect(svc.events(1).slice(mark[1])[0]).toMatchObject({ event: 'drain' });
    expect(svc.events(1).slice(mark[1])[0]!.t).toBeGreaterThanOrEqual(resumedAt);
  });

  it('abort lets the host under way come back, then resume does the rest without restarting it again', async () => {
    const mark = marks();
    const control = new RunControl();
    const onEvent = when((e) => e.host === 'lab-1' && e.state === 'restarting', () => control.abort());
    const first = await startRestart(await plan(), { access, audit, stateDir: svc.stateDir, control, onEvent });
    expect(first.status).toBe('aborted');
    expect(first.states).toEqual({ 'lab-0': 'healthy', 'lab-1': 'healthy', 'lab-2': 'pending' });
    expect(first.leftDrained).toEqual([]);
    expect(starts(mark)).toEqual([1, 1, 0]);

    const journal = await Journal.load(svc.stateDir, first.runId);
    expect(journal.data.status).toBe('aborted');
    const second = await resumeRestart(journal, { access, audit, stateDir: svc.stateDir });
    expect(second.status).toBe('completed');
    expect(starts(mark)).toEqual([1, 1, 1]);
  });

  it('abort now stops during the health wait, leaving the host drained and saying so; resume checks it instead of restarting it', async () => {
    const mark = marks();
    const control = new RunControl();
    const onEvent = when((e) => e.host === 'lab-0' && e.state === 'waiting', () => control.abort('now'));
    const first = await startRestart(await plan(), { access, audit, stateDir: svc.stateDir, control, onEvent });
    expect(first.status).toBe('aborted');
    expect(first.states).toEqual({ 'lab-0': 'waiting', 'lab-1': 'pending', 'lab-2': 'pending' });
    expect(first.leftDrained).toEqual(['lab-0']);
    expect(eventsOf(svc.events(0).slice(mark[0]), 'undrain')).toEqual([]);

    const events: RunEvent[] = [];
    const second = await resumeRestart(await Journal.load(svc.stateDir, first.runId), { access, audit, stateDir: svc.stateDir, onEvent: (e) => events.push(e) });
    expect(second.status).toBe('completed');
    expect(starts(mark)).toEqual([1, 1, 1]);
    expect(eventsOf(svc.events(0).slice(mark[0]), 'undrain')).toHaveLength(1);
    // The restart had finished before the abort: the resume knew, and did not call it unconfirmed.
    expect(second.unconfirmed).toEqual([]);
    expect(events.find((e) => e.type === 'host' && e.host === 'lab-0')).toMatchObject({ state: 'waiting' });
  });

  it('the failure hook can skip a host (the run goes on) or retry a step (after the operator fixed it)', async () => {
    const mark = marks();
    svc.setFailStart(1, true);
    const asked: HostFailure[] = [];
    const skip: FailurePolicy = (failure) => {
      asked.push(failure);
      return 'skip';
    };
    const skipped = await startRestart(await plan(), { access, audit, stateDir: svc.stateDir, policy: skip });
    expect(asked).toMatchObject([{ host: 'lab-1', step: 'wait', attempt: 1, failures: 1, maxFail: 0 }]);
    expect(skipped.states).toEqual({ 'lab-0': 'healthy', 'lab-1': 'skipped', 'lab-2': 'healthy' });
    expect(skipped.leftDrained).toEqual(['lab-1']);

    const retried: HostFailure[] = [];
    const fixThenRetry: FailurePolicy = async (failure) => {
      retried.push(failure);
      svc.setFailStart(1, false);
      await access.exec('lab-1', `sh ${SUPERVISOR} ${svc.base}/lab-1 start`, { timeoutMs: 10_000 });
      return 'retry' as const;
    };
    svc.setFailStart(1, true);
    const fixed = await startRestart(await plan(), { access, audit, stateDir: svc.stateDir, policy: fixThenRetry });
    expect(retried.map((f) => [f.host, f.step, f.attempt])).toEqual([['lab-1', 'wait', 1]]);
    expect(fixed.status).toBe('completed');
    expect(fixed.leftDrained).toEqual([]);
    expect(starts(mark)).toEqual([2, 1, 2]);
  });
});
