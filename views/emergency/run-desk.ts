/**
 * The emergency pane's hands on rolling restarts and recoveries: it prepares the exact plan
 * for the ConfirmDialog, runs it through the engine (src/procedures) with a RunControl the
 * pane's keys steer, asks the operator retry/skip/abort when a host fails, and keeps the
 * progress while the operator is on another pane. One run at a time. It knows nothing of
 * React: the pane reads it through subscribe/getSnapshot.
 */
import { hostname } from 'node:os';
import type { Inventory } from '../../src/config/inventory-schema.js';
import type { AuditLog } from '../../src/procedures/audit-log.js';
import { formatAvailability, unavailabilityRefusal, withDrained, type HostNow } from '../../src/procedures/availability.js';
import { describeResume } from '../../src/procedures/cli/restart-command.js';
import { formatOutcome } from '../../src/procedures/cli/progress-text.js';
import { LockRefusedError, readLockOwner, type LockSettings } from '../../src/procedures/component-lock.js';
import type { HostAccess } from '../../src/procedures/host-access.js';
import { DONE_STATES, drainedByRuns, loadRecentJournals, processAlive, type JournalData, type RunStatus } from '../../src/procedures/journal.js';
import { formatPlan, planRollingRestart } from '../../src/procedures/plan.js';
import { assessRecovery, formatRecoveryCheck, recoveryVerdict, type GateNow } from '../../src/procedures/recovery-check.js';
import { formatRecoveryPlan, planRecovery, runRecovery, type RecoveryEvent, type RecoveryOutcome, type RecoveryPlan } from '../../src/procedures/recovery.js';
import { loadRunToResume, resumeRestart, startRestart, type RestartRunOptions } from '../../src/procedures/restart-run.js';
import { RunControl, type AbortMode, type FailureDecision, type FailurePolicy, type HostFailure } from '../../src/procedures/run-control.js';
import type { RunEvent, RunOutcome } from '../../src/procedures/run-events.js';
import { actionRefusal } from '../../src/procedures/safety.js';
import { ScheduledTask } from '../../src/runtime/scheduler.js';
import { followJournal, lockRefusalNow, type LockRefusal } from './run-freshness.js';
import { linesOf, Observable, type DeskMessage, type Prepared } from './observable.js';
import { applyRecoveryEvent, applyRunEvent, componentRun, recoveryRun, type ComponentRun, type RecoveryRun } from './run-progress.js';

export interface EmergencySetup {
  inventory: Inventory;
  access: HostAccess;
  audit: AuditLog;
  /** Where journals and pending reverts live (src/procedures/state-dir.ts). */
  stateDir: string;
  readOnly: boolean;
  /** Named in refusals and recorded in new journals. */
  configPath?: string | undefined;
  lock?: LockSettings | undefined;
}

export interface DeskRun {
  kind: 'restart' | 'recovery';
  /** "rolling restart of order-engine", "resume of run …", "recovery of PRODUCTION". */
  label: string;
  /** starting: locks being taken, nothing changed yet; refused: it never started. */
  phase: 'starting' | 'running' | 'finished' | 'refused';
  restart: ComponentRun | undefined;
  recovery: RecoveryRun | undefined;
  paused: boolean;
  aborting: AbortMode | undefined;
  abortReason: string | undefined;
  /** The engine's notes (take-overs, unconfirmed restarts, lock renewals), newest last. */
  notes: string[];
  /** How it ended, for the operator: what is left, how to continue. */
  summary: string[];
  /** Once finished: completed, failed, aborted, or stopped by an error. */
  ended: 'completed' | 'failed' | 'aborted' | 'error' | undefined;
  /** When it ended here, or when its journal last changed elsewhere (ISO): newer journal writes are followed. */
  endedAt: string | undefined;
  /** Who runs it now, when it was resumed elsewhere (the CLI) and runs there. */
  elsewhere: string | undefined;
  /** The lock that refused it, followed until it is free. */
  refusedBy: LockRefusal | undefined;
}

/** A run in the journal directory that did not complete. */
export interface RunSummary {
  runId: string;
  component: string;
  /** 'interrupted': its journal says running but no perfmon runs it any more. */
  status: Exclude<RunStatus, 'completed' | 'running'> | 'interrupted' | 'running';
  reason: string | undefined;
  done: number;
  total: number;
  updatedAt: string;
  /** Who runs it now, when someone does. */
  runningIn: 'this perfmon' | `perfmon pid ${number}` | undefined;
}

export interface RunDeskState {
  run: DeskRun | null;
  /** A host failed: the engine waits for retry, skip or abort. */
  question: HostFailure | null;
  message: DeskMessage | null;
  /** Unfinished runs, newest first; null until listed. */
  runs: RunSummary[] | null;
  /** Per component, hosts a stopped run may have left drained (read with the runs). */
  drained: Readonly<Record<string, ReadonlyMap<string, string>>>;
}

/** What the engine's entry points take, with the listener of their own events. */
type RunOptions<E> = Omit<RestartRunOptions, 'onEvent'> & { onEvent: (event: E) => void };

const KEPT_NOTES = 20;
/** The word typed to override an availability refusal, as the CLI's --allow-unhealthy. */
export const ALLOW_UNHEALTHY = 'allow-unhealthy';
/** The word typed to recover without the down hosts, as the CLI's --skip-down. */
export const SKIP_DOWN = 'skip-down';
/** Journals looked at when listing (the newest): older unfinished runs are for the CLI. */
const LISTED_RUNS = 40;

export function summarizeJournal(data: JournalData, self = process.pid): RunSummary {
  const names = data.plan.hosts.map((h) => h.name);
  const live = data.status === 'running' && data.localHost === hostname() && processAlive(data.pid);
  const status = data.status === 'running' && !live ? 'interrupted' : (data.status as RunSummary['status']);
  return {
    runId: data.runId,
    component: data.plan.component,
    status,
    reason: data.reason,
    done: names.filter((n) => DONE_STATES.includes(data.hosts[n]?.state ?? 'pending')).length,
    total: names.length,
    updatedAt: data.updatedAt,
    runningIn: !live ? undefined : data.pid === self ? 'this perfmon' : `perfmon pid ${data.pid}`,
  };
}

type Ending = Pick<DeskRun, 'summary' | 'ended'>;

function restartSummary(outcome: RunOutcome, run: ComponentRun): Ending {
  // Per-host lines are on screen already; keep what is left to do.
  return { ended: outcome.status, summary: linesOf(formatOutcome(outcome, run.plan)).filter((line) => !line.startsWith('  ')) };
}

function recoverySummary(outcome: RecoveryOutcome): Ending {
  const lines = [outcome.status === 'completed' ? 'Recovery complete: every level healthy.' : `Recovery ${outcome.status}: ${outcome.reason ?? ''}`];
  for (const [component, runId] of Object.entries(outcome.runs)) {
    const result = outcome.outcomes[component];
    if (result !== undefined && result.status !== 'completed') lines.push(`${component}: continue with perfmon restart --resume ${runId}`);
  }
  return { ended: outcome.status, summary: lines };
}

export class RunDesk extends Observable<RunDeskState> {
  private control: RunControl | undefined;
  private running: Promise<void> | undefined;
  private readonly questions: Array<{ failure: HostFailure; resolve: (decision: FailureDecision) => void }> = [];
  private watcher: ScheduledTask | undefined;

  constructor(private readonly setup: EmergencySetup) {
    super({ run: null, question: null, message: null, runs: null, drained: {} });
  }

  /** Why a new run cannot start now, or undefined. */
  refusal(kind: 'restart' | 'recover'): string | undefined {
    const { inventory, readOnly, configPath } = this.setup;
    const refused = actionRefusal(inventory, kind, { readOnly, configPath });
    if (refused !== undefined) return refused;
    const run = this.getSnapshot().run;
    if (run !== null && (run.phase === 'starting' || run.phase === 'running')) return `a ${run.label} is under way; abort it or let it finish first`;
    return undefined;
  }

  get active(): boolean {
    return this.control !== undefined;
  }

  private check(kind: 'restart' | 'recover'): void {
    const refused = this.refusal(kind);
    if (refused !== undefined) throw new Error(refused);
  }

  /**
   * The plan of a rolling restart, ready to confirm. Throws PlanError (or a refusal). `now` is
   * each host's health as the pane shows it: hosts already unhealthy count against
   * maxUnavailable, and a plan that would leave too few up is refused unless the operator
   * confirms the override with a second typed word.
   */
  prepareRestart(component: string, batch: number, now: readonly HostNow[], warnings: readonly string[] = []): Prepared {
    this.check('restart');
    const plan = planRollingRestart(this.setup.inventory, component, this.setup.access, { batch });
    const hosts = withDrained(now, this.getSnapshot().drained[plan.component]);
    const availability = { hosts, refusal: unavailabilityRefusal(plan, hosts) };
    const start = (overridden?: string) =>
      this.launchRestart(`rolling restart of ${plan.component}`, componentRun(plan), (options) => startRestart(plan, { ...options, overridden }));
    const prepared: Prepared = {
      title: `Rolling restart of ${plan.component}`,
      preview: [...warnings, ...formatAvailability(availability), '', ...linesOf(formatPlan(plan))],
      confirmText: plan.component,
      followRun: true,
      go: () => start(),
    };
    const { refusal } = availability;
    if (refusal === undefined) return prepared;
    return {
      ...prepared,
      title: `REFUSED: rolling restart of ${plan.component}`,
      preview: [`Refused: ${refusal}.`, `Typing ${plan.component} asks for the override next; Esc leaves it refused.`, '', ...prepared.preview],
      next: {
        title: `Override: restart ${plan.component} with hosts already unhealthy`,
        preview: [
          `Refused: ${refusal}.`,
          `Going ahead takes more hosts of ${plan.component} out at once than its maxUnavailable (${plan.maxUnavailable}) allows.`,
          'The override is recorded in the audit log.',
        ],
        confirmText: ALLOW_UNHEALTHY,
        followRun: true,
        go: () => start(refusal),
      },
    };
  }

  /** A stopped run, read back from its journal, with what resuming does to each host. */
  async prepareResume(runId: string): Promise<Prepared> {
    this.check('restart');
    const journal = await loadRunToResume(this.setup.stateDir, runId);
    if (journal.data.status === 'completed') throw new Error(`run ${runId} already completed: nothing to do`);
    const { plan } = journal.data;
    return {
      title: `Resume run ${runId} (${plan.component})`,
      preview: [...linesOf(describeResume(journal)), '', ...linesOf(formatPlan(plan))],
      confirmText: plan.component,
      followRun: true,
      go: () => this.launchRestart(`resumed restart of ${plan.component}`, componentRun(plan, journal.data), (options) => resumeRestart(journal, options)),
    };
  }

  /**
   * Every component in dependency order. Throws DependencyCycleError naming the cycle, or why
   * there is nothing to recover. `now` is each host's health as the pane shows it: with hosts
   * down, the preview names them and offers to go on without them (SKIP_DOWN typed).
   */
  prepareRecovery(now: readonly GateNow[]): Prepared {
    this.check('recover');
    const { inventory } = this.setup;
    const full = planRecovery(inventory, this.setup.access);
    const gates = full.levels.flat().flatMap((step) =>
      step.gate.map(({ host }) => now.find((n) => n.component === step.component && n.host === host) ?? { component: step.component, host, ok: false, down: false, output: 'not checked yet' }),
    );
    const check = assessRecovery(full, gates);
    const verdict = recoveryVerdict(full, check, false);
    if (verdict.refusal !== undefined && !verdict.canSkipDown) throw new Error(verdict.refusal);
    const where = inventory.environment === undefined ? 'the platform' : inventory.environment.toUpperCase();
    const health = formatRecoveryCheck(check);
    const dialog = (plan: RecoveryPlan): Prepared => ({
      title: `Recovery of ${where}: every component in dependency order`,
      preview: [...health, '', ...linesOf(formatRecoveryPlan(plan))],
      // As `perfmon recover` asks: the environment's name (the whole platform is the target).
      confirmText: inventory.environment ?? 'recover',
      followRun: true,
      go: () => this.launchRecovery(plan),
    });
    if (verdict.refusal === undefined) return dialog(full);
    const without = dialog(recoveryVerdict(full, check, true).plan);
    return {
      title: `REFUSED: recovery of ${where}: hosts down`,
      preview: [`Refused: ${verdict.refusal}.`, `Type ${SKIP_DOWN} to recover without them (that plan is shown next, to confirm); Esc leaves it.`, '', ...health],
      confirmText: SKIP_DOWN,
      followRun: true,
      go: without.go,
      next: without,
    };
  }

  togglePause(): void {
    const control = this.control;
    if (control === undefined) return;
    if (control.paused) control.resume();
    else control.pause();
  }

  abort(mode: AbortMode): void {
    this.control?.abort(mode, mode === 'now' ? 'aborted by the operator (now)' : 'aborted by the operator');
  }

  /** The operator's answer to the question on screen. */
  answer(decision: FailureDecision): void {
    const asked = this.questions.shift();
    asked?.resolve(decision);
    this.update({ question: this.questions[0]?.failure ?? null });
  }

  dismissMessage(): void {
    this.update({ message: null });
  }

  private readonly policy: FailurePolicy = (failure) =>
    new Promise<FailureDecision>((resolve) => {
      this.questions.push({ failure, resolve });
      this.update({ question: this.questions[0]!.failure });
    });

  private patchRun(patch: Partial<DeskRun> | ((run: DeskRun) => Partial<DeskRun>)): void {
    this.update((state) => (state.run === null ? {} : { run: { ...state.run, ...(typeof patch === 'function' ? patch(state.run) : patch) } }));
  }

  private note(message: string): void {
    this.patchRun((run) => ({ notes: [...run.notes, message].slice(-KEPT_NOTES) }));
  }

  /** Starts `work` under a fresh RunControl; the state follows its events until it ends. */
  private launch<E, O>(
    run: Pick<DeskRun, 'kind' | 'label' | 'restart' | 'recovery'>,
    onEvent: (event: E) => void,
    work: (options: RunOptions<E>) => Promise<O>,
    summarize: (outcome: O) => Ending,
  ): void {
    const control = new RunControl();
    this.control = control;
    const fresh = { paused: false, aborting: undefined, abortReason: undefined, notes: [], summary: [], ended: undefined, endedAt: undefined, elsewhere: undefined, refusedBy: undefined };
    this.update({ run: { ...run, ...fresh, phase: 'starting' }, message: null });
    const stopWatching = control.onChange(() => this.patchRun({ paused: control.paused, aborting: control.aborting, abortReason: control.abortReason }));
    const { access, audit, stateDir, lock, configPath } = this.setup;
    const options: RunOptions<E> = { access, audit, stateDir, lock, configPath, control, policy: this.policy, onEvent };
    this.running = work(options)
      .then(
        (outcome) => this.patchRun({ phase: 'finished', endedAt: new Date().toISOString(), ...summarize(outcome) }),
        (error: Error) => {
          const started = this.getSnapshot().run?.phase !== 'starting';
          if (started) {
            const summary = [`Stopped by an error: ${error.message}`, 'The journal records where each host is: resume the run from the stopped runs view or with perfmon restart --resume.'];
            this.patchRun({ phase: 'finished', ended: 'error', endedAt: new Date().toISOString(), summary });
          } else {
            // Locks are taken on every host before anything runs: a refusal changed nothing.
            const component = run.restart?.component;
            const refusedBy = error instanceof LockRefusedError && error.owner !== undefined && component !== undefined ? { component, host: error.host, owner: error.owner } : undefined;
            this.patchRun({ phase: 'refused', refusedBy, summary: [`Refused: ${error.message}`, 'Nothing was done.'] });
            this.update({ message: { text: `Refused: ${error.message}. Nothing was done.`, tone: 'bad' } });
          }
        },
      )
      .finally(() => {
        stopWatching();
        this.control = undefined;
        this.running = undefined;
        void this.listRuns();
      });
  }

  private launchRestart(label: string, progress: ComponentRun, work: (options: RunOptions<RunEvent>) => Promise<RunOutcome>): void {
    this.launch<RunEvent, RunOutcome>(
      { kind: 'restart', label, restart: progress, recovery: undefined },
      (event) => {
        if (event.type === 'note') return this.note(event.message);
        this.patchRun((run) => ({
          phase: event.type === 'run-started' ? 'running' : run.phase,
          restart: run.restart === undefined ? undefined : applyRunEvent(run.restart, event, Date.now()),
        }));
      },
      work,
      (outcome) => restartSummary(outcome, progress),
    );
  }

  private launchRecovery(plan: RecoveryPlan): void {
    const where = plan.environment === undefined ? 'the platform' : plan.environment.toUpperCase();
    this.launch<RecoveryEvent, RecoveryOutcome>(
      { kind: 'recovery', label: `recovery of ${where}`, restart: undefined, recovery: recoveryRun(plan) },
      (event) => {
        if (event.type === 'note') return this.note(event.message);
        if (event.type === 'run' && event.event.type === 'note') return this.note(`${event.component}: ${event.event.message}`);
        this.patchRun((run) => ({
          phase: event.type === 'level' ? 'running' : run.phase,
          recovery: run.recovery === undefined ? undefined : applyRecoveryEvent(run.recovery, event, Date.now()),
        }));
      },
      (options) => runRecovery(plan, options),
      recoverySummary,
    );
  }

  /**
   * Reads the journal directory for runs that did not complete (newest first) and the hosts
   * they may have left drained; a run of this desk resumed elsewhere since is shown as its
   * journal has it, and a lock that refused a run is read again.
   */
  async listRuns(): Promise<void> {
    const journals = await loadRecentJournals(this.setup.stateDir, LISTED_RUNS);
    const runs = journals.filter((data) => data.status !== 'completed').map((data) => summarizeJournal(data));
    const drained = Object.fromEntries(this.setup.inventory.components.map((c) => [c.name, drainedByRuns(journals, c.name)]));
    this.update({ runs, drained });
    const run = this.getSnapshot().run;
    const followed = run === null ? undefined : followJournal(run, journals, (data) => summarizeJournal(data).runningIn !== undefined);
    if (followed !== undefined) this.patchRun(followed);
    await this.recheckLock();
  }

  private async recheckLock(): Promise<void> {
    const refusal = this.getSnapshot().run?.refusedBy;
    if (refusal === undefined) return;
    // Unreachable now: the refusal on screen stays as it was.
    const owner = await readLockOwner(this.setup.access, this.setup.lock ?? {}, refusal.component, refusal.host).catch(() => undefined);
    const now = lockRefusalNow(refusal, owner, Date.now());
    if (now === undefined || this.getSnapshot().run?.refusedBy !== refusal) return;
    this.patchRun({ refusedBy: now.follow, summary: [now.message.text] });
    this.update({ message: now.message });
  }

  /** Reads the journals and the refusing lock again every `intervalMs` (what the CLI did meanwhile shows). */
  watch(intervalMs: number): void {
    this.watcher ??= new ScheduledTask(() => this.listRuns(), { intervalMs, firstRunMs: intervalMs });
    this.watcher.start();
  }

  /** perfmon is quitting: stop before the next step (the journal lets the run be resumed). */
  async shutdown(graceMs = 3000): Promise<void> {
    this.watcher?.stop();
    for (const asked of this.questions.splice(0)) asked.resolve('abort');
    this.control?.abort('now', 'perfmon was closed');
    const running = this.running;
    if (running === undefined) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([running, new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)))]);
    clearTimeout(timer);
  }
}
