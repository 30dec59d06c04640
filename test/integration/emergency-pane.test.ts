/**
 * The Emergency pane of the real perfmon (bin/perfmon.js in a pseudo-terminal) on a lab
 * inventory whose component is the lab service on three real sshd hosts: procedures ride on
 * the fleet's own connections. An operator restarts the component from the pane and watches
 * every host come back healthy; aborts a second run and resumes it from the pane; the service's
 * own records prove the order and that no host was restarted twice.
 */
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PtySession } from '../e2e/pty-session.js';
import { eventsOf, startServiceLab, type ServiceLab } from '../procedures/service-lab.js';

let svc: ServiceLab;
let session: PtySession | undefined;

beforeAll(async () => {
  // A service that takes 1.5 s to be healthy: time to press a key while a host waits.
  svc = await startServiceLab({ hosts: 3, warmupMs: 1500 });
});
afterEach(() => session?.kill());
afterAll(() => svc?.stop());

const HOSTS = ['lab-0', 'lab-1', 'lab-2'];

function marks(): number[] {
  return HOSTS.map((_, i) => svc.events(i).length);
}

function since(mark: number[], kind: string): number[][] {
  return HOSTS.map((_, i) => eventsOf(svc.events(i).slice(mark[i]), kind).map((e) => e.t));
}

function audit(): Array<Record<string, unknown>> {
  return readFileSync(svc.auditFile, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** perfmon on the lab inventory, on the Emergency pane, every host's health read. */
async function openPane(): Promise<PtySession> {
  const s = new PtySession(['--config', svc.inventoryFile], { cols: 100, rows: 30, env: svc.env as Record<string, string> });
  await s.waitFor(/3 up 0 down/);
  s.write(':');
  await s.waitFor(/^: /m);
  s.write('Emergency\r');
  await s.waitFor(new RegExp(`● ${svc.component} +3/3 ok`));
  return s;
}

/** r on the component, the plan checked, its name typed. */
async function startRestart(s: PtySession): Promise<void> {
  s.write('r');
  const preview = await s.waitFor(new RegExp(`Type ${svc.component} and press Enter`));
  expect(preview).toContain(`Rolling restart of ${svc.component} (web) in LAB`);
  expect(preview).toContain('3 hosts in 3 batches of at most 1');
  // The exact command (wrapped where the terminal is narrower than it).
  expect(preview).toMatch(/restart +sh \S*lab-supervisor\.sh\s+\S*'lab-0' restart/);
  s.write(`${svc.component}\r`);
  await s.waitFor(/ RUNNING  rolling restart of/);
}

describe('the Emergency pane on the lab', () => {
  it('restarts the component host by host, every host healthy before the next, through the fleet connections', async () => {
    session = await openPane();
    const before = HOSTS.map((_, i) => svc.pid(i));
    const mark = marks();
    await startRestart(session);
    const done = await session.waitFor(/ DONE  rolling restart of/, 60_000);
    const runId = /· run (\S+)/.exec(done)![1]!;
    for (const host of HOSTS) expect(done).toMatch(new RegExp(`● ${host} +\\d +healthy +undrain +\\d+\\.\\ds +HTTP 200: UP pid=\\d+`));
    expect(done).toContain(`Done: all 3 hosts of ${svc.component} restarted and healthy.`);

    const after = HOSTS.map((_, i) => svc.pid(i));
    for (const [i] of HOSTS.entries()) expect(after[i]).not.toBe(before[i]);
    // In the planned order: each host back (healthy, undrained) before the next one is drained.
    const started = since(mark, 'started');
    const drained = since(mark, 'drain');
    const undrained = since(mark, 'undrain');
    for (const [i] of HOSTS.entries()) {
      expect(started[i]).toHaveLength(1);
      if (i > 0) expect(undrained[i - 1]![0]!).toBeLessThanOrEqual(drained[i]![0]!);
    }
    const lines = audit().filter((l) => l['runId'] === runId);
    expect(lines.filter((l) => l['action'] === 'restart' && l['event'] === 'after').map((l) => l['host'])).toEqual(HOSTS);
    expect(lines.find((l) => l['what'] === 'run-end')).toMatchObject({ status: 'completed' });

    session.write('q');
    expect((await session.exited).exitCode).toBe(0);
  });

  it('aborts a run (the host under way comes back, the rest untouched) and resumes it from the pane without restarting a host twice', async () => {
    session = await openPane();
    const mark = marks();
    await startRestart(session);
    // Abort while lab-0 waits to be healthy: it finishes coming back, lab-1 and lab-2 are not touched.
    const waiting = await session.waitFor(/◐ lab-0 +1 +waiting/, 30_000);
    const runId = /· run (\S+)/.exec(waiting)![1]!;
    session.write('a');
    const aborted = await session.waitFor(/ ABORTED  rolling restart of/, 30_000);
    expect(aborted).toMatch(/● lab-0 +1 +healthy/);
    expect(aborted).toMatch(/lab-1 +2 +pending/);
    expect(aborted).toContain(`To continue: perfmon restart --resume ${runId}`);
    expect(since(mark, 'started').map((s) => s.length)).toEqual([1, 0, 0]);

    session.write('v');
    session.write('v');
    await session.waitFor(new RegExp(`${runId} +${svc.component} +aborted +1/3`));
    session.write('u');
    const preview = await session.waitFor(new RegExp(`Resume run ${runId}`));
    expect(preview).toMatch(/lab-0 +healthy +done, left alone/);
    expect(preview).toMatch(/lab-1 +pending +not started yet/);
    session.write(`${svc.component}\r`);
    const resumed = await session.waitFor(/ DONE  resumed restart of/, 60_000);
    expect(resumed).toContain(`run ${runId}`);
    for (const host of HOSTS) expect(resumed).toMatch(new RegExp(`● ${host} +\\d +healthy`));

    // Across the aborted run and its resume, each host was restarted exactly once.
    expect(since(mark, 'started').map((s) => s.length)).toEqual([1, 1, 1]);
    const ends = audit().filter((l) => l['runId'] === runId && l['what'] === 'run-end');
    expect(ends.map((l) => l['status'])).toEqual(['aborted', 'completed']);
    expect(audit().filter((l) => l['runId'] === runId && l['what'] === 'run-start').map((l) => l['resumed'])).toEqual([false, true]);

    session.write('q');
    expect((await session.exited).exitCode).toBe(0);
  });
});
