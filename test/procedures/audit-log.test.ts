import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog, auditedExec, currentIdentity } from '../../src/procedures/audit-log.js';
import { LocalHostAccess } from './local-host-access.js';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'perfmon-audit-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const lines = (path: string) => readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

describe('audit log', () => {
  it('writes a line before and after each action: who, where, what, when, exit status and output digest', async () => {
    const path = join(dir, 'nested', 'audit.jsonl');
    const audit = new AuditLog(path, currentIdentity()).forRun('run-7');
    const access = new LocalHostAccess();
    const result = await auditedExec(access, audit, { action: 'restart', host: 'oe-1', component: 'oe', command: 'echo out; echo err >&2; exit 3' }, { timeoutMs: 5000 });
    expect(result.code).toBe(3);
    const [before, after] = lines(path);
    const who = { runId: 'run-7', localUser: currentIdentity().localUser, sshUser: access.target('oe-1').user, host: 'oe-1', component: 'oe', action: 'restart' };
    expect(before).toMatchObject({ event: 'before', ...who, command: 'echo out; echo err >&2; exit 3' });
    expect(before).not.toHaveProperty('end');
    expect(after).toMatchObject({ event: 'after', ...who, start: before!['start'], exitStatus: 3 });
    expect(after!['outputDigest']).toBe(`sha256:${createHash('sha256').update('out\nerr\n').digest('hex')}`);
    expect(Date.parse(String(after!['end']))).toBeGreaterThanOrEqual(Date.parse(String(before!['start'])));
    // The log may hold host names and commands: only the operator reads it.
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('records an action that could not run, with the error, and still fails the caller', async () => {
    const path = join(dir, 'audit.jsonl');
    const audit = new AuditLog(path, currentIdentity());
    await expect(auditedExec(new LocalHostAccess(), audit, { action: 'drain', host: 'h', command: 'sleep 5' }, { timeoutMs: 50 })).rejects.toThrow('timed out');
    expect(lines(path).map((l) => [l['event'], l['exitStatus'], l['error']])).toEqual([
      ['before', undefined, undefined],
      ['after', null, 'h: command timed out after 0.05s'],
    ]);
  });
});
