/** `perfmon snapshot --at TIME` as an operator runs it: the real bin/perfmon.js over a store the writer filled. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostSnapshot } from '../../src/model/host-snapshot.js';
import { PERFMON_BIN } from '../support-bin.js';
import { fillStore, filledReading, type FillOptions } from './fill-store.js';

const home = mkdtempSync(join(tmpdir(), 'perfmon-snapshot-at-'));
const store = join(home, 'store');
const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, 'xdg'), XDG_STATE_HOME: join(home, 'state'), NO_COLOR: '1' };
const FILL: FillOptions = {
  hosts: ['db1', 'web1'],
  start: Math.floor((Date.now() - 30 * 60_000) / 1000) * 1000,
  seconds: 300,
  outage: { host: 'web1', from: 200, to: 300, reason: 'ssh: connect ECONNREFUSED 127.0.0.3:22' },
};
beforeAll(() => fillStore(store, FILL));
afterAll(() => rmSync(home, { recursive: true, force: true }));

function perfmon(...args: string[]) {
  const run = spawnSync(process.execPath, [PERFMON_BIN, ...args], { env, encoding: 'utf8', timeout: 30_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const iso = (second: number) => new Date(FILL.start + second * 1000).toISOString();

describe('perfmon snapshot --at TIME', () => {
  it('prints the snapshot contract as history recorded it, stating the moment; a host down then is down with its reason (exit 3)', () => {
    const at = FILL.start + 250_500;
    const run = perfmon('snapshot', '--at', new Date(at).toISOString(), '--store', store, '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(3);
    const out = JSON.parse(run.stdout) as { at: string; history: Record<string, unknown>; hosts: HostSnapshot[] };
    expect(out.at).toBe(new Date(at).toISOString());
    expect(out.history).toEqual({ store, staleMs: 120_000, missing: [], fromRollups: [] });
    const [db1, web1] = out.hosts;
    const recorded = filledReading(FILL, 'db1', 250);
    expect(db1).toMatchObject({ name: 'db1', status: 'up', error: null, time: iso(250), uptime: recorded.uptime, load: recorded.load, memory: recorded.memory });
    expect(db1!.cpu.usage).toBe(recorded.cpu.usage);
    expect(db1!.disks).toEqual(recorded.disks);
    expect(web1).toMatchObject({ name: 'web1', status: 'down', error: 'ssh: connect ECONNREFUSED 127.0.0.3:22', time: iso(250) });
  });

  it('without --json prints the fleet table under a REPLAY line; a relative TIME needs no "="', () => {
    const minutesAgo = Math.round((Date.now() - (FILL.start + 100_000)) / 60_000);
    const run = perfmon('snapshot', '--at', `-${minutesAgo}m`, '--store', store);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const [replay, counts] = run.stdout.split('\n');
    expect(replay).toMatch(new RegExp(`^REPLAY (\\d{4}-\\d\\d-\\d\\d )?\\d\\d:\\d\\d:\\d\\d \\(−\\d+m( \\d\\ds)?\\) from ${store}: each host as last recorded at or before `));
    expect(counts).toBe('2 hosts: 2 up, 0 down');
  });

  it("reads the store the inventory's history.path names, as the recorder of that inventory writes it", () => {
    const inventory = join(home, 'perfmon.yaml');
    writeFileSync(inventory, 'history: {path: store}\nhosts:\n  - {name: db1, address: 127.0.0.1}\n');
    const run = perfmon('snapshot', '--at', iso(100), '--config', inventory, '--json');
    expect(run.stderr).toBe('');
    expect((JSON.parse(run.stdout) as { history: { store: string }; hosts: { name: string }[] }).history.store).toBe(store);
  });

  it('says what the store holds when it has nothing near TIME', () => {
    const run = perfmon('snapshot', '--at', '-3h', '--store', store);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`the history store ${store} has nothing in the 2m up to `);
    expect(run.stderr).toContain(`it holds ${iso(0)} to ${iso(299)}`);
    const none = perfmon('snapshot', '--at', '-3h', '--store', join(home, 'nothing'));
    expect(none).toMatchObject({ code: 1, stderr: expect.stringContaining(`no history store at ${join(home, 'nothing')}`) });
  });
});
