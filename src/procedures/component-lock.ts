/**
 * A lock per component, held on each of its hosts, so that two operators (or two perfmon
 * processes) cannot run conflicting procedures on it. On every host it is a directory,
 * `<dir>/perfmon-lock.<component>.<host>`, made with mkdir (atomic: exactly one creator
 * wins) holding an `owner` file: who, which run, and until when. The name carries the host
 * because hosts that share a filesystem (the lab; NFS home directories) must not share locks.
 *
 * The holder renews the expiry while it runs. A lock past its expiry is stale (its holder
 * died) and may be taken over; so may one held by the same run (a resumed run after a crash).
 * Take-over, renewal and release replace or remove the owner only if it is still what we
 * read, under a short guard directory, so two operators taking over at once cannot both win.
 */
import { hostname } from 'node:os';
import { fillTemplate } from '../ssh/command-template.js';
import { auditedExec, type AuditLog } from './audit-log.js';
import type { HostAccess } from './host-access.js';
import { processAlive } from './journal.js';

export interface LockOwner {
  runId: string;
  procedure: string;
  localUser: string;
  localHost: string;
  pid: number;
  acquiredAt: string;
  /** Milliseconds since the epoch (this machine's clock). */
  expiresAt: number;
}

export interface LockSettings {
  /** Remote directory the lock directories go in; default /tmp (every user may create there). */
  dir?: string;
  /** How long a lock lives without renewal; default 10 minutes. */
  ttlMs?: number;
  now?: () => number;
}

export const DEFAULT_LOCK_DIR = '/tmp';
export const DEFAULT_LOCK_TTL_MS = 10 * 60_000;
const COMMAND_TIMEOUT_MS = 30_000;

export class LockRefusedError extends Error {
  constructor(
    message: string,
    readonly host: string,
    readonly owner: LockOwner | undefined,
  ) {
    super(message);
    this.name = 'LockRefusedError';
  }
}

export function lockPath(dir: string, component: string, host: string): string {
  return `${dir.replace(/\/+$/, '') || '/'}/perfmon-lock.${component}.${host}`;
}

const ACQUIRE = [
  'd={path}',
  'if mkdir "$d" 2>/dev/null; then',
  "  if printf '%s\\n' {owner} >\"$d/owner.tmp\" && mv \"$d/owner.tmp\" \"$d/owner\"; then echo ACQUIRED; else rm -rf \"$d\"; echo FAILED; fi",
  'else',
  '  echo HELD; cat "$d/owner" 2>/dev/null',
  'fi',
].join('\n');

/** Compare-and-act: run `action` only if the owner file still holds {expected}. */
function compareAnd(action: string): string {
  return [
    'd={path}; g="$d.guard"',
    'if ! mkdir "$g" 2>/dev/null; then echo BUSY; exit 0; fi',
    'cur=$(cat "$d/owner" 2>/dev/null)',
    'if [ -d "$d" ] && [ "$cur" = {expected} ]; then',
    `  ${action}`,
    '  echo DONE',
    'else',
    "  echo CHANGED; printf '%s\\n' \"$cur\"",
    'fi',
    'rmdir "$g"',
  ].join('\n');
}

const REPLACE = compareAnd("printf '%s\\n' {owner} >\"$d/owner.tmp\" && mv \"$d/owner.tmp\" \"$d/owner\"");
const RELEASE = compareAnd('rm -rf "$d"');

export function parseOwner(text: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(text) as Partial<LockOwner>;
    return typeof owner.runId === 'string' && typeof owner.expiresAt === 'number' ? (owner as LockOwner) : undefined;
  } catch {
    return undefined;
  }
}

/** The first line of a lock script's answer, and the rest (an owner file). */
function answer(stdout: string): { word: string; rest: string } {
  const [word = '', ...rest] = stdout.split('\n');
  return { word: word.trim(), rest: rest.join('\n').replace(/\n+$/, '') };
}

export function describeOwner(owner: LockOwner, now: number): string {
  const left = Math.round((owner.expiresAt - now) / 1000);
  const expiry = left >= 0 ? `expires in ${left}s` : `expired ${-left}s ago`;
  return `${owner.localUser}@${owner.localHost} (pid ${owner.pid}, ${owner.procedure} run ${owner.runId}, ${expiry})`;
}

const READ = ['d={path}', 'if [ -d "$d" ]; then echo HELD; cat "$d/owner" 2>/dev/null; else echo FREE; fi'].join('\n');

/**
 * Who holds the lock of `component` on `host` now: null when it is free, undefined when it is
 * held with no readable owner. Reads only (nothing changes on the host).
 */
export async function readLockOwner(access: HostAccess, settings: LockSettings, component: string, host: string): Promise<LockOwner | null | undefined> {
  const command = fillTemplate(READ, { path: lockPath(settings.dir ?? DEFAULT_LOCK_DIR, component, host) });
  const { word, rest } = answer((await access.exec(host, command, { timeoutMs: COMMAND_TIMEOUT_MS })).stdout);
  return word === 'FREE' ? null : parseOwner(rest);
}

/** The holder is a perfmon on this machine that has exited: its lock only waits for its expiry. */
export function holderExited(owner: LockOwner): boolean {
  return owner.localHost === hostname() && !processAlive(owner.pid);
}

export interface AcquireRequest extends LockSettings {
  component: string;
  /** In inventory order: every process takes them in the same order. */
  hosts: readonly string[];
  runId: string;
  procedure: string;
  /** Told about take-overs and renewal problems. */
  onNote?: (message: string) => void;
}

/** The lock on one component's hosts, held by this process. */
export class ComponentLock {
  private ownerText: string;
  private timer: NodeJS.Timeout | undefined;
  private readonly held: string[] = [];
  private readonly dir: string;
  private readonly ttlMs: number;
  private readonly now: () => number;
  private owner: LockOwner;
  /** Renewal and release never overlap: each compares against the owner text the other writes. */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly access: HostAccess,
    private readonly audit: AuditLog,
    private readonly request: AcquireRequest,
  ) {
    this.dir = request.dir ?? DEFAULT_LOCK_DIR;
    this.ttlMs = request.ttlMs ?? DEFAULT_LOCK_TTL_MS;
    this.now = request.now ?? Date.now;
    this.owner = {
      runId: request.runId,
      procedure: request.procedure,
      localUser: audit.identity.localUser,
      localHost: hostname(),
      pid: process.pid,
      acquiredAt: new Date(this.now()).toISOString(),
      expiresAt: this.now() + this.ttlMs,
    };
    this.ownerText = JSON.stringify(this.owner);
  }

  /** Takes the lock on every host, or none: a refusal releases what was taken and throws LockRefusedError. */
  static async acquire(access: HostAccess, audit: AuditLog, request: AcquireRequest): Promise<ComponentLock> {
    const lock = new ComponentLock(access, audit, request);
    try {
      for (const host of request.hosts) {
        await lock.acquireOn(host);
        lock.held.push(host);
      }
    } catch (error) {
      await lock.release().catch(() => undefined);
      throw error;
    }
    return lock;
  }

  get hosts(): readonly string[] {
    return this.held;
  }

  private run(host: string, action: string, template: string, vars: Record<string, string>) {
    const command = fillTemplate(template, { path: lockPath(this.dir, this.request.component, host), ...vars });
    return auditedExec(this.access, this.audit, { action, host, component: this.request.component, command }, { timeoutMs: COMMAND_TIMEOUT_MS });
  }

  private async acquireOn(host: string): Promise<void> {
    const path = lockPath(this.dir, this.request.component, host);
    // Twice: a take-over can lose a race to a release, after which the lock is simply free.
    for (let attempt = 0; attempt < 2; attempt++) {
      const result = await this.run(host, 'lock', ACQUIRE, { owner: this.ownerText });
      const { word, rest } = answer(result.stdout);
      if (word === 'ACQUIRED') return;
      if (word !== 'HELD') throw new LockRefusedError(`${host}: cannot create the lock ${path}: ${(result.stderr || result.stdout).trim()}`, host, undefined);
      const holder = parseOwner(rest);
      if (holder === undefined) {
        throw new LockRefusedError(`${host}: the lock ${path} has no readable owner (being created, or left broken); if no one holds it, remove it by hand`, host, undefined);
      }
      const ours = holder.runId === this.request.runId;
      if (!ours && holder.expiresAt > this.now()) {
        throw new LockRefusedError(`${host}: component ${this.request.component} is locked by ${describeOwner(holder, this.now())}`, host, holder);
      }
      const taken = await this.run(host, 'lock-takeover', REPLACE, { owner: this.ownerText, expected: rest });
      const outcome = answer(taken.stdout).word;
      if (outcome === 'DONE') {
        const why = ours ? 'it was left by this same run when it stopped' : 'it had expired: its holder is gone';
        const message = `${host}: took over the lock ${path} (${why}) from ${describeOwner(holder, this.now())}`;
        await this.audit.note('lock-takeover', { host, component: this.request.component, previousOwner: holder });
        this.request.onNote?.(message);
        return;
      }
      if (outcome === 'BUSY') throw new LockRefusedError(`${host}: someone else is taking over the lock ${path} (guard ${path}.guard)`, host, holder);
    }
    throw new LockRefusedError(`${host}: the lock ${path} keeps changing hands`, host, undefined);
  }

  /** Pushes the expiry forward on every host; false when another process took a lock from us. */
  renew(): Promise<boolean> {
    return this.exclusive(() => this.renewNow());
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async renewNow(): Promise<boolean> {
    const next: LockOwner = { ...this.owner, expiresAt: this.now() + this.ttlMs };
    const nextText = JSON.stringify(next);
    let kept = true;
    for (const host of this.held) {
      const result = await this.run(host, 'lock-renew', REPLACE, { owner: nextText, expected: this.ownerText });
      const word = answer(result.stdout).word;
      if (word === 'CHANGED') kept = false;
      else if (word !== 'DONE') this.request.onNote?.(`${host}: could not renew the lock (${word || result.stderr.trim()}); will retry`);
    }
    // Hosts that answered DONE hold the new text; one that did not is retried next time with it.
    this.owner = next;
    this.ownerText = nextText;
    return kept;
  }

  /** Renews every ttl/3 until release(); onLost is told once if the lock was taken from us. */
  keepRenewing(onLost: (message: string) => void): void {
    const tick = (): void => {
      this.renew().then(
        (kept) => {
          if (!kept) onLost(`the lock on component ${this.request.component} was taken over by another process`);
          else if (this.timer !== undefined) this.schedule(tick);
        },
        (error: Error) => {
          this.request.onNote?.(`could not renew the lock: ${error.message}; will retry`);
          if (this.timer !== undefined) this.schedule(tick);
        },
      );
    };
    this.schedule(tick);
  }

  private schedule(tick: () => void): void {
    this.timer = setTimeout(tick, Math.max(1000, this.ttlMs / 3));
    this.timer.unref();
  }

  /** Removes the lock from every host where it is still ours. */
  release(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    return this.exclusive(() => this.releaseNow());
  }

  private async releaseNow(): Promise<void> {
    const problems: string[] = [];
    for (const host of [...this.held].reverse()) {
      try {
        const result = await this.run(host, 'unlock', RELEASE, { expected: this.ownerText });
        const word = answer(result.stdout).word;
        if (word !== 'DONE') problems.push(`${host}: lock not released (${word === 'CHANGED' ? 'no longer ours' : word || result.stderr.trim()})`);
      } catch (error) {
        problems.push(`${host}: lock not released: ${(error as Error).message}`);
      }
    }
    this.held.length = 0;
    if (problems.length > 0) throw new Error(problems.join('\n'));
  }
}
