/**
 * Degradation controls on the lab service: a value from the config reaches the host literally
 * (quotes, $(), ;, backticks), HTTP admin calls are made from the host, a time-boxed profile
 * reverts by itself, and a revert left pending by a killed perfmon is finished by --revert.
 */
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProcedureCli, CliProcess, runCli, type ProcedureCli } from '../procedures/procedure-cli.js';
import { eventsOf, startServiceLab, type ServiceLab } from '../procedures/service-lab.js';

let svc: ServiceLab;
let cli: ProcedureCli;
// Writable by the lab user: were the value run by a shell, its commands would leave files here.
const canaries = mkdtempSync(join(tmpdir(), 'perfmon-canary-'));
chmodSync(canaries, 0o777);
const hostile = `it's "$(touch ${canaries}/a)"; touch ${canaries}/b \`touch ${canaries}/c\` $HOME & | \\ %20 +`;

beforeAll(async () => {
  cli = buildProcedureCli();
  svc = await startServiceLab({
    hosts: 3,
    componentExtra: ({ port, supervisor }) => {
      const admin = `http://{address}:${port}/admin`;
      const value = `'${hostile.replaceAll("'", "''")}'`; // YAML single quotes: only ' is doubled
      return [
        '    controls:',
        '      - name: maintenance',
        '        type: flag',
        `        on: {http: {url: "${admin}/flags/maintenance/on"}}`,
        `        off: {http: {url: "${admin}/flags/maintenance/off"}}`,
        `        read: {http: {url: "${admin}/flags/maintenance"}}`,
        '      - name: order-rate',
        '        type: throttle',
        `        value: ${value}`,
        `        on: {http: {url: "${admin}/throttle?rate={value}"}}`,
        `        off: {http: {method: DELETE, url: "${admin}/throttle"}}`,
        `        read: {http: {url: "${admin}/throttle"}}`,
        '        onPattern: "^rate="',
        '      - name: note',
        '        type: flag',
        `        value: ${value}`,
        `        on: ${supervisor} note {value}`,
        `        off: ${supervisor} note off`,
        '        scope: one-host',
      ].join('\n');
    },
    topLevel: ({ component }) =>
      [
        'profiles:',
        '  shed:',
        '    duration: 10m',
        `    set: [{component: ${component}, control: maintenance, state: on}, {component: ${component}, control: order-rate, state: on}]`,
      ].join('\n'),
  });
});
afterAll(async () => {
  cli?.cleanup();
  rmSync(canaries, { recursive: true, force: true });
  await svc?.stop();
});

function pending(): unknown[] {
  const file = join(svc.stateDir, 'degrade-pending.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { pending: unknown[] }).pending : [];
}

function admin(index: number): { flags: Record<string, string>; throttle: string | null } {
  const file = join(svc.hostDir(index), 'admin.json');
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : { flags: {}, throttle: null };
}

function counts(): number[] {
  return svc.lab.hosts.map((_, i) => svc.events(i).length);
}

function degrade(...args: string[]) {
  return runCli(cli, ['degrade', ...args, '--config', svc.inventoryFile], svc.env);
}

describe('perfmon degrade on the lab', () => {
  it('passes a value with quotes, $(), ; and backticks to the remote command and the admin URL as a literal', async () => {
    const noted = await degrade(svc.component, 'note', 'on', '--yes');
    expect(noted.stderr).toBe('');
    expect(noted.code).toBe(0);
    expect(svc.notes(0)).toBe(`${hostile}\n`);
    // scope one-host: only the first host ran it.
    expect([svc.notes(1), svc.notes(2)]).toEqual(['', '']);

    const marks = counts();
    const throttled = await degrade(svc.component, 'order-rate', 'on', '--yes');
    expect(throttled.code).toBe(0);
    svc.lab.hosts.forEach((_, i) => {
      expect(eventsOf(svc.events(i).slice(marks[i]), 'throttle').map((e) => e.rate)).toEqual([hostile]);
    });
    expect(throttled.stdout).toContain(`${svc.component} order-rate: was lab-0=off, lab-1=off, lab-2=off; now lab-0=on, lab-1=on, lab-2=on`);
    expect((await degrade(svc.component, 'order-rate', 'off', '--yes')).code).toBe(0);
    expect(svc.lab.hosts.map((_, i) => admin(i).throttle)).toEqual([null, null, null]);
    expect(readdirSync(canaries)).toEqual([]);
  });

  it('shows each control with its state read from every host', async () => {
    const shown = await degrade(svc.component);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(`${svc.component} maintenance (flag): lab-0=off, lab-1=off, lab-2=off`);
    expect(shown.stdout).toContain(`${svc.component} note (flag): lab-0=unknown (no read action configured)`);
  });

  it('reverts a time-boxed profile by itself, to the states read before', async () => {
    const marks = counts();
    const result = await degrade('--profile', 'shed', '--for', '2s', '--yes');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Degrade: profile shed, reverted after 2s');
    expect(result.stdout).toContain('Reverted.');
    svc.lab.hosts.forEach((_, i) => {
      const events = svc.events(i).slice(marks[i]);
      expect(eventsOf(events, 'flag').map((e) => e.state)).toEqual(['on', 'off']);
      expect(eventsOf(events, 'throttle').map((e) => e.rate)).toEqual([hostile, null]);
      // Switched on, then (after the time box) off again.
      expect(events.findIndex((e) => e.event === 'flag' && e.state === 'off')).toBeGreaterThan(events.findIndex((e) => e.event === 'throttle' && e.rate !== null));
      expect(admin(i)).toEqual({ flags: { maintenance: 'off' }, throttle: null });
    });
    expect(pending()).toEqual([]);
    const audit = readFileSync(svc.auditFile, 'utf8');
    expect(audit).toContain('"what":"degrade-timebox"');
    expect(audit).toContain('"what":"degrade-revert"');
  });

  it('a revert left pending by a killed perfmon is finished by perfmon degrade --revert', async () => {
    const waiting = new CliProcess(cli, ['degrade', '--profile', 'shed', '--yes', '--config', svc.inventoryFile], svc.env);
    await waiting.waitFor(/Reverting at \d\d:\d\d:\d\d by itself/);
    expect(svc.lab.hosts.map((_, i) => admin(i).flags['maintenance'])).toEqual(['on', 'on', 'on']);
    waiting.child.kill('SIGKILL');
    await waiting.done;
    expect(pending()).toHaveLength(1);

    const status = await degrade(svc.component);
    expect(status.stdout).toMatch(/Pending revert \S+ \(profile shed\) due /);
    const reverted = await degrade('--revert');
    expect(reverted.code).toBe(0);
    expect(reverted.stdout).toContain('Reverted.');
    expect(svc.lab.hosts.map((_, i) => admin(i))).toEqual(svc.lab.hosts.map(() => ({ flags: { maintenance: 'off' }, throttle: null })));
    expect(pending()).toEqual([]);
    expect((await degrade('--revert')).stdout).toContain('Nothing pending to revert.');
  });

  it('a time box over a control whose revert pends extends it: after both reverts the control is as it was before either', async () => {
    // Issue 9, item 1: order-rate on for a while, then the profile (which sets order-rate on too) for longer.
    expect(svc.lab.hosts.map((_, i) => admin(i).throttle)).toEqual([null, null, null]);
    const first = new CliProcess(cli, ['degrade', svc.component, 'order-rate', 'on', '--for', '10m', '--yes', '--config', svc.inventoryFile], svc.env);
    const [, firstDue] = await first.waitFor(/Reverting at (\d\d:\d\d:\d\d) by itself/);
    const second = new CliProcess(cli, ['degrade', '--profile', 'shed', '--for', '15m', '--yes', '--config', svc.inventoryFile], svc.env);
    const [, secondDue] = await second.waitFor(/Reverting at (\d\d:\d\d:\d\d) by itself/);
    expect(second.stdout).toContain(`${svc.component} order-rate already on until ${firstDue} (revert pending); this extends it to ${secondDue}, then back to off`);
    expect(pending()).toHaveLength(1);

    // The first box ends (Ctrl-C: revert now): its control now belongs to the second box.
    first.child.kill('SIGINT');
    const firstDone = await first.done;
    expect(firstDone.code).toBe(0);
    expect(firstDone.stdout).toContain('taken over by the later time box profile shed');
    expect(svc.lab.hosts.map((_, i) => admin(i).throttle)).toEqual([hostile, hostile, hostile]);

    second.child.kill('SIGINT');
    const secondDone = await second.done;
    expect(secondDone.stdout).toContain('Reverted.');
    expect(secondDone.code).toBe(0);
    expect(svc.lab.hosts.map((_, i) => admin(i))).toEqual(svc.lab.hosts.map(() => ({ flags: { maintenance: 'off' }, throttle: null })));
    expect(pending()).toEqual([]);
  });
});
