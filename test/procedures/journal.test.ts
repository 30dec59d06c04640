import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Journal, JournalError, journalPath, listRuns, newRunId, resumeFrom, stepsFrom, type HostRecord } from '../../src/procedures/journal.js';
import { planRollingRestart } from '../../src/procedures/plan.js';
import { loadRunToResume } from '../../src/procedures/restart-run.js';
import { inventoryFrom } from './inventory-text.js';
import { LocalHostAccess } from './local-host-access.js';

const record = (patch: Partial<HostRecord>): HostRecord => ({ state: 'pending', updatedAt: '', ...patch });

describe('resumeFrom: the rule that nothing is restarted twice', () => {
  it.each([
    [{ state: 'healthy' }, 'done', false],
    [{ state: 'skipped', step: 'wait' }, 'done', false],
    [{ state: 'pending' }, 'drain', false],
    // Under way when perfmon died: drain and undrain run again, restart/start are never resent.
    [{ state: 'draining', step: 'drain' }, 'drain', false],
    [{ state: 'restarting', step: 'restart' }, 'wait', true],
    [{ state: 'restarting', step: 'stop' }, 'start', false],
    [{ state: 'restarting', step: 'start' }, 'wait', true],
    [{ state: 'waiting', step: 'wait' }, 'wait', false],
    [{ state: 'undraining', step: 'undrain' }, 'undrain', false],
    // Finished: the next step.
    [{ state: 'draining', step: 'drain', finished: true }, 'restart', false],
    [{ state: 'restarting', step: 'restart', finished: true }, 'wait', false],
    [{ state: 'restarting', step: 'stop', finished: true }, 'start', false],
    [{ state: 'waiting', step: 'wait', finished: true }, 'undrain', false],
    [{ state: 'undraining', step: 'undrain', finished: true }, 'done', false],
    // Failed: by the same rule, from the step that failed.
    [{ state: 'failed', step: 'drain' }, 'drain', false],
    [{ state: 'failed', step: 'restart' }, 'wait', true],
    [{ state: 'failed', step: 'wait' }, 'wait', false],
    [{ state: 'failed', step: 'undrain' }, 'undrain', false],
  ] as const)('%o → %s (unconfirmed: %s)', (patch, next, unconfirmed) => {
    expect(resumeFrom(record(patch))).toEqual({ next, unconfirmed });
  });
});

describe('stepsFrom', () => {
  const full = [{ step: 'drain' }, { step: 'restart' }, { step: 'undrain' }] as const;
  const stopStart = [{ step: 'stop' }, { step: 'start' }] as const;
  it('lists what is left of a host, the health wait included', () => {
    expect(stepsFrom(full, 'drain')).toEqual(['drain', 'restart', 'wait', 'undrain']);
    expect(stepsFrom(full, 'wait')).toEqual(['wait', 'undrain']);
    expect(stepsFrom(full, 'done')).toEqual([]);
    expect(stepsFrom(stopStart, 'drain')).toEqual(['stop', 'start', 'wait']);
    expect(stepsFrom(stopStart, 'restart')).toEqual(['stop', 'start', 'wait']);
    expect(stepsFrom(stopStart, 'start')).toEqual(['start', 'wait']);
    expect(stepsFrom(stopStart, 'undrain')).toEqual([]);
  });
});

describe('Journal', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'perfmon-journal-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const plan = () =>
    planRollingRestart(
      inventoryFrom('hosts: [{name: a}, {name: b}, {name: c}]\ncomponents: [{name: web, role: web, hosts: [a, b, c], health: {command: "true"}, restart: "r {host}"}]'),
      'web',
      new LocalHostAccess(),
    );

  it('writes every change to disk at once, in order, and reads it back', async () => {
    const journal = await Journal.create(dir, plan(), { runId: 'run-1', configPath: '/etc/perfmon.yaml' });
    // Hosts of a batch report together: every change must land.
    await Promise.all([
      journal.setHost('a', { state: 'restarting', step: 'restart' }),
      journal.setHost('b', { state: 'draining', step: 'drain' }),
      journal.setHost('a', { state: 'restarting', finished: true }),
    ]);
    const onDisk = JSON.parse(readFileSync(journalPath(dir, 'run-1'), 'utf8'));
    expect(onDisk.hosts.a).toMatchObject({ state: 'restarting', step: 'restart', finished: true });
    expect(onDisk.hosts.b).toMatchObject({ state: 'draining', step: 'drain' });
    expect(onDisk.hosts.c).toMatchObject({ state: 'pending' });
    expect(onDisk).toMatchObject({ version: 1, runId: 'run-1', status: 'running', pid: process.pid, configPath: '/etc/perfmon.yaml' });
    await journal.finish('aborted', 'operator');
    const loaded = await Journal.load(dir, 'run-1');
    expect(loaded.data).toEqual(journal.data);
    expect(loaded.data.plan.hosts.map((h) => h.commands[0]!.command)).toEqual(["r 'a'", "r 'b'", "r 'c'"]);
    // Atomic replacement leaves no temporary files behind.
    expect(readdirSync(join(dir, 'runs'))).toEqual(['run-1.json']);
  });

  it('names runs so they sort by time, and explains a run it cannot find', async () => {
    expect(newRunId('order-engine', new Date('2025-03-14T03:15:02.123Z'))).toMatch(/^20250314-031502-order-engine-[0-9a-f]{4}$/);
    await Journal.create(dir, plan(), { runId: '20250101-000000-web-aaaa' });
    await Journal.create(dir, plan(), { runId: '20250102-000000-web-bbbb' });
    expect(await listRuns(dir)).toEqual(['20250101-000000-web-aaaa', '20250102-000000-web-bbbb']);
    await expect(Journal.load(dir, 'nope')).rejects.toThrow(/^no run nope \(looked for .*nope\.json\); recent runs: 20250101-000000-web-aaaa, 20250102-000000-web-bbbb$/);
    expect(() => journalPath(dir, '../etc/passwd')).toThrow(JournalError);
  });

  it('refuses to resume a run that a live perfmon on this machine is still running', async () => {
    await Journal.create(dir, plan(), { runId: 'live' });
    const other = spawn('sleep', ['30']);
    const path = journalPath(dir, 'live');
    writeFileSync(path, JSON.stringify({ ...JSON.parse(readFileSync(path, 'utf8')), pid: other.pid }));
    await expect(loadRunToResume(dir, 'live')).rejects.toThrow(`run live is still running (perfmon pid ${other.pid} on this machine); abort it there first`);
    other.kill();
    await once(other, 'exit');
    expect((await loadRunToResume(dir, 'live')).runId).toBe('live');
  });
});
