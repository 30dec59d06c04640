import { mkdtempSync, readFileSync, rmSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog, currentIdentity } from '../../src/procedures/audit-log.js';
import { ComponentLock, lockPath, LockRefusedError, parseOwner } from '../../src/procedures/component-lock.js';
import { LocalHostAccess } from './local-host-access.js';

let dir: string;
let audit: AuditLog;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'perfmon-lock-test-'));
  audit = new AuditLog(join(dir, 'audit.jsonl'), currentIdentity());
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const hosts = ['h1', 'h2'];
const owner = (host: string) => parseOwner(readFileSync(join(lockPath(dir, 'oe', host), 'owner'), 'utf8').trim());

// The lock scripts run under the shells perfmon meets on hosts: dash (Debian's sh) and busybox.
describe.each([['sh'], ['busybox', 'sh']])('component lock under %s', (...shell) => {
  const access = () => new LocalHostAccess(shell);

  it('is taken on every host, refused to another run naming the holder, and released', async () => {
    const lock = await ComponentLock.acquire(access(), audit, { dir, component: 'oe', hosts, runId: 'run-1', procedure: 'rolling-restart' });
    expect(owner('h1')).toMatchObject({ runId: 'run-1', procedure: 'rolling-restart', pid: process.pid });
    const refused = await ComponentLock.acquire(access(), audit, { dir, component: 'oe', hosts, runId: 'run-2', procedure: 'recovery' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(LockRefusedError);
    expect((refused as Error).message).toMatch(/^h1: component oe is locked by \S+@\S+ \(pid \d+, rolling-restart run run-1, expires in \d+s\)$/);
    await lock.release();
    expect(existsSync(lockPath(dir, 'oe', 'h1'))).toBe(false);
    expect(existsSync(lockPath(dir, 'oe', 'h2'))).toBe(false);
  });

  it('is all or nothing: a host already locked releases the hosts taken before it', async () => {
    const other = await ComponentLock.acquire(access(), audit, { dir, component: 'oe', hosts: ['h2'], runId: 'other', procedure: 'rolling-restart' });
    await expect(ComponentLock.acquire(access(), audit, { dir, component: 'oe', hosts, runId: 'mine', procedure: 'rolling-restart' })).rejects.toThrow(/^h2: /);
    expect(existsSync(lockPath(dir, 'oe', 'h1'))).toBe(false);
    expect(owner('h2')?.runId).toBe('other');
    await other.release();
  });

  it('takes over a lock past its expiry, or one left by the same run, saying so', async () => {
    let now = Date.now();
    await ComponentLock.acquire(access(), audit, { dir, component: 'oe', hosts, runId: 'dead', procedure: 'rolling-restart', ttlMs: 60_000, now: () => now });
    now += 61_000;
    const notes: string[] = [];
    const lock = await ComponentLock.acquire(access(), audit, { dir, component: 'oe', hosts, runId: 'alive', procedure: 'rolling-restart', now: () => now, onNote: (m) => notes.push(m) });
    expect(notes).toHaveLength(2);
    expect(notes[0]).toMatch(/^h1: took over the lock .* \(it had expired: its holder is gone\) from .*run dead, expired 1s ago\)$/);
    expect(owner('h2')?.runId).toBe('alive');
    const again = await ComponentLock.acquire(access(), audit, { dir, component: 'oe', hosts, runId: 'alive', procedure: 'rolling-restart', onNote: (m) => notes.push(m) });
    expect(notes[2]).toContain('(it was left by this same run when it stopped)');
    await again.release();
    await expect(lock.release()).rejects.toThrow(/h2: lock not released \(no longer ours\)/);
    const lines = readFileSync(join(dir, 'audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.filter((l) => l['what'] === 'lock-takeover').map((l) => l['host'])).toEqual(['h1', 'h2', 'h1', 'h2']);
  });

  it('renewal pushes the expiry and notices when the lock was taken from it', async () => {
    let now = Date.now();
    const lock = await ComponentLock.acquire(access(), audit, { dir, component: 'oe', hosts, runId: 'r', procedure: 'p', ttlMs: 60_000, now: () => now });
    now += 30_000;
    expect(await lock.renew()).toBe(true);
    expect(owner('h1')?.expiresAt).toBe(now + 60_000);
    now += 61_000;
    await ComponentLock.acquire(access(), audit, { dir, component: 'oe', hosts: ['h2'], runId: 'thief', procedure: 'p', now: () => now });
    expect(await lock.renew()).toBe(false);
  });

  it('refuses a take-over while another is under way (the guard directory)', async () => {
    let now = Date.now();
    await ComponentLock.acquire(access(), audit, { dir, component: 'oe', hosts: ['h1'], runId: 'dead', procedure: 'p', ttlMs: 1000, now: () => now });
    mkdirSync(`${lockPath(dir, 'oe', 'h1')}.guard`);
    now += 2000;
    await expect(ComponentLock.acquire(access(), audit, { dir, component: 'oe', hosts: ['h1'], runId: 'x', procedure: 'p', now: () => now })).rejects.toThrow(
      /someone else is taking over the lock .*\.guard\)/,
    );
  });
});
