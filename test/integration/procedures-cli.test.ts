/**
 * perfmon restart / recover as real processes against the lab service: the plan and its
 * confirmation, SIGKILL in the middle of a run and --resume, two operators on one component,
 * read-only mode and the actions allow-list, and a dependency cycle — checking the service's
 * own records and the audit log, not perfmon's word.
 */
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitHealthy } from '../../src/procedures/health-check.js';
import { buildProcedureCli, CliProcess, PtyRun, runCli, type ProcedureCli } from '../procedures/procedure-cli.js';
import { eventsOf, startServiceLab, SUPERVISOR, type ServiceLab } from '../procedures/service-lab.js';

let svc: ServiceLab;
let cli: ProcedureCli;

beforeAll(async () => {
  cli = buildProcedureCli();
  svc = await startServiceLab({ hosts: 3, warmupMs: 1500 });
});
afterAll(async () => {
  cli?.cleanup();
  await svc?.stop();
});

/** A fresh state directory per test: each test sees only its own runs. */
function envWithState(): NodeJS.ProcessEnv {
  return { ...svc.env, PERFMON_STATE_DIR: mkdtempSync(join(svc.lab.dir, 'state-')) };
}

function auditSize(): number {
  return existsSync(svc.auditFile) ? statSync(svc.auditFile).size : 0;
}

function auditLines(): Array<Record<string, unknown>> {
  if (!existsSync(svc.auditFile)) return [];
  return readFileSync(svc.auditFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
}

function eventCounts(): number[] {
  return svc.lab.hosts.map((_, i) => svc.events(i).length);
}

/** A variant of the lab inventory: extra top-level lines first, extra components last. */
function variant(name: string, top: string, components = ''): string {
  const file = join(svc.lab.dir, `${name}.yaml`);
  writeFileSync(file, `${top}\n${readFileSync(svc.inventoryFile, 'utf8')}${components}`);
  return file;
}

describe('perfmon restart (CLI)', () => {
  it('--dry-run prints the plan with every command exactly as it will run, and changes nothing (--rolling, the only kind, may be left out)', async () => {
    const [audit, events] = [auditSize(), eventCounts()];
    const result = await runCli(cli, ['restart', svc.component, '--dry-run', '--config', svc.inventoryFile], envWithState());
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('*** ENVIRONMENT: LAB ***');
    expect(result.stdout).toContain('3 hosts in 3 batches of at most 1 (the component allows 2 down at once); stop at the first failure');
    for (const host of svc.lab.hosts) {
      for (const step of ['drain', 'restart', 'undrain']) expect(result.stdout).toContain(`    ${step.padEnd(7)}  sh ${SUPERVISOR} ${svc.base}/'${host.name}' ${step}`);
      expect(result.stdout).toContain(`    health   GET http://${host.address}:${svc.port}/health answers 200 containing "UP"`);
    }
    expect(result.stdout.indexOf('Batch 1:')).toBeLessThan(result.stdout.indexOf('  lab-0  '));
    expect(result.stdout).toContain('Dry run: nothing was done.');
    expect([auditSize(), eventCounts()]).toEqual([audit, events]);
  });

  it('refuses to run without --yes when there is no terminal to confirm on, and a batch over maxUnavailable', async () => {
    const [audit, events] = [auditSize(), eventCounts()];
    const noYes = await runCli(cli, ['restart', svc.component, '--rolling', '--config', svc.inventoryFile], envWithState());
    expect(noYes.code).toBe(2);
    expect(noYes.stderr).toContain(`refusing to restart ${svc.component} in lab without --yes: there is no terminal to confirm on`);
    const tooBig = await runCli(cli, ['restart', svc.component, '--rolling', '--batch', '3', '--yes', '--config', svc.inventoryFile], envWithState());
    expect(tooBig.code).toBe(2);
    expect(tooBig.stderr).toContain(`--batch 3 means 3 hosts down at once, but component ${svc.component} allows 2`);
    expect([auditSize(), eventCounts()]).toEqual([audit, events]);
  });

  it('on a terminal, asks for the component name: a wrong one does nothing; the right one runs, and `a` aborts once the host under way is back', async () => {
    const marks = eventCounts();
    const args = ['restart', svc.component, '--rolling', '--config', svc.inventoryFile];
    const prompt = new RegExp(`Type ${svc.component} to restart ${svc.component} in lab: `);
    const wrong = new PtyRun(cli, args, envWithState());
    await wrong.waitFor(prompt);
    wrong.write(`${svc.component.slice(0, -1)}\r`);
    expect(await wrong.exit).toBe(1);
    expect(wrong.output).toContain('Not confirmed: nothing was done.');
    expect(eventCounts()).toEqual(marks);

    const right = new PtyRun(cli, args, envWithState());
    await right.waitFor(prompt);
    right.write(`${svc.component}\r`);
    await right.waitFor(/lab-0\s+restarting/);
    right.write('a');
    expect(await right.exit).toBe(1);
    expect(right.output).toMatch(/Aborted: aborted by the operator\n  lab-0 +healthy\n  lab-1 +untouched\n  lab-2 +untouched\n/);
    expect(svc.events(1).slice(marks[1])).toEqual([]);
  });

  it('killed with SIGKILL in the middle of a run, --resume finishes it without restarting any host twice', async () => {
    const env = envWithState();
    const before = svc.lab.hosts.map((_, i) => svc.pid(i)!);
    const marks = eventCounts();
    const first = new CliProcess(cli, ['restart', svc.component, '--rolling', '--yes', '--config', svc.inventoryFile], env);
    const runId = (await first.waitFor(/Started run (\S+);/))[1]!;
    // lab-1's restart has returned (its new process is up) and perfmon waits for it to be healthy.
    await first.waitFor(/lab-1\s+waiting/);
    first.child.kill('SIGKILL');
    const killed = await first.done;
    expect(killed.signal).toBe('SIGKILL');
    const journal = JSON.parse(readFileSync(join(env['PERFMON_STATE_DIR']!, 'runs', `${runId}.json`), 'utf8')) as { status: string; hosts: Record<string, { state: string }> };
    expect(journal.status).toBe('running');
    expect(journal.hosts['lab-0']!.state).toBe('healthy');
    expect(journal.hosts['lab-2']!.state).toBe('pending');

    const resumed = await runCli(cli, ['restart', '--resume', runId, '--yes', '--config', svc.inventoryFile], env);
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain(`took over the lock`);
    expect(resumed.stdout).toContain('Done: all 3 hosts');

    svc.lab.hosts.forEach((_, i) => {
      const events = svc.events(i).slice(marks[i]);
      // Exactly one new process per host, and the old one stopped exactly once.
      expect(eventsOf(events, 'started'), `host ${i}`).toHaveLength(1);
      expect(eventsOf(events, 'stopping').map((e) => e.pid)).toEqual([before[i]]);
      expect(svc.pid(i)).toBe(eventsOf(events, 'started')[0]!.pid);
      expect(eventsOf(events, 'undrain')).toHaveLength(1);
    });
    const restarts = auditLines().filter((l) => l['runId'] === runId && l['action'] === 'restart' && l['event'] === 'before');
    expect(restarts.map((l) => l['host'])).toEqual(['lab-0', 'lab-1', 'lab-2']);
    expect(existsSync(join('/tmp', `perfmon-lock.${svc.component}.lab-0`))).toBe(false);
  });

  it('killed between recording a restart and its answer, --resume checks that host instead of restarting it again', async () => {
    const env = envWithState();
    const marks = eventCounts();
    const args = ['--yes', '--config', svc.inventoryFile];
    const first = new CliProcess(cli, ['restart', svc.component, '--rolling', ...args], env);
    const runId = (await first.waitFor(/Started run (\S+);/))[1]!;
    // The journal says lab-1 is restarting; the command may or may not have reached the host.
    await first.waitFor(/lab-1\s+restarting\s+\d+\.\ds\n/);
    first.child.kill('SIGKILL');
    await first.done;

    const resumed = await runCli(cli, ['restart', '--resume', runId, ...args], env);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(/lab-1 +restarting +restart was under way: not sent again, health checked instead/);
    expect(resumed.stdout).toContain('without proof their restart ran (perfmon stopped mid-restart): lab-1');
    const counts = svc.lab.hosts.map((_, i) => ['started', 'stopping'].map((kind) => eventsOf(svc.events(i).slice(marks[i]), kind).length));
    expect(counts[0]).toEqual([1, 1]);
    expect(counts[2]).toEqual([1, 1]);
    // Restarted once if the command got there before the kill, not at all if it did not: never twice.
    expect([[0, 0], [1, 1]]).toContainEqual(counts[1]);
    const sent = auditLines().filter((l) => l['runId'] === runId && l['action'] === 'restart' && l['host'] === 'lab-1' && l['event'] === 'before');
    expect(sent.length).toBeLessThanOrEqual(1);
  });

  it('a second operator on the same component is refused by the lock while the first run goes on', async () => {
    const auditBefore = auditLines().length;
    const first = new CliProcess(cli, ['restart', svc.component, '--rolling', '--yes', '--config', svc.inventoryFile], envWithState());
    const runId = (await first.waitFor(/Started run (\S+);/))[1]!;
    const secondEnv = envWithState();
    const second = await runCli(cli, ['restart', svc.component, '--rolling', '--yes', '--config', svc.inventoryFile], secondEnv);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(new RegExp(`lab-0: component ${svc.component} is locked by \\S+ \\(pid ${first.child.pid}, rolling-restart run ${runId}, expires in \\d+s\\)`));
    expect(existsSync(join(secondEnv['PERFMON_STATE_DIR']!, 'runs'))).toBe(false);
    const result = await first.done;
    expect(result.code).toBe(0);
    // Every host was restarted once, by the first run; the second only tried the lock on lab-0.
    const lines = auditLines().slice(auditBefore);
    const restarts = lines.filter((l) => l['action'] === 'restart' && l['event'] === 'before');
    expect(restarts.map((l) => [l['runId'], l['host']])).toEqual(['lab-0', 'lab-1', 'lab-2'].map((host) => [runId, host]));
    const others = lines.filter((l) => l['runId'] !== runId);
    expect(others.map((l) => `${l['event']} ${l['action']} ${l['host']}`)).toEqual(['before lock lab-0', 'after lock lab-0']);
  });
});

describe('safety (CLI)', () => {
  it('read-only (flag or config) and the actions allow-list refuse every action before anything connects', async () => {
    const [audit, events] = [auditSize(), eventCounts()];
    const readOnlyConfig = variant('read-only', 'readOnly: true');
    const degradeOnly = variant('degrade-only', 'actions: [degrade]');
    const attempts: Array<[string[], string, RegExp]> = [
      [['restart', svc.component, '--rolling', '--yes', '--read-only'], svc.inventoryFile, /restart refused: perfmon runs with --read-only/],
      [['recover', '--yes', '--read-only'], svc.inventoryFile, /recover refused: perfmon runs with --read-only/],
      [['degrade', svc.component, 'x', 'on', '--yes', '--read-only'], svc.inventoryFile, /degrade refused: perfmon runs with --read-only/],
      [['degrade', '--revert', '--read-only'], svc.inventoryFile, /degrade refused/],
      [['restart', svc.component, '--rolling', '--yes'], readOnlyConfig, /restart refused: .*read-only\.yaml sets readOnly: true/],
      [['recover', '--yes'], readOnlyConfig, /recover refused: .*readOnly: true/],
      [['degrade', '--profile', 'p', '--yes'], readOnlyConfig, /degrade refused: .*readOnly: true/],
      [['restart', svc.component, '--rolling', '--yes'], degradeOnly, /restart refused: it is not in the actions allowed by .*degrade-only\.yaml \(actions: degrade\)/],
    ];
    for (const [args, config, message] of attempts) {
      const result = await runCli(cli, [...args, '--config', config], envWithState());
      expect(result.stderr, args.join(' ')).toMatch(message);
      expect(result.code, args.join(' ')).toBe(2);
    }
    expect([auditSize(), eventCounts()]).toEqual([audit, events]);
  });

  it('refuses a dependency cycle before any command runs, printing it', async () => {
    const [audit, events] = [auditSize(), eventCounts()];
    const component = (name: string, dependsOn: string) =>
      `  - {name: ${name}, role: web, hosts: [lab-0], dependsOn: [${dependsOn}], health: {command: "true"}, restart: "true"}\n`;
    const cyclic = variant('cycle', '', component('a', 'b') + component('b', 'c') + component('c', 'a'));
    const result = await runCli(cli, ['recover', '--yes', '--config', cyclic], envWithState());
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('dependency cycle: a → b → c → a');
    expect(result.stdout).toBe('');
    expect([auditSize(), eventCounts()]).toEqual([audit, events]);
  });
});

/** Runs the supervisor on a lab host over SSH, as the operator's tooling would. */
async function supervise(host: string, action: string): Promise<void> {
  const access = svc.access(await svc.inventory());
  try {
    const result = await access.exec(host, `sh ${SUPERVISOR} ${svc.base}/${host} ${action}`, { timeoutMs: 20_000 });
    expect(result.code, result.stdout + result.stderr).toBe(0);
  } finally {
    access.close();
  }
}

/** A command line as printed (`perfmon restart --resume RUN`), as the argv perfmon gets. */
function printedArgv(line: string): string[] {
  const words = line.trim().split(/\s+/);
  expect(words[0]).toBe('perfmon');
  return words.slice(1);
}

/** Runs a printed command verbatim on a terminal, confirms it with the component's name, and returns its output. */
async function runPrintedOnTerminal(line: string, env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  const run = new PtyRun(cli, printedArgv(line), env);
  await run.waitFor(new RegExp(`Type ${svc.component} to resume restarting ${svc.component} in lab: `));
  run.write(`${svc.component}\r`);
  return { code: await run.exit, output: run.output };
}

describe('printed resume commands work as printed', () => {
  it('a run started with --config and killed: its printed `continue it with` command, typed as is, finishes it', async () => {
    const env = envWithState();
    const first = new CliProcess(cli, ['restart', svc.component, '--rolling', '--yes', '--config', svc.inventoryFile], env);
    const printed = (await first.waitFor(/continue it with: (perfmon restart --resume \S+)\n/))[1]!;
    await first.waitFor(/lab-1\s+waiting/);
    first.child.kill('SIGKILL');
    await first.done;

    const resumed = await runPrintedOnTerminal(printed, env);
    expect(resumed.output).toContain(`Inventory: ${svc.inventoryFile} (recorded by the run)`);
    expect(resumed.output).toContain('Done: all 3 hosts');
    expect(resumed.code).toBe(0);
  });

  it('recover stopped by a host that does not come back: its per-component hint, typed as is once the host is fixed, finishes that restart', async () => {
    const env = envWithState();
    // Something to recover: lab-0's service is stopped.
    await supervise('lab-0', 'stop');
    svc.setFailStart(2, true);
    let hint: string;
    try {
      const recovered = await runCli(cli, ['recover', '--yes', '--config', svc.inventoryFile], env);
      expect(recovered.code).toBe(1);
      hint = new RegExp(`  ${svc.component}: continue with (perfmon restart --resume \\S+)\\n`).exec(recovered.stdout)?.[1] ?? '';
      expect(hint, recovered.stdout + recovered.stderr).not.toBe('');
    } finally {
      svc.setFailStart(2, false);
    }
    // The operator fixes lab-2 and starts its service; the resume checks it instead of restarting it again.
    await supervise('lab-2', 'start');
    const resumed = await runPrintedOnTerminal(hint, env);
    expect(resumed.output).toContain(`Inventory: ${svc.inventoryFile} (recorded by the run)`);
    expect(resumed.output).toContain('Done: all 3 hosts');
    expect(resumed.code).toBe(0);
  });
});

describe('hosts already unhealthy count against maxUnavailable (CLI)', () => {
  it('with lab-1 down and maxUnavailable 1, the dry run and the run refuse, naming why; --allow-unhealthy goes ahead and is audited', async () => {
    const oneDown = join(svc.lab.dir, 'one-down.yaml');
    writeFileSync(oneDown, readFileSync(svc.inventoryFile, 'utf8').replace('maxUnavailable: 2', 'maxUnavailable: 1'));
    await supervise('lab-1', 'stop');
    try {
      const [audit, events] = [auditSize(), eventCounts()];
      const refusal = new RegExp(
        `perfmon: restart refused: lab-1 already unhealthy: [^;\\n]+; restarting lab-0 would leave 1 of 3 up \\(component ${svc.component} allows 1 down at once\\); --allow-unhealthy restarts anyway\\n`,
      );
      const dry = await runCli(cli, ['restart', svc.component, '--rolling', '--dry-run', '--config', oneDown], envWithState());
      expect(dry.stderr).toMatch(refusal);
      expect(dry.stdout).toContain('Health now: 2 of 3 hosts healthy\n  lab-1 unhealthy: ');
      expect(dry.stdout).toContain('Dry run: nothing was done.');
      expect(dry.code).toBe(1);
      const refused = await runCli(cli, ['restart', svc.component, '--rolling', '--yes', '--config', oneDown], envWithState());
      expect(refused.stderr).toMatch(refusal);
      expect(refused.code).toBe(1);
      expect([auditSize(), eventCounts()]).toEqual([audit, events]);

      const forced = await runCli(cli, ['restart', svc.component, '--rolling', '--yes', '--allow-unhealthy', '--config', oneDown], envWithState());
      expect(forced.stdout).toContain('Refusal overridden (--allow-unhealthy): lab-1 already unhealthy: ');
      expect(forced.stdout).toContain('Done: all 3 hosts');
      expect(forced.code).toBe(0);
      const runId = /Started run (\S+);/.exec(forced.stdout)![1]!;
      const start = auditLines().find((l) => l['runId'] === runId && l['what'] === 'run-start')!;
      expect(String(start['overridden'])).toMatch(/^lab-1 already unhealthy: .*restarting lab-0 would leave 1 of 3 up/);
    } finally {
      await supervise('lab-1', 'start');
    }
  });
});

describe('hosts left drained by a stopped run count against maxUnavailable (CLI)', () => {
  it('lab-2 left drained by a failed run passes its check, yet counts as out: the next plan is refused naming that run', async () => {
    const env = envWithState();
    const oneDown = join(svc.lab.dir, 'one-down-drained.yaml');
    writeFileSync(oneDown, readFileSync(svc.inventoryFile, 'utf8').replace('maxUnavailable: 2', 'maxUnavailable: 1'));
    svc.setFailStart(2, true);
    let runId: string;
    try {
      const failed = await runCli(cli, ['restart', svc.component, '--rolling', '--yes', '--config', oneDown], env);
      expect(failed.code).toBe(1);
      expect(failed.stdout).toContain('lab-2 may still be drained (out of the load balancer)');
      runId = /Started run (\S+);/.exec(failed.stdout)![1]!;
    } finally {
      svc.setFailStart(2, false);
    }
    // Its service is started again by hand: healthy, but still out of the load balancer.
    await supervise('lab-2', 'start');
    const access = svc.access(await svc.inventory());
    try {
      const probe = { type: 'http' as const, url: `http://${svc.lab.hosts[2]!.address}:${svc.port}/health`, status: [200] };
      const healthy = await waitHealthy(access, 'lab-2', probe, { timeoutMs: 5000, intervalMs: 100, healthyForMs: 0, startTimeoutMs: 20_000 });
      expect(healthy.ok, healthy.output).toBe(true);
    } finally {
      access.close();
    }
    const dry = await runCli(cli, ['restart', svc.component, '--rolling', '--dry-run', '--config', oneDown], env);
    expect(dry.stderr).toContain(`perfmon: restart refused: lab-2 already unhealthy: may still be drained by run ${runId} (failed, failed); restarting lab-0 would leave 1 of 3 up`);
    expect(dry.code).toBe(1);
    // It is put back by hand: the next run goes ahead.
    await supervise('lab-2', 'undrain');
    const forced = await runCli(cli, ['restart', svc.component, '--rolling', '--yes', '--allow-unhealthy', '--config', oneDown], env);
    expect(forced.stdout).toContain('Done: all 3 hosts');
    const again = await runCli(cli, ['restart', svc.component, '--rolling', '--dry-run', '--config', oneDown], env);
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
   }, 90_000);
});

describe('recover refuses what it cannot do before asking anything (CLI)', () => {
  it('with every level healthy: nothing to recover, said before the environment name is asked', async () => {
    const events = eventCounts();
    const run = new PtyRun(cli, ['recover', '--config', svc.inventoryFile], envWithState());
    await run.waitFor(/recover refused|Type lab/);
    expect(run.output).not.toContain('Type lab');
    expect(run.output).toContain('perfmon: recover refused: nothing to recover: every level healthy (3 checks passing)');
    expect(await run.exit).toBe(1);
    expect(eventCounts()).toEqual(events);
  });

  it('with a host down: the preview names it before anything is asked, and --skip-down recovers the others without touching it', async () => {
    const withDown = join(svc.lab.dir, 'with-down.yaml');
    const down = `  - {name: lab-9, address: 127.0.0.1, port: 1, user: ${svc.lab.user}, identityFile: ${svc.lab.identityFile}}\ncomponents:`;
    writeFileSync(withDown, readFileSync(svc.inventoryFile, 'utf8').replace('components:', down).replace('hosts: [lab-0, lab-1, lab-2]', 'hosts: [lab-0, lab-1, lab-2, lab-9]'));
    const [audit, events] = [auditSize(), eventCounts()];
    const asked = new PtyRun(cli, ['recover', '--config', withDown], envWithState());
    await asked.waitFor(/recover refused|Type lab/);
    expect(asked.output).not.toContain('Type lab');
    expect(asked.output).toContain('Down (cannot be reached): lab-9\n  lab-9: ');
    expect(asked.output).toContain('perfmon: recover refused: lab-9 is down: recovery takes a lock on every host before it starts; --skip-down recovers without them');
    expect(await asked.exit).toBe(1);
    expect([auditSize(), eventCounts()]).toEqual([audit, events]);

    const auditBefore = auditLines().length;
    const skipped = await runCli(cli, ['recover', '--skip-down', '--yes', '--config', withDown], envWithState());
    expect(skipped.stdout).toContain('Left out, down: lab-9 (not restarted, locked or checked)');
    expect(skipped.stdout).toContain('Recovery complete: every level healthy.');
    expect(skipped.code).toBe(0);
    const lines = auditLines().slice(auditBefore);
    expect(lines.filter((l) => l['host'] === 'lab-9')).toEqual([]);
    expect(lines.filter((l) => l['action'] === 'restart' && l['event'] === 'before').map((l) => l['host']).sort()).toEqual(['lab-0', 'lab-1', 'lab-2']);
  });
});
