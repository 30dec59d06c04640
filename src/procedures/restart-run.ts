/**
 * A rolling restart from start to finish, as the CLI and the emergency pane run it: a new run
 * (plan → lock → journal → engine) or a resumed one (journal → lock → engine), with the lock
 * renewed while it runs and released at the end, and the run's start and end in the audit log.
 */
import type { AuditLog } from './audit-log.js';
import { ComponentLock, type LockSettings } from './component-lock.js';
import type { HostAccess } from './host-access.js';
import { Journal, JournalError, newRunId, processAlive } from './journal.js';
import type { RestartPlan } from './plan.js';
import { runRollingRestart } from './rolling-restart.js';
import type { FailurePolicy, RunControl } from './run-control.js';
import type { RunListener, RunOutcome } from './run-events.js';
import { hostname } from 'node:os';

export interface RestartRunOptions {
  access: HostAccess;
  /** The operator's audit log; the run id is added to every line. */
  audit: AuditLog;
  stateDir: string;
  lock?: LockSettings | undefined;
  control?: RunControl | undefined;
  policy?: FailurePolicy | undefined;
  onEvent?: RunListener | undefined;
  /** The inventory file, recorded in new journals so `perfmon restart --resume RUN` finds it. */
  configPath?: string | undefined;
  /** The availability refusal the operator overrode to start this run, for the audit log. */
  overridden?: string | undefined;
}

/** Loads a run to resume, refusing one that another live perfmon on this machine is running. */
export async function loadRunToResume(stateDir: string, runId: string): Promise<Journal> {
  const journal = await Journal.load(stateDir, runId);
  const { status, pid, localHost } = journal.data;
  if (status === 'running' && localHost === hostname() && pid !== process.pid && processAlive(pid)) {
    throw new JournalError(`run ${runId} is still running (perfmon pid ${pid} on this machine); abort it there first`);
  }
  return journal;
}

async function underLock(
  plan: RestartPlan,
  runId: string,
  options: RestartRunOptions,
  audit: AuditLog,
  work: (lock: ComponentLock) => Promise<RunOutcome>,
): Promise<RunOutcome> {
  const note = (message: string) => options.onEvent?.({ type: 'note', message });
  const lock = await ComponentLock.acquire(options.access, audit, {
    ...options.lock,
    component: plan.component,
    hosts: plan.hosts.map((h) => h.name),
    runId,
    procedure: 'rolling-restart',
    onNote: note,
  });
  lock.keepRenewing((message) => {
    note(message);
    options.control?.abort('finish-hosts', message);
  });
  try {
    return await work(lock);
  } finally {
    await lock.release().catch((error: Error) => note(`lock release: ${error.message}`));
  }
}

/** Runs a journal's plan between the audit log's run-start and run-end lines (the lock is the caller's). */
export async function executeJournal(journal: Journal, options: RestartRunOptions, audit: AuditLog, resumed: boolean): Promise<RunOutcome> {
  const { plan } = journal.data;
  await audit.note('run-start', {
    procedure: 'rolling-restart',
    component: plan.component,
    hosts: plan.hosts.map((h) => h.name),
    batchSize: plan.batchSize,
    maxFail: plan.maxFail,
    resumed,
    overridden: options.overridden,
  });
  const outcome = await runRollingRestart({ ...options, audit, journal, resumed });
  const { status, failed, skipped, leftDrained, unconfirmed, reason } = outcome;
  await audit.note('run-end', { procedure: 'rolling-restart', component: plan.component, status, failed, skipped, leftDrained, unconfirmed, reason });
  return outcome;
}

/** A new run of the plan. Rejects with LockRefusedError when someone else holds the component. */
export async function startRestart(plan: RestartPlan, options: RestartRunOptions): Promise<RunOutcome> {
  const runId = newRunId(plan.component);
  const audit = options.audit.forRun(runId);
  // The lock comes first: a refused run leaves no journal behind.
  return underLock(plan, runId, options, audit, async () => {
    const journal = await Journal.create(options.stateDir, plan, { runId, configPath: options.configPath });
    return executeJournal(journal, options, audit, false);
  });
}

/** Continues a run from its journal (see the resume rule in journal.ts). */
export async function resumeRestart(journal: Journal, options: RestartRunOptions): Promise<RunOutcome> {
  const audit = options.audit.forRun(journal.runId);
  return underLock(journal.data.plan, journal.runId, options, audit, async () => {
    await journal.adopt();
    return executeJournal(journal, options, audit, true);
  });
}
