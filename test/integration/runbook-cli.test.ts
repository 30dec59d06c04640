/**
 * perfmon runbook against real sshd lab hosts: the runbook listed, a read-only command's
 * output per host, a changing one previewed, refused without a terminal or with --read-only,
 * run with --yes and audited on each host (checked on the hosts' own files and in the audit
 * log), a failing host named.
 */
import { existsSync, mkdirSync, chmodSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../lab/lab.js';
import { buildProcedureCli, runCli, type ProcedureCli } from '../procedures/procedure-cli.js';

let lab: Lab;
let cli: ProcedureCli;
let inventory: string;
let work: string;
let auditFile: string;
let env: NodeJS.ProcessEnv;
const flushed = (host: string) => join(work, `${host}.flushed`);

beforeAll(async () => {
  cli = buildProcedureCli();
  lab = await startLab({ hosts: 2 });
  work = join(lab.dir, 'work');
  mkdirSync(work);
  chmodSync(work, 0o777);
  auditFile = join(lab.dir, 'audit.jsonl');
  env = { ...lab.env, PERFMON_STATE_DIR: join(lab.dir, 'state') };
  inventory = join(lab.dir, 'perfmon.yaml');
  writeFileSync(
    inventory,
    [
      'environment: lab',
      `audit: {path: ${auditFile}}`,
      'hosts:',
      ...lab.hosts.map((h) => `  - {name: ${h.name}, address: ${h.address}, port: ${h.port}, user: ${lab.user}, identityFile: ${lab.identityFile}}`),
      'components:',
      '  - name: engine',
      '    role: order-engine',
      '    hosts: [lab-0, lab-1]',
      '    runbook:',
      '      url: https://wiki.example/engine',
      '      text: Orders backing up? show-sessions first, then flush-cache.',
      '      commands:',
      '        - name: show-sessions',
      '          description: the sessions open on the host',
      `          command: 'echo sessions on {host}: 3; id -un'`,
      '        - name: flush-cache',
      `          command: touch ${work}/{host}.flushed && echo flushed {host}`,
      '          changes: true',
      '        - name: fails-on-one',
      `          command: 'test {host} = lab-0 || {{ echo no cache here >&2; exit 3; }}'`,
      '',
    ].join('\n'),
  );
});
afterAll(async () => {
  cli?.cleanup();
  await lab?.stop();
});

const auditRecords = () => (existsSync(auditFile) ? readFileSync(auditFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>) : []);

describe('perfmon runbook (CLI)', () => {
  it('lists the runbook of a component: its URL, its text, its commands, which change hosts', async () => {
    const result = await runCli(cli, ['runbook', 'engine', '--config', inventory], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('engine runbook: https://wiki.example/engine');
    expect(result.stdout).toContain('  Orders backing up? show-sessions first, then flush-cache.');
    expect(result.stdout).toMatch(/^ {2}show-sessions {2}read-only {2}the sessions open on the host$/m);
    expect(result.stdout).toMatch(/^ {2}flush-cache {4}CHANGES {4}touch /m);
  });

  it('runs a read-only command on every host at once, without asking, output per host, not audited', async () => {
    const result = await runCli(cli, ['runbook', 'engine', 'show-sessions', '--config', inventory], env);
    expect(result.code).toBe(0);
    for (const host of ['lab-0', 'lab-1']) expect(result.stdout).toMatch(new RegExp(`── ${host} {2}exit 0 {2}\\S+ ──\\nsessions on ${host}: 3\\n${lab.user}\\n`));
    expect(auditRecords()).toEqual([]);
  });

  it('a changing command: --dry-run previews the exact commands and runs nothing; without a terminal or with --read-only it is refused', async () => {
    const dry = await runCli(cli, ['runbook', 'engine', 'flush-cache', '--dry-run', '--config', inventory], env);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('*** ENVIRONMENT: LAB ***');
    expect(dry.stdout).toContain('CHANGES the hosts: engine flush-cache');
    expect(dry.stdout).toContain(`  lab-1\n    touch ${work}/'lab-1'.flushed && echo flushed 'lab-1'`);
    expect(dry.stdout).toContain('Dry run: nothing was done.');
    const noTerminal = await runCli(cli, ['runbook', 'engine', 'flush-cache', '--config', inventory], env);
    expect(noTerminal.code).toBe(2);
    expect(noTerminal.stderr).toContain('refusing to run flush-cache on lab-0, lab-1 without --yes');
    const readOnly = await runCli(cli, ['runbook', 'engine', 'flush-cache', '--yes', '--read-only', '--config', inventory], env);
    expect(readOnly.code).toBe(2);
    expect(readOnly.stderr).toContain('runbook refused: perfmon runs with --read-only');
    expect([existsSync(flushed('lab-0')), existsSync(flushed('lab-1'))]).toEqual([false, false]);
    expect(auditRecords()).toEqual([]);
  });

  it('a changing command with --yes runs host by host, each audited before and after', async () => {
    const result = await runCli(cli, ['runbook', 'engine', 'flush-cache', '--yes', '--config', inventory], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/── lab-0 {2}exit 0 .*──\nflushed lab-0\n── lab-1 {2}exit 0 .*──\nflushed lab-1\n/);
    expect([existsSync(flushed('lab-0')), existsSync(flushed('lab-1'))]).toEqual([true, true]);
    const records = auditRecords();
    expect(records.map((r) => [r['event'], r['action'], r['host'], r['component'], r['exitStatus']])).toEqual([
      ['before', 'runbook flush-cache', 'lab-0', 'engine', undefined],
      ['after', 'runbook flush-cache', 'lab-0', 'engine', 0],
      ['before', 'runbook flush-cache', 'lab-1', 'engine', undefined],
      ['after', 'runbook flush-cache', 'lab-1', 'engine', 0],
    ]);
    expect(records[0]!['command']).toBe(`touch ${work}/'lab-0'.flushed && echo flushed 'lab-0'`);
    rmSync(flushed('lab-0'));
    rmSync(flushed('lab-1'));
  });

  it('a host that fails is named with its exit and stderr, and the command exits 1; --host runs on one; --json', async () => {
    const result = await runCli(cli, ['runbook', 'engine', 'fails-on-one', '--config', inventory], env);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/── lab-0 {2}exit 0 /);
    expect(result.stdout).toMatch(/── lab-1 {2}FAILED: exit 3 .*──\n! no cache here\n/);
    const one = await runCli(cli, ['runbook', 'engine', 'show-sessions', '--host', 'lab-1', '--json', '--config', inventory], env);
    expect(one.code).toBe(0);
    const json = JSON.parse(one.stdout) as { results: { host: string; code: number; stdout: string }[]; changes: boolean };
    expect(json.changes).toBe(false);
    expect(json.results.map((r) => [r.host, r.code, r.stdout])).toEqual([['lab-1', 0, `sessions on lab-1: 3\n${lab.user}\n`]]);
    const unknown = await runCli(cli, ['runbook', 'engine', 'show-session', '--config', inventory], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("component 'engine' has no runbook command 'show-session' (did you mean 'show-sessions'?); its commands: show-sessions, flush-cache, fails-on-one");
  });
});
