import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSnapshots } from '../../fixtures/history/read-fixture.js';
import { HistoryWriter } from '../../src/history/history-writer.js';
import { hostSnapshotSamples } from '../../src/history/host-snapshot-samples.js';
import { MINUTE } from '../../src/history/store-layout.js';
import { runPerfmon } from '../support-bin.js';

/**
 * The captured readings (one a second) written by the real writer from a window boundary three
 * hours ago, with the host down for readings 300–399 (HostDown: pending at 300, firing at 330
 * after its 30 s, resolved at 400: one fire, 70 s firing) and again for 500–519 (shorter than
 * the 30 s hold: never fires).
 */
const START = Math.floor((Date.now() - 3 * 60 * MINUTE) / (10 * MINUTE)) * 10 * MINUTE;
const down = (i: number) => (i >= 300 && i < 400) || (i >= 500 && i < 520);
let dir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'perfmon-backtest-'));
  env = { PATH: process.env['PATH'], HOME: dir, XDG_CONFIG_HOME: join(dir, 'config'), XDG_STATE_HOME: join(dir, 'state') };
  const writer = await HistoryWriter.open(join(dir, 'store'));
  readSnapshots().forEach((s, i) => {
    const reading = down(i) ? { ...s, status: 'down' as const } : s;
    writer.append(s.name, START + i * 1000, hostSnapshotSamples(reading, { topProcesses: 10 }));
  });
  writer.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const backtest = (...args: string[]) => runPerfmon(['alerts', 'backtest', ...args, '--store', join(dir, 'store'), '--from=-1d'], env);

describe('perfmon alerts backtest', () => {
  it('counts the fires, firing time, flaps and hosts of a rule over the stored raw readings', async () => {
    const { code, stdout, stderr } = await backtest('HostDown', '--json');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as { tier: string; readings: number; hosts: number; rules: unknown[] };
    expect(result.tier).toBe('raw');
    expect(result.readings).toBe(readSnapshots().length);
    expect(result.hosts).toBe(1);
    expect(result.rules).toEqual([{ rule: 'HostDown', severity: 'critical', fires: 1, resolves: 1, firingSeconds: 70, flaps: 0, hosts: ['capture-host'] }]);
  });

  it('prints every rule of the inventory in a table sorted by fires, saying which tier it read', async () => {
    const { code, stdout } = await backtest();
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^backtest of 13 rules over .*: \d+ readings of 1 host from the raw tier \(stored resolution\)/);
    expect(lines[1]).toMatch(/^RULE\s+SEVERITY\s+FIRES\s+FIRING\s+FLAPS\s+HOSTS$/);
    const rows = lines.slice(2).map((l) => l.split(/\s{2,}/));
    expect(rows).toHaveLength(13);
    expect(rows.find((r) => r[0] === 'HostDown')).toEqual(['HostDown', 'critical', '1', '1m 10s', '0', 'capture-host']);
    const fires = rows.map((r) => Number(r[2]));
    expect(fires).toEqual([...fires].sort((a, b) => b - a));
  });

  it('refuses an unknown rule, listing the rules there are', async () => {
    const { code, stderr } = await backtest('NoSuchRule');
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/perfmon alerts: no alert rule "NoSuchRule"; the inventory's rules are: HostDown, CpuBusyWarning, CpuBusyCritical/);
  });
});
