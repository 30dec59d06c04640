/**
 * The journal of a rolling restart: the plan and every host's state, in one JSON file per run
 * under <state dir>/runs/, rewritten durably (write, fsync, rename) on every change. Whatever
 * stops perfmon (abort, crash, SIGKILL), `perfmon restart --resume RUN` reads it back and
 * carries on from where each host was.
 *
 * The rule that makes "nothing restarted twice" hold: the journal records a step *before* the
 * step's command is sent. So on resume, a host whose journal names a step is one whose command
 * may or may not have run, and resumeFrom() decides what to do with it:
 *  - drain, undrain: run it again (taking a host out of, or into, the balancer twice is harmless);
 *  - restart, start, or the health wait: never send it again; check health instead. If the
 *    host is healthy it is done (marked "unconfirmed": perfmon cannot prove its restart ran);
 *    if not, it fails like any host that does not come back, for the operator to decide;
 *  - stop: send start (start does not restart a running service), then check health.
 * A host that failed resumes by the same rule from the step it failed in.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { writeFileDurable } from './durable-file.js';
import type { RestartPlan, RestartStep } from './plan.js';

export type HostState = 'pending' | 'draining' | 'restarting' | 'waiting' | 'undraining' | 'healthy' | 'failed' | 'skipped';

export const DONE_STATES: readonly HostState[] = ['healthy', 'skipped'];

/** The step a host is in while in each working state. */
export type JournalStep = RestartStep | 'wait';

export interface HostRecord {
  state: HostState;
  /** The step under way, finished, or failed; set before the step starts. */
  step?: JournalStep | undefined;
  /** The step above finished successfully (false or absent: under way, or failed). */
  finished?: boolean | undefined;
  /** When perfmon began working on the host (ISO). */
  startedAt?: string | undefined;
  updatedAt: string;
  /** The last health check's output. */
  lastHealth?: string | undefined;
  error?: string | undefined;
  /** Done on resume by checking health, without proof that the restart command ran. */
  unconfirmed?: boolean | undefined;
}

export type RunStatus = 'running' | 'completed' | 'failed' | 'aborted';

export interface JournalData {
  version: 1;
  runId: string;
  status: RunStatus;
  createdAt: string;
  updatedAt: string;
  /** The perfmon process that last ran it, to refuse resuming a run that is still going. */
  pid: number;
  localHost: string;
  /** The inventory it was planned from (absolute); a resume without --config loads it. */
  configPath: string | undefined;
  plan: RestartPlan;
  hosts: Record<string, HostRecord>;
  /** Why it ended, when it did not complete. */
  reason?: string | undefined;
}

export class JournalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JournalError';
  }
}

/** `20250314-031502-order-engine-3fa2`: sortable, says what it was, unique enough. */
export function newRunId(component: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/\.\d+Z$/, '').replace(/[-:]/g, '').replace('T', '-');
  return `${stamp}-${component}-${randomBytes(2).toString('hex')}`;
}

const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function journalPath(stateDir: string, runId: string): string {
  if (!RUN_ID.test(runId)) throw new JournalError(`'${runId}' is not a run id (like 20250314-031502-order-engine-3fa2)`);
  return join(stateDir, 'runs', `${runId}.json`);
}

/** Where a host continues on resume: the next step to run, or done. */
export interface ResumePoint {
  next: JournalStep | 'done';
  /** A restart (or start) was under way with no record that it finished: it is not sent again. */
  unconfirmed: boolean;
}

const AFTER: Record<JournalStep, JournalStep | 'done'> = {
  drain: 'restart',
  restart: 'wait',
  stop: 'start',
  start: 'wait',
  wait: 'undrain',
  undrain: 'done',
};

/**
 * Where a host continues on resume (the rule at the top of this file). The next step is in
 * terms of a drain → restart → wait → undrain run; for stop/start plans 'restart' stands for
 * 'stop' (see stepsFrom), and a step the plan lacks (no drain) is passed over.
 */
export function resumeFrom(record: HostRecord): ResumePoint {
  if (DONE_STATES.includes(record.state)) return { next: 'done', unconfirmed: false };
  const step = record.step;
  if (record.state === 'pending' || step === undefined) return { next: 'drain', unconfirmed: false };
  if (record.finished === true) return { next: AFTER[step], unconfirmed: false };
  switch (step) {
    case 'drain':
    case 'undrain':
      return { next: step, unconfirmed: false };
    case 'stop':
      return { next: 'start', unconfirmed: false };
    case 'restart':
    case 'start':
      return { next: 'wait', unconfirmed: true };
    case 'wait':
      return { next: 'wait', unconfirmed: false };
  }
}

/** The steps a host of this plan runs, starting at `from` (the health wait included). */
export function stepsFrom(commands: readonly { step: RestartStep }[], from: JournalStep | 'done'): JournalStep[] {
  const all: JournalStep[] = commands.flatMap(({ step }) => (step === 'undrain' ? ['wait' as const, step] : [step]));
  if (!all.includes('wait')) all.push('wait');
  if (from === 'done') return [];
  // A stop/start plan has no 'restart': the step after a drain is its 'stop'.
  const start = from === 'restart' && !all.includes('restart') ? 'stop' : from;
  const index = all.indexOf(start);
  if (index >= 0) return all.slice(index);
  // A step this plan lacks: drain → everything; undrain → nothing left.
  return start === 'drain' ? all : [];
}

export class Journal {
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    readonly path: string,
    private current: JournalData,
  ) {}

  get data(): Readonly<JournalData> {
    return this.current;
  }

  get runId(): string {
    return this.current.runId;
  }

  static async create(stateDir: string, plan: RestartPlan, options: { runId?: string; configPath?: string | undefined } = {}): Promise<Journal> {
    const runId = options.runId ?? newRunId(plan.component);
    const now = new Date().toISOString();
    const journal = new Journal(journalPath(stateDir, runId), {
      version: 1,
      runId,
      status: 'running',
      createdAt: now,
      updatedAt: now,
      pid: process.pid,
      localHost: hostname(),
      // Absolute: the printed resume command may be run from another directory.
      configPath: options.configPath === undefined ? undefined : resolve(options.configPath),
      plan,
      hosts: Object.fromEntries(plan.hosts.map((host) => [host.name, { state: 'pending' as const, updatedAt: now }])),
    });
    await journal.flush();
    return journal;
  }

  static async load(stateDir: string, runId: string): Promise<Journal> {
    const path = journalPath(stateDir, runId);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        const known = await listRuns(stateDir);
        const hint = known.length > 0 ? `; recent runs: ${known.slice(-5).join(', ')}` : '';
        throw new JournalError(`no run ${runId} (looked for ${path})${hint}`);
      }
      throw error;
    }
    let data: JournalData;
    try {
      data = JSON.parse(text) as JournalData;
    } catch (error) {
      throw new JournalError(`${path}: not a journal: ${(error as Error).message}`);
    }
    if (data.version !== 1 || data.plan?.procedure !== 'rolling-restart' || typeof data.hosts !== 'object') {
      throw new JournalError(`${path}: not a rolling-restart journal this perfmon understands`);
    }
    return new Journal(path, data);
  }

  /** Marks the journal as taken over by this process (on resume). */
  adopt(): Promise<void> {
    return this.change(() => {
      this.current.pid = process.pid;
      this.current.localHost = hostname();
      this.current.status = 'running';
      this.current.reason = undefined;
    });
  }

  host(name: string): HostRecord {
    const record = this.current.hosts[name];
    if (record === undefined) throw new JournalError(`${this.path}: no host ${name} in run ${this.runId}`);
    return record;
  }

  /** Records a host's new state durably; resolves once it is on disk. */
  setHost(name: string, patch: Partial<HostRecord> & { state: HostState }): Promise<void> {
    return this.change(() => {
      const now = new Date().toISOString();
      const previous = this.host(name);
      this.current.hosts[name] = { ...previous, ...patch, updatedAt: now, startedAt: previous.startedAt ?? now };
    });
  }

  finish(status: Exclude<RunStatus, 'running'>, reason?: string): Promise<void> {
    return this.change(() => {
      this.current.status = status;
      this.current.reason = reason;
    });
  }

  private change(apply: () => void): Promise<void> {
    // Hosts of one batch report at once: changes are applied and written one after another.
    const next = this.writing.then(() => {
      apply();
      this.current.updatedAt = new Date().toISOString();
      return this.flush();
    });
    this.writing = next.catch(() => undefined);
    return next;
  }

  private flush(): Promise<void> {
    return writeFileDurable(this.path, `${JSON.stringify(this.current, null, 2)}\n`);
  }
}

/** Run ids in the state dir, oldest first. */
export async function listRuns(stateDir: string): Promise<string[]> {
  try {
    const names = await readdir(join(stateDir, 'runs'));
    return names
      .filter((name) => name.endsWith('.json'))
      .map((name) => name.slice(0, -'.json'.length))
      .sort();
  } catch {
    return [];
  }
}

/** Whether a process with this pid exists on this machine (the journal's writer may still be running). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Hosts a run may have left out of the load balancer: drained (or a drain under way or failed) and not put back. */
export function leftDrained(data: Pick<JournalData, 'plan' | 'hosts'>): string[] {
  return data.plan.hosts
    .filter((h) => h.commands.some((c) => c.step === 'drain'))
    .map((h) => h.name)
    .filter((name) => {
      const state = data.hosts[name]?.state ?? 'pending';
      return state !== 'pending' && state !== 'healthy';
    });
}

/** The newest runs' journals (newest first), skipping files this perfmon cannot read. */
export async function loadRecentJournals(stateDir: string, limit = 40): Promise<JournalData[]> {
  const ids = (await listRuns(stateDir)).slice(-limit).reverse();
  const journals: JournalData[] = [];
  for (const id of ids) {
    try {
      journals.push((await Journal.load(stateDir, id)).data);
    } catch {
      // Not a journal this perfmon reads (another version, half a file): `restart --resume` names the problem.
    }
  }
  return journals;
}

/**
 * Hosts of `component` that a stopped run may have left drained, each with the run that did:
 * for each host the newest run that touched it decides (a later run that finished put it back).
 */
export function drainedByRuns(journals: readonly JournalData[], component: string): Map<string, string> {
  const drained = new Map<string, string>();
  const decided = new Set<string>();
  const newestFirst = [...journals].filter((j) => j.plan.component === component).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  for (const journal of newestFirst) {
    const left = leftDrained(journal);
    for (const name of journal.plan.hosts.map((h) => h.name).filter((n) => journal.hosts[n]?.state !== 'pending')) {
      if (decided.has(name)) continue;
      decided.add(name);
      if (left.includes(name) && journal.status !== 'running') drained.set(name, `may still be drained by run ${journal.runId} (${journal.status}, ${journal.hosts[name]!.state})`);
    }
  }
  return drained;
}
