/** `perfmon audit`: the log the procedures write, read back an action per line. */
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AuditLog } from '../../src/procedures/audit-log.js';
import { filterAudit, readAuditLog } from '../../src/procedures/audit-read.js';
import { parseSince } from '../../src/procedures/cli/audit-command.js';
import { PERFMON_BIN } from '../support-bin.js';

const dir = mkdtempSync(join(tmpdir(), 'perfmon-audit-'));
const file = join(dir, 'audit.jsonl');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  // Written by the AuditLog the procedures use, as a run would: a note, a restart that
  // worked, a drain that failed, a stop whose answer never came (perfmon killed), a torn line.
  const audit = new AuditLog(file, { localUser: 'alice', localHost: 'ops-1', runId: 'r1' });
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-12-03T09:59:59Z'));
  await audit.note('run-start', { resumed: false });
  vi.useRealTimers();
  const ok = { action: 'restart', host: 'lab-0', component: 'engine', command: "systemctl restart 'engine'", sshUser: 'svc', start: '2026-12-03T10:00:01.000Z' };
  await audit.append('before', ok);
  await audit.append('after', { ...ok, end: '2026-12-03T10:00:03.500Z', exitStatus: 0, outputDigest: 'sha256:x' });
  const bad = { action: 'drain', host: 'lab-1', component: 'engine', command: 'drain lab-1', sshUser: 'svc', start: '2026-12-03T10:00:04.000Z' };
  await audit.append('before', bad);
  await audit.append('after', { ...bad, end: '2026-12-03T10:00:04.200Z', exitStatus: 3, outputDigest: 'sha256:y' });
  await audit.append('before', { action: 'stop', host: 'lab-2', component: 'feed', command: 'stop', sshUser: 'svc', start: '2026-12-03T10:00:05.000Z' });
  appendFileSync(file, '{"time":"2026-12-03T10:0');
});

describe('the audit log read back', () => {
  it('joins each action’s before and after lines, keeps notes, names the torn line and skips it', async () => {
    const reading = await readAuditLog(file);
    expect(reading.entries.map((e) => [e.kind, e.what, e.host ?? '', e.result ?? ''])).toEqual([
      ['note', 'run-start', '', ''],
      ['action', 'restart', 'lab-0', 'ok'],
      ['action', 'drain', 'lab-1', 'failed'],
      ['action', 'stop', 'lab-2', 'pending'],
    ]);
    expect(reading.entries[1]).toMatchObject({ operator: 'alice@ops-1', runId: 'r1', sshUser: 'svc', exitStatus: 0, durationMs: 2500 });
    expect(reading.problems).toEqual([expect.stringMatching(new RegExp(`^${file}:7: not an audit record`))]);
    expect(filterAudit(reading.entries, { component: 'feed' }).map((e) => e.what)).toEqual(['stop']);
    expect(filterAudit(reading.entries, { host: 'lab-1' }).map((e) => e.what)).toEqual(['drain']);
    expect(filterAudit(reading.entries, { sinceMs: Date.parse('2026-12-03T10:00:04Z') }).map((e) => e.what)).toEqual(['drain', 'stop']);
  });

  it('a missing log is an empty one', async () => {
    expect(await readAuditLog(join(dir, 'none.jsonl'))).toEqual({ file: join(dir, 'none.jsonl'), entries: [], problems: [] });
  });

  it('reads --since as a duration back, a clock time (the last one past) or ISO 8601', () => {
    const now = new Date(2026, 11, 3, 10, 0, 0).getTime();
    expect(parseSince('2h', now)).toBe(now - 7_200_000);
    expect(parseSince('-15m', now)).toBe(now - 900_000);
    expect(parseSince('09:30', now)).toBe(new Date(2026, 11, 3, 9, 30).getTime());
    expect(parseSince('11:00', now)).toBe(new Date(2026, 11, 2, 11, 0).getTime());
    expect(parseSince('2026-11-30T14:00:00Z', now)).toBe(Date.parse('2026-11-30T14:00:00Z'));
    expect(() => parseSince('yesterday', now)).toThrow(/--since yesterday: expected a duration/);
  });

  it('perfmon audit prints an action per line: when, who, what, where, the result; --json has the commands', () => {
    const inventory = join(dir, 'perfmon.yaml');
    writeFileSync(inventory, `audit:\n  path: ${file}\nhosts:\n  - name: lab-0\n    address: 127.0.0.1\n`);
    const run = spawnSync(process.execPath, [PERFMON_BIN, 'audit', '--config', inventory], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });
    expect(run.status).toBe(0);
    expect(run.stdout.split('\n')).toEqual([
      '── 2026-12-03 ──',
      '09:59:59  alice@ops-1  note run-start  resumed=false',
      '10:00:01  alice@ops-1  restart  engine/lab-0  ok  2.5s',
      '10:00:04  alice@ops-1  drain  engine/lab-1  FAILED exit 3  200ms',
      '10:00:05  alice@ops-1  stop  feed/lab-2  NO OUTCOME (perfmon stopped, or still running)',
      '',
    ]);
    expect(run.stderr).toContain(`${file}:7: not an audit record`);
    const json = spawnSync(process.execPath, [PERFMON_BIN, 'audit', '--config', inventory, '--json', '--component', 'engine'], { encoding: 'utf8' });
    expect(JSON.parse(json.stdout).entries.map((e: { command: string }) => e.command)).toEqual(["systemctl restart 'engine'", 'drain lab-1']);
  });
});
