import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { clockTime } from '../../src/format/units.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FLEET_PANES } from '../../views/panes.js';
import { deskFixture, fixtureSnapshots, HOSTS, until, type DeskFixture, type FixtureOptions } from './emergency-fixture.js';
import { KEYS, renderApp, tick, type RenderedApp } from './render-app.js';

let app: RenderedApp | undefined;
let fixture: DeskFixture | undefined;
afterEach(async () => {
  app?.unmount();
  app = undefined;
  await fixture?.cleanup();
  fixture = undefined;
});

const text = () => stripVTControlCharacters(app!.frame());

/** The app on the Emergency pane (through the palette, as an operator would) with health read once. */
async function openPane(options: FixtureOptions & { readOnly?: boolean } = {}) {
  fixture = deskFixture(options);
  app = await renderApp({
    panes: FLEET_PANES,
    config: { emergency: fixture.desk, environment: options.environment ?? 'production', readOnly: options.readOnly ?? false },
    snapshots: fixtureSnapshots(),
  });
  await fixture.checkHealth(app.store);
  await app.press(':', 'Emergency', KEYS.enter);
  return fixture;
}

/** Waits for the desk, then for the frame to show it. */
async function settle() {
  await tick();
  await tick();
}

describe('emergency pane: components', () => {
  it('lists components with health, role, dependencies and hosts; the environment in the title line', async () => {
    const f = await openPane();
    f.healthy('oe-2', false);
    await f.checkHealth(app!.store);
    await settle();
    const frame = text();
    const title = frame.split('\n')[1]!;
    expect(title).toContain(' PRODUCTION ');
    expect(title).toContain('Emergency');
    expect(frame).toMatch(/✖ engine +2\/3 ok +order-engine +db /);
    expect(frame).toMatch(/● db +1\/1 ok +database/);
    expect(frame).toContain('depends on db; needed by nothing');
    expect(frame).toMatch(/✖ oe-2 +exit 1: STARTING/);
    expect(frame).toMatch(/● oe-1 +exit 0: UP/);
    expect(frame).toContain('restart: drain → restart → wait healthy → undrain; 1 host at a time (up to 2)');
  });

  it('b changes the batch size up to what the component allows', async () => {
    await openPane();
    await app!.press('b');
    expect(text()).toContain('2 hosts at a time (up to 2)');
    await app!.press('b');
    expect(text()).toContain('1 host at a time (up to 2)');
  });
});

describe('emergency pane: rolling restart', () => {
  it('previews the exact plan, goes ahead only on the name typed in full, and shows every host healthy with the run id', async () => {
    const f = await openPane();
    await app!.press('r');
    let frame = text();
    expect(frame).toContain(' PRODUCTION  Rolling restart of engine');
    expect(frame).toContain('3 hosts in 3 batches of at most 1');
    expect(frame).toContain('Batch 1:');
    expect(frame).toContain(`drain    sh ${f.dir}/svc.sh drain 'oe-1'`);
    expect(frame).toContain('Type engine and press Enter');
    await app!.press('engin', KEYS.enter);
    expect(text()).toContain('that is not engine');
    expect(f.restarts()).toEqual([]);
    await app!.press('e', KEYS.enter);
    const done = await until(f.desk.runs, (s) => s.run?.phase === 'finished', 'the run finished');
    await settle();
    frame = text();
    const runId = done.run!.restart!.runId!;
    expect(frame).toContain(`DONE  rolling restart of engine · run ${runId}`);
    for (const host of HOSTS) expect(frame).toMatch(new RegExp(`● ${host} +\\d +healthy +undrain +\\d+\\.\\ds +exit 0: UP`));
    expect(frame).toContain('Done: all 3 hosts of engine restarted and healthy.');
    expect(f.restarts()).toEqual(HOSTS);
    expect(f.audit().some((l) => l['what'] === 'run-end' && l['runId'] === runId && l['status'] === 'completed')).toBe(true);
  });

  it('shows live progress with the last health output, pauses with Space and aborts with a; the run id says how to resume', async () => {
    const f = await openPane();
    f.hold(true);
    await app!.press('r', 'engine', KEYS.enter);
    await until(f.desk.runs, (s) => s.run?.restart?.hosts[0]?.lastHealth === 'exit 1: STARTING', 'oe-1 waiting');
    await settle();
    let frame = text();
    expect(frame).toMatch(/◐ oe-1 +1 +waiting +wait +\d+\.\ds +exit 1: STARTING/);
    expect(frame).toMatch(/oe-2 +2 +pending/);
    const runId = f.desk.runs.getSnapshot().run!.restart!.runId!;
    expect(frame).toContain(`perfmon restart --resume ${runId}`);

    // Paused: oe-1 finishes its health wait, then nothing starts (not even its undrain).
    expect(text()).toMatch(/Space pause run/);
    await app!.press(' ');
    expect(text()).toContain(' PAUSED  rolling restart of engine');
    // The footer says what Space does now.
    expect(text()).toMatch(/Space resume run/);
    expect(text()).not.toMatch(/Space pause run/);
    f.healthy('oe-1', true);
    await until(f.desk.runs, (s) => s.run?.restart?.hosts[0]?.detail?.startsWith('healthy after') === true, 'oe-1 passed its checks');
    await settle();
    // Its wait is over: shown as done, not as still waiting, while the run holds before the undrain.
    expect(text()).toMatch(/oe-1 +1 +healthy +wait .*healthy after/);
    expect(text()).toMatch(/oe-2 +2 +pending/);
    await app!.press(' ');
    await until(f.desk.runs, (s) => s.run?.restart?.hosts[1]?.lastHealth === 'exit 1: STARTING', 'oe-2 waiting');
    await settle();
    expect(text()).toMatch(/● oe-1 +1 +healthy/);
    expect(text()).toContain(' RUNNING  rolling restart of engine');
    // Abort: oe-2, already down, finishes coming back; oe-3 is not touched.
    await app!.press('a');
    expect(text()).toContain(' ABORTING  rolling restart of engine');
    f.healthy('oe-2', true);
    await until(f.desk.runs, (s) => s.run?.phase === 'finished', 'the run aborted');
    await settle();
    frame = text();
    expect(frame).toContain(' ABORTED  rolling restart of engine');
    expect(frame).toMatch(/● oe-2 +2 +healthy/);
    expect(frame).toMatch(/oe-3 +3 +pending/);
    expect(frame).toContain(`To continue: perfmon restart --resume ${runId}`);
    expect(f.restarts()).toEqual(['oe-1', 'oe-2']);
  });

  it('asks retry, skip or abort when a host fails; s skips it and the run goes on', async () => {
    const f = await openPane();
    f.failRestart('oe-2', true);
    await app!.press('r', 'engine', KEYS.enter);
    await until(f.desk.runs, (s) => s.question !== null, 'the failure question');
    await settle();
    const frame = text();
    // The run waits for the operator, and says so.
    expect(frame).toContain(' WAITING FOR YOU  rolling restart of engine');
    expect(frame).not.toContain('RUNNING');
    expect(frame).toContain('oe-2 failed at restart: restart failed, exit 1: boom on oe-2');
    expect(frame).toMatch(/r retry the restart +s skip oe-2 .* a abort the run/);
    // The question holds the keyboard: a pane key does nothing.
    await app!.press('v');
    expect(text()).toContain('oe-2 failed at restart');
    await app!.press('s');
    await until(f.desk.runs, (s) => s.run?.phase === 'finished', 'the run finished');
    await settle();
    expect(text()).toMatch(/▲ oe-2 +2 +skipped/);
    expect(text()).toMatch(/● oe-3 +3 +healthy/);
    expect(f.restarts()).toEqual(['oe-1', 'oe-2', 'oe-3']);
  });

  it('r in the question retries the failed step', async () => {
    const f = await openPane();
    f.failRestart('oe-1', true);
    await app!.press('r', 'engine', KEYS.enter);
    await until(f.desk.runs, (s) => s.question !== null, 'the failure question');
    f.failRestart('oe-1', false);
    await app!.press('r');
    await until(f.desk.runs, (s) => s.run?.phase === 'finished', 'the run finished');
    expect(f.desk.runs.getSnapshot().run!.restart!.outcome!.status).toBe('completed');
    expect(f.restarts()).toEqual(['oe-1', 'oe-1', 'oe-2', 'oe-3']);
  });

  it('A aborts now: the health wait under way stops and the host is left as it is', async () => {
    const f = await openPane();
    f.hold(true);
    await app!.press('r', 'engine', KEYS.enter);
    await until(f.desk.runs, (s) => s.run?.restart?.hosts[0]?.state === 'waiting', 'oe-1 waiting');
    await app!.press('A');
    await until(f.desk.runs, (s) => s.run?.phase === 'finished', 'the run aborted');
    await settle();
    expect(text()).toContain(' ABORTED  rolling restart of engine');
    expect(text()).toContain('oe-1 may still be drained');
    expect(f.restarts()).toEqual(['oe-1']);
  });

  it('keeps the run going when the operator leaves the pane, and shows it on return', async () => {
    const f = await openPane();
    f.hold(true);
    await app!.press('r', 'engine', KEYS.enter);
    await until(f.desk.runs, (s) => s.run?.restart?.hosts[0]?.state === 'waiting', 'oe-1 waiting');
    await app!.press('1');
    expect(text()).not.toContain('rolling restart of engine');
    for (const host of HOSTS) f.healthy(host, true);
    f.hold(false);
    await until(f.desk.runs, (s) => s.run?.phase === 'finished', 'the run finished');
    await app!.press(':', 'Emergency', KEYS.enter);
    expect(text()).toContain('DONE  rolling restart of engine');
    expect(f.restarts()).toEqual(HOSTS);
  });

  it('resumes a stopped run from the stopped runs view without restarting a host twice', async () => {
    const f = await openPane();
    f.hold(true);
    await app!.press('r', 'engine', KEYS.enter);
    await until(f.desk.runs, (s) => s.run?.restart?.hosts[0]?.state === 'waiting', 'oe-1 waiting');
    f.healthy('oe-1', true);
    await until(f.desk.runs, (s) => s.run?.restart?.hosts[0]?.state === 'healthy', 'oe-1 healthy');
    await app!.press('a');
    const aborted = await until(f.desk.runs, (s) => s.run?.phase === 'finished' && s.runs !== null && s.runs.length > 0, 'the run aborted and listed');
    const runId = aborted.run!.restart!.runId!;
    f.hold(false);
    await app!.press('v', 'v');
    expect(text()).toMatch(new RegExp(`${runId} +engine +aborted +1/3`));
    await app!.press('u');
    // The resume dialog opens once the hosts' health has been checked (a loaded machine is slow).
    await vi.waitFor(() => expect(text()).toContain(`Resume run ${runId} (engine)`), { timeout: 15_000, interval: 50 });
    expect(text()).toMatch(/oe-1 +healthy +done, left alone/);
    await app!.press('engine', KEYS.enter);
    await until(f.desk.runs, (s) => s.run?.phase === 'finished' && s.run.label.startsWith('resumed'), 'the resumed run finished');
    await settle();
    expect(text()).toContain(`DONE  resumed restart of engine · run ${runId}`);
    expect(f.restarts()).toEqual(HOSTS);
  });
});

describe('emergency pane: refusals', () => {
  it('refuses plainly when the component is locked by someone else; nothing runs', async () => {
    const f = await openPane();
    const { mkdirSync, writeFileSync } = await import('node:fs');
    const lock = `${f.dir}/perfmon-lock.engine.oe-2`;
    mkdirSync(lock);
    const owner = { runId: 'other-run', procedure: 'rolling-restart', localUser: 'alice', localHost: 'ops-2', pid: 4242, acquiredAt: new Date().toISOString(), expiresAt: Date.now() + 600_000 };
    writeFileSync(`${lock}/owner`, `${JSON.stringify(owner)}\n`);
    await app!.press('r', 'engine', KEYS.enter);
    await until(f.desk.runs, (s) => s.run?.phase === 'refused', 'the refusal');
    await settle();
    expect(text()).toContain('Refused: oe-2: component engine is locked by alice@ops-2 (pid 4242, rolling-restart run other-run');
    expect(text()).toContain('Nothing was done.');
    expect(f.restarts()).toEqual([]);
  });

  it('refuses a restart not in the actions allow-list, saying so in the footer', async () => {
    await openPane({ top: ['actions: [degrade]'] });
    await app!.press('r');
    expect(text()).toContain('r: restart refused: it is not in the actions allowed by the inventory (actions: degrade)');
    expect(text()).not.toContain('Rolling restart of engine');
  });

  it('hosts already unhealthy count against maxUnavailable: refused with the reason, and run only after a second typed confirmation', async () => {
    const f = await openPane();
    f.healthy('oe-2', false);
    f.healthy('oe-3', false);
    await f.checkHealth(app!.store);
    await settle();
    await app!.press('r');
    const refusal = 'oe-2 already unhealthy: exit 1: STARTING; oe-3 already unhealthy: exit 1: STARTING; restarting oe-1 would leave 0 of 3 up (component engine allows 2 down at once)';
    expect(text()).toContain('REFUSED: rolling restart of engine');
    expect(text()).toContain('Health now: 1 of 3 hosts healthy');
    expect(text().replace(/\n\s*/g, ' ')).toContain(`Refused: ${refusal}.`);
    await app!.press('engine', KEYS.enter);
    expect(text()).toContain('Override: restart engine with hosts already unhealthy');
    expect(text()).toContain('Type allow-unhealthy and press Enter');
    // Esc at the override: still refused, nothing run.
    await app!.press(KEYS.esc);
    await settle();
    expect(text()).not.toContain('Override: restart engine');
    expect(f.desk.runs.getSnapshot().run).toBeNull();
    expect(f.restarts()).toEqual([]);

    await app!.press('r', 'engine', KEYS.enter);
    await app!.press('engine', KEYS.enter);
    expect(text()).toContain('that is not allow-unhealthy');
    expect(f.restarts()).toEqual([]);
    await app!.press(KEYS.backspace.repeat(6), 'allow-unhealthy', KEYS.enter);
    await until(f.desk.runs, (s) => s.run?.phase === 'finished', 'the run finished');
    expect(f.restarts()).toEqual(['oe-1', 'oe-2', 'oe-3']);
    const start = f.audit().find((l) => l['what'] === 'run-start')!;
    expect(start['overridden']).toBe(refusal);
  });

  it('a host left drained by a stopped run counts as out even though its check passes', async () => {
    const f = await openPane();
    f.failRestart('oe-3', true);
    await app!.press('r', 'engine', KEYS.enter);
    await until(f.desk.runs, (s) => s.question !== null, 'the failure question');
    await app!.press('a');
    await until(f.desk.runs, (s) => s.run?.phase === 'finished' && (s.runs?.length ?? 0) > 0, 'the run stopped and listed');
    const runId = f.desk.runs.getSnapshot().runs![0]!.runId;
    f.failRestart('oe-3', false);
    f.healthy('oe-2', false);
    await f.checkHealth(app!.store);
    await app!.press(KEYS.esc);
    await settle();
    await app!.press('r');
    expect(text()).toContain('REFUSED: rolling restart of engine');
    expect(text().replace(/\n\s*/g, ' ')).toContain(`oe-3 already unhealthy: may still be drained by run ${runId} (failed, failed)`);
  });

  it('refuses when a host is down: the fleet has no connection to it', async () => {
    const { FleetHostAccess } = await import('../../src/procedures/fleet-host-access.js');
    const f = await openPane({ access: (inventory) => new FleetHostAccess(inventory, { connection: () => null }) });
    app!.store.markDown('oe-1', 'refused: connection refused');
    await f.checkHealth(app!.store);
    await settle();
    expect(text()).toMatch(/✖ oe-1 +DOWN \d+s · refused: connection refused/);
    await app!.press('r');
    expect(text()).toContain('WARNING: oe-1 is down');
    // No host answers its check either: the plan is refused too; overridden, the lock refuses.
    expect(text()).toContain('REFUSED: rolling restart of engine');
    await app!.press('engine', KEYS.enter);
    await app!.press('allow-unhealthy', KEYS.enter);
    await until(f.desk.runs, (s) => s.run?.phase === 'refused', 'the refusal');
    await settle();
    expect(text()).toContain('Refused: oe-1 is down (no SSH connection): nothing was sent to it. Nothing was done.');
  });
});

describe('emergency pane: recovery', () => {
  it('previews the levels, asks for the environment name, and runs level by level', async () => {
    const f = await openPane();
    f.healthy('oe-2', false);
    await f.checkHealth(app!.store);
    await settle();
    await app!.press('R');
    expect(text()).toContain('Health now: 3 of 4 checks passing');
    const frame = text();
    expect(frame).toContain('Recovery of PRODUCTION: every component in dependency order');
    expect(frame).toContain('Level 1: db (priority 0)');
    expect(frame).toContain('Type production and press Enter');
    await app!.press('engine', KEYS.enter);
    expect(text()).toContain('that is not production');
    await app!.press(...Array.from('engine', () => KEYS.backspace), 'production', KEYS.enter);
    await until(f.desk.runs, (s) => s.run?.phase === 'finished', 'recovery finished');
    await settle();
    expect(text()).toContain('Recovery complete: every level healthy.');
    expect(text()).toMatch(/Level 1: db healthy/);
    expect(text()).toMatch(/Level 2: engine healthy/);
    expect(f.restarts()).toEqual(['oe-1', 'oe-1', 'oe-2', 'oe-3']);
  });
});

describe('emergency pane: recovery refusals', () => {
  it('with every level healthy, R refuses at once: nothing to recover, no name asked', async () => {
    const f = await openPane();
    await app!.press('R');
    await settle();
    expect(text()).toContain('Refused: nothing to recover: every level healthy (4 checks passing)');
    expect(text()).not.toContain('Type production');
    expect(f.desk.runs.getSnapshot().run).toBeNull();
    expect(f.restarts()).toEqual([]);
  });

  it('with a host down, the preview names it before anything is asked and offers to recover without it', async () => {
    const f = await openPane();
    app!.store.markDown('oe-3', 'refused: connection refused');
    await settle();
    await app!.press('R');
    expect(text()).toContain('REFUSED: recovery of PRODUCTION: hosts down');
    expect(text()).toContain('Refused: oe-3 is down: recovery takes a lock on every host before it starts.');
    expect(text()).toContain('Down (cannot be reached): oe-3');
    expect(text()).toContain('Type skip-down and press Enter');
    await app!.press('skip-down', KEYS.enter);
    expect(text()).toContain('Left out, down: oe-3 (not restarted, locked or checked)');
    expect(text()).toContain('Type production and press Enter');
    expect(f.restarts()).toEqual([]);
    await app!.press('production', KEYS.enter);
    await until(f.desk.runs, (s) => s.run?.phase === 'finished', 'recovery finished');
    expect(f.desk.runs.getSnapshot().run!.ended).toBe('completed');
    expect(f.restarts().sort()).toEqual(['oe-1', 'oe-1', 'oe-2']);
  });
});

describe('emergency pane: degradation', () => {
  it('reads controls back, switches one after its name is typed, and shows the new state', async () => {
    const f = await openPane();
    await app!.press('v', 'v');
    await until(f.desk.degrade, (s) => s.controls !== null, 'controls read');
    await settle();
    expect(text()).toMatch(/engine +new-orders +flag +off \(3\/3\)/);
    await app!.press('o');
    expect(text()).toContain('Switch new-orders of engine ON');
    expect(text()).toContain(`oe-1: sh ${f.dir}/svc.sh flag 'oe-1' on`);
    await app!.press('new-orders', KEYS.enter);
    await until(f.desk.degrade, (s) => s.busy === undefined && s.result.length > 0, 'switched');
    await settle();
    expect(text()).toMatch(/new-orders +flag +on \(3\/3\)/);
    expect(text()).toContain('engine new-orders on: done, read back as asked');
    expect(f.audit().filter((l) => l['action'] === 'control-on' && l['event'] === 'after')).toHaveLength(3);
  });

  it('applies a time-boxed profile, lists the pending revert, and reverts by itself', async () => {
    const f = await openPane({ shedFor: '1s' });
    await app!.press('v', 'v');
    await until(f.desk.degrade, (s) => s.controls !== null, 'controls read');
    await app!.press(KEYS.down, 'o');
    expect(text()).toContain('Apply profile shed (1 setting)');
    expect(text()).toContain('Time box 1s: this perfmon reverts to the states read before');
    await app!.press('shed', KEYS.enter);
    await until(f.desk.degrade, (s) => s.pending.length === 1, 'pending revert listed');
    await settle();
    expect(text()).toMatch(/profile shed: 3 settings · due .* by this perfmon/);
    await until(f.desk.degrade, (s) => s.message?.text.startsWith('Reverted profile shed') === true && s.pending.length === 0, 'reverted');
    await settle();
    expect(text()).toMatch(/new-orders +flag +off \(3\/3\)/);
  });
});

describe('emergency pane: overlapping time boxes', () => {
  it('a profile over a control whose revert pends says it extends it, and quitting leaves the control as it was first', async () => {
    const f = await openPane();
    await app!.press('v', 'v');
    await until(f.desk.degrade, (s) => s.controls !== null, 'controls read');
    await app!.press('t', 'o', 'new-orders', KEYS.enter);
    await until(f.desk.degrade, (s) => s.pending.length === 1 && s.busy === undefined, 'first box pending');
    const firstDue = f.desk.degrade.getSnapshot().pending[0]!.revertAt;
    await app!.press('t', KEYS.down, 'o');
    const preview = text().replace(/\n +/g, ' '); // wrapped lines joined
    expect(preview).toContain('Time box 15m');
    expect(preview).toMatch(new RegExp(`engine new-orders already on until ${clockTime(firstDue)} \\(revert pending\\); this extends it to \\d\\d:\\d\\d:\\d\\d, then back to off\\n`));
    await app!.press('shed', KEYS.enter);
    await until(f.desk.degrade, (s) => s.busy === undefined && s.pending.length === 1 && s.pending[0]!.label === 'profile shed', 'merged into one revert');
    expect(HOSTS.map((h) => readFileSync(join(f.dir, `flag-${h}`), 'utf8').trim())).toEqual(['on', 'on', 'on']);

    // Quitting reverts this perfmon's time boxes: the control ends as it was before the first.
    await f.desk.degrade.shutdown();
    expect(HOSTS.map((h) => readFileSync(join(f.dir, `flag-${h}`), 'utf8').trim())).toEqual(['off', 'off', 'off']);
    expect(f.desk.degrade.getSnapshot().pending).toEqual([]);
  });
});

describe('palette: every pane, its actions, the hosts', () => {
  it(':restart from the Fleet pane finds the Emergency rolling restart (not "Filter the rows"), and Enter goes there and asks for it', async () => {
    fixture = deskFixture();
    app = await renderApp({ panes: FLEET_PANES, config: { emergency: fixture.desk, environment: 'production', readOnly: false }, snapshots: fixtureSnapshots() });
    await fixture.checkHealth(app.store);
    await app.press(':', 'restart');
    const lines = text().split('\n');
    expect(lines[3]).toMatch(/^Emergency: Rolling restart of the selected component/);
    expect(text()).not.toContain('Filter the rows');
    await app.press(KEYS.enter);
    await vi.waitFor(() => expect(text()).toContain('Rolling restart of engine'), { timeout: 10_000, interval: 20 });
    expect(text()).toContain('Type engine and press Enter');
    await app.press(KEYS.esc);
    expect(fixture.restarts()).toEqual([]);
  });

  it('goes to a host by name', async () => {
    fixture = deskFixture();
    const { fleetInfo } = await import('../../views/fleet/fleet-info.js');
    const fleet = fleetInfo(HOSTS.map((name) => ({ name, labels: {}, components: [] })));
    app = await renderApp({ panes: FLEET_PANES, config: { emergency: fixture.desk, environment: 'production', readOnly: false, fleet }, snapshots: fixtureSnapshots() });
    await app.press(':', 'host oe-3');
    expect(text().split('\n')[3]).toMatch(/^Go to host oe-3/);
    await app.press(KEYS.enter);
    expect(text().split('\n')[0]).toContain('host oe-3');
    expect(text()).toMatch(/^CPU /m);
  });
});

describe('emergency pane: read-only', () => {
  it('offers no action: no key, nothing in the help or the palette', async () => {
    const f = await openPane({ readOnly: true });
    expect(text()).toContain('READ-ONLY');
    await app!.press('r');
    expect(text()).not.toContain('Rolling restart of engine');
    await app!.press('?');
    const help = text();
    expect(help).toContain('Next view of the Emergency pane');
    for (const action of ['Rolling restart', 'Recover every component', 'Pause the run', 'Abort the run', 'Switch the selected', 'Resume the selected', 'run its failed step']) {
      expect(help).not.toContain(action);
    }
    await app!.press(KEYS.esc, ':', 'restart');
    expect(text()).toContain('no match');
    await app!.press(KEYS.esc);
    expect(f.restarts()).toEqual([]);
  });
});

describe('emergency pane: what the CLI did meanwhile', () => {
  /** A rolling restart of engine as `perfmon restart` runs it (the same engine, the desk's journal directory and locks). */
  async function cliRestart(f: DeskFixture, decide: 'abort' | 'skip') {
    const { planRollingRestart } = await import('../../src/procedures/plan.js');
    const { startRestart } = await import('../../src/procedures/restart-run.js');
    const { access, audit, stateDir, lock } = f.desk.setup;
    return startRestart(planRollingRestart(f.inventory, 'engine', access, { batch: 1 }), { access, audit, stateDir, lock, policy: () => decide });
  }

  it('a host left drained by a failed CLI run shows as drained, not ok, without a key pressed', async () => {
    const f = await openPane();
    expect(text()).toMatch(/● engine +3\/3 ok/);
    f.desk.runs.watch(50);
    f.failRestart('oe-2', true);
    const outcome = await cliRestart(f, 'abort');
    expect(outcome.status).toBe('failed');
    await until(f.desk.runs, (s) => (s.drained['engine']?.size ?? 0) > 0, 'the drained host read back');
    await settle();
    expect(text()).toMatch(/◐ engine +2\/3 ok 1 drained/);
    expect(text()).toMatch(/◐ oe-2 +exit 0: UP/);
    expect(text().replace(/\n\s*/g, ' ')).toContain(`may still be drained by run ${outcome.runId} (failed, failed)`);
  });

  it('a run aborted here and then resumed and finished by the CLI shows as done, not ABORTED', async () => {
    const f = await openPane();
    f.failRestart('oe-2', true);
    await app!.press('r', 'engine', KEYS.enter);
    await until(f.desk.runs, (s) => s.question !== null, 'the failure question');
    await app!.press('a');
    const stopped = await until(f.desk.runs, (s) => s.run?.phase === 'finished', 'the run aborted');
    const runId = stopped.run!.restart!.runId!;
    await settle();
    expect(text()).toContain(' FAILED  rolling restart of engine');
    f.desk.runs.watch(50);
    f.failRestart('oe-2', false);
    const { loadRunToResume, resumeRestart } = await import('../../src/procedures/restart-run.js');
    const { access, audit, stateDir, lock } = f.desk.setup;
    const outcome = await resumeRestart(await loadRunToResume(stateDir, runId), { access, audit, stateDir, lock });
    expect(outcome.status).toBe('completed');
    await until(f.desk.runs, (s) => s.run?.ended === 'completed', 'the resumed run followed');
    await settle();
    const frame = text();
    expect(frame).toContain(` DONE  rolling restart of engine · run ${runId}`);
    expect(frame).toMatch(/Resumed by this perfmon and completed at \d\d:\d\d:\d\d\./);
    for (const host of HOSTS) expect(frame).toMatch(new RegExp(`● ${host} +\\d +healthy`));
    expect(frame).not.toContain('To continue: perfmon restart --resume');
    // Back on the components view, the title no longer says the run failed.
    await app!.press(KEYS.esc);
    await settle();
    expect(text()).toContain('DONE rolling restart of engine');
  });

  it('a lock refusal follows the lock: its holder exited, then the lock is gone', async () => {
    const f = await openPane();
    const { mkdirSync, writeFileSync, rmSync } = await import('node:fs');
    const { hostname } = await import('node:os');
    const { spawnSync } = await import('node:child_process');
    // A perfmon pid on this machine that has exited.
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    const lock = `${f.dir}/perfmon-lock.engine.oe-2`;
    mkdirSync(lock);
    const owner = { runId: 'cli-run', procedure: 'rolling-restart', localUser: 'bob', localHost: hostname(), pid: gone, acquiredAt: new Date().toISOString(), expiresAt: Date.now() + 600_000 };
    writeFileSync(`${lock}/owner`, `${JSON.stringify(owner)}\n`);
    await app!.press('r', 'engine', KEYS.enter);
    await until(f.desk.runs, (s) => s.run?.phase === 'refused', 'the refusal');
    f.desk.runs.watch(50);
    await until(f.desk.runs, (s) => s.message?.text.includes('has exited') === true, 'the exited holder named');
    await settle();
    expect(text().replace(/\n\s*/g, ' ')).toContain(`pid ${gone} has exited, so the lock is free once it expires.`);
    rmSync(lock, { recursive: true });
    await until(f.desk.runs, (s) => s.message?.text.includes('free now') === true, 'the lock freed');
    await settle();
    expect(text()).toContain('The lock on engine (oe-2) that refused the run is free now: r to try again.');
    expect(f.restarts()).toEqual([]);
  });
});

describe('header: DEGRADED on every pane', () => {
  const header = () => text().split('\n')[0]!;
  const flags = (f: DeskFixture, state: string) => {
    for (const h of HOSTS) writeFileSync(join(f.dir, `flag-${h}`), `${state}\n`);
  };

  it('a time-boxed switch shows on the Fleet pane with its revert time, and goes once reverted', async () => {
    const f = await openPane();
    expect(header()).not.toContain('DEGRADED');
    await app!.press('v', 'v');
    await until(f.desk.degrade, (s) => s.controls !== null, 'controls read');
    await app!.press('t', 'o', 'new-orders', KEYS.enter);
    const { pending } = await until(f.desk.degrade, (s) => s.pending.length === 1 && s.busy === undefined, 'the box pending');
    await app!.press('1');
    await settle();
    expect(text()).toContain('HOST');
    expect(header()).toContain(` DEGRADED 1 · revert ${clockTime(pending[0]!.revertAt)} `);
    await f.desk.degrade.shutdown();
    await settle();
    expect(header()).not.toContain('DEGRADED');
  });

  it('a control switched elsewhere (no revert pending) shows once read back, and goes when it is back to normal', async () => {
    const f = await openPane();
    await app!.press('1');
    f.desk.degrade.watch(50);
    flags(f, 'on');
    await until(f.desk.degrade, (s) => s.controls?.[0]?.readings.every((r) => r.state === 'on') === true, 'read on');
    await settle();
    expect(header()).toMatch(/ DEGRADED 1 {2}perfmon/);
    flags(f, 'off');
    await until(f.desk.degrade, (s) => s.controls?.[0]?.readings.every((r) => r.state === 'off') === true, 'read off');
    await settle();
    expect(header()).not.toContain('DEGRADED');
  });
});

describe('emergency pane at 80 columns', () => {
  it('the view tabs never read C…: short of room, the active view alone with its place', async () => {
    fixture = deskFixture();
    const { renderSized } = await import('./render-app.js');
    const sized = await renderSized(80, 24, { panes: FLEET_PANES, config: { emergency: fixture.desk, environment: 'production', readOnly: true }, snapshots: fixtureSnapshots() });
    try {
      await sized.press('9');
      const title = stripVTControlCharacters(sized.frame()).split('\n')[1]!;
      expect(title).toContain('READ-ONLY: no action');
      expect(title).toMatch(/Components 1\/5, v next$/);
      expect(title).not.toContain('…');
      await sized.press('v');
      expect(stripVTControlCharacters(sized.frame()).split('\n')[1]).toMatch(/Run 2\/5, v next$/);
    } finally {
      sized.unmount();
    }
  });
});
