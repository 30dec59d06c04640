/**
 * The rolling restart engine: runs a journaled plan batch by batch; for each host drain →
 * restart (or stop + start) → wait healthy → undrain, recording every step in the journal
 * before it starts and in the audit log before and after it runs. Batches run one after
 * another; the hosts of a batch run side by side. Failures go to the failure policy; pause and
 * abort come from the RunControl; progress goes to the listener as RunEvents.
 *
 * Locking and journal creation are the caller's (see restart-run.ts), so recovery can run
 * several components under locks it took up front.
 */
import type { AuditLog } from './audit-log.js';
import { auditedExec } from './audit-log.js';
import { waitHealthy } from './health-check.js';
import type { HostAccess } from './host-access.js';
import { leftDrained, resumeFrom, stepsFrom, type HostState, type Journal, type JournalStep } from './journal.js';
import { batchesOf, type PlannedHost } from './plan.js';
import { maxFailPolicy, RunControl, type FailurePolicy } from './run-control.js';
import type { RunListener, RunOutcome } from './run-events.js';

export interface RestartContext {
  access: HostAccess;
  audit: AuditLog;
  journal: Journal;
  control?: RunControl | undefined;
  /** Default: continue while failures ≤ the plan's maxFail, else stop. */
  policy?: FailurePolicy | undefined;
  onEvent?: RunListener | undefined;
  /** Whether this continues an earlier run (for the run-started event). */
  resumed?: boolean | undefined;
}

const WORKING_STATE: Record<JournalStep, HostState> = {
  drain: 'draining',
  restart: 'restarting',
  stop: 'restarting',
  start: 'restarting',
  wait: 'waiting',
  undrain: 'undraining',
};

type HostEnd = 'done' | 'failed' | 'skipped' | 'stopped';

function brief(text: string, limit = 160): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > limit ? `${line.slice(0, limit - 1)}…` : line;
}

class RestartRun {
  private readonly control: RunControl;
  private readonly policy: FailurePolicy;
  private failures = 0;
  private readonly lastHealth = new Map<string, string>();
  /** What watchers were last told about pause and abort. */
  private relayed: { paused: boolean; aborting: string | undefined } = { paused: false, aborting: undefined };

  constructor(private readonly ctx: RestartContext) {
    this.control = ctx.control ?? new RunControl();
    this.policy = ctx.policy ?? maxFailPolicy;
  }

  private get plan() {
    return this.ctx.journal.data.plan;
  }

  private emitHost(host: string, detail?: string): void {
    const record = this.ctx.journal.host(host);
    const started = record.startedAt === undefined ? Date.now() : Date.parse(record.startedAt);
    this.ctx.onEvent?.({
      type: 'host',
      host,
      state: record.state,
      step: record.step,
      finished: record.finished === true,
      elapsedMs: Date.now() - started,
      lastHealth: this.lastHealth.get(host) ?? record.lastHealth,
      detail,
    });
  }

  private note(message: string): void {
    this.ctx.onEvent?.({ type: 'note', message });
  }

  async run(): Promise<RunOutcome> {
    const { journal } = this.ctx;
    this.ctx.onEvent?.({ type: 'run-started', runId: journal.runId, plan: this.plan, resumed: this.ctx.resumed ?? false });
    const stopListening = this.control.onChange(() => this.relayControl());
    try {
      for (const batch of batchesOf(this.plan.hosts)) {
        if (this.control.aborting !== undefined) break;
        const todo = batch.filter((host) => resumeFrom(journal.host(host.name)).next !== 'done');
        await Promise.all(todo.map((host) => this.runHost(host)));
      }
    } finally {
      stopListening();
    }
    const outcome = this.outcome();
    await journal.finish(outcome.status, outcome.reason);
    this.ctx.onEvent?.({ type: 'run-finished', outcome });
    return outcome;
  }

  private relayControl(): void {
    const { paused, aborting } = this.control;
    if (paused !== this.relayed.paused) this.ctx.onEvent?.({ type: paused ? 'paused' : 'resumed' });
    if (aborting !== undefined && aborting !== this.relayed.aborting) {
      this.ctx.onEvent?.({ type: 'aborting', mode: aborting, reason: this.control.abortReason ?? 'aborted' });
    }
    this.relayed = { paused, aborting };
  }

  private async runHost(host: PlannedHost): Promise<HostEnd> {
    const point = resumeFrom(this.ctx.journal.host(host.name));
    if (point.unconfirmed) {
      await this.ctx.journal.setHost(host.name, { state: this.ctx.journal.host(host.name).state, unconfirmed: true });
      this.note(`${host.name}: its restart was under way when perfmon stopped; it is not sent again — checking health instead`);
    }
    const steps = stepsFrom(host.commands, point.next);
    for (let index = 0, attempt = 1; index < steps.length; index++) {
      const step = steps[index]!;
      if (!(await this.control.checkpoint(step))) {
        this.emitHost(host.name, `stopped before ${step}: ${this.control.abortReason ?? 'aborted'}`);
        return 'stopped';
      }
      const result = await this.runStep(host, step);
      if (result === 'ok') {
        attempt = 1;
        continue;
      }
      if (result === 'interrupted') return 'stopped';
      const decision = await this.decide(host.name, step, result.error, attempt);
      if (decision === 'retry') {
        index--;
        attempt++;
        continue;
      }
      return this.settleFailure(host.name, step, decision);
    }
    await this.ctx.journal.setHost(host.name, { state: 'healthy', error: undefined });
    this.emitHost(host.name);
    return 'done';
  }

  private async decide(host: string, step: JournalStep, error: string, attempt: number) {
    this.failures++;
    const decision = await this.policy({ host, step, error, failures: this.failures, maxFail: this.plan.maxFail, attempt });
    // Only hosts left failed count against --max-fail.
    if (decision === 'retry' || decision === 'skip') this.failures--;
    return decision;
  }

  private async settleFailure(host: string, step: JournalStep, decision: 'skip' | 'continue' | 'abort'): Promise<HostEnd> {
    if (decision === 'skip') {
      await this.ctx.journal.setHost(host, { state: 'skipped' });
      await this.ctx.audit.note('host-skipped', { host, component: this.plan.component, step });
      this.emitHost(host, `skipped after ${step} failed`);
      return 'skipped';
    }
    if (decision === 'abort') {
      const why = this.plan.maxFail === 0 ? 'stopped on the first failure' : `more than ${this.plan.maxFail} hosts failed`;
      this.control.abort('finish-hosts', `${host} failed (${step}): ${why}`);
    }
    return 'failed';
  }

  /** One step, journaled before it starts; 'ok', an error, or 'interrupted' (abort now). */
  private async runStep(host: PlannedHost, step: JournalStep): Promise<'ok' | 'interrupted' | { error: string }> {
    const { journal, audit, access } = this.ctx;
    await journal.setHost(host.name, { state: WORKING_STATE[step], step, finished: false, error: undefined });
    this.emitHost(host.name);
    let error: string | undefined;
    let detail: string | undefined;
    if (step === 'wait') {
      const waited = await waitHealthy(access, host.name, host.health, this.plan.timing, {
        signal: this.control.signal,
        onCheck: (check, waitedMs) => {
          this.lastHealth.set(host.name, check.output);
          this.ctx.onEvent?.({ type: 'health', host: host.name, ok: check.ok, output: check.output, waitedMs });
        },
      });
      await journal.setHost(host.name, { state: 'waiting', lastHealth: waited.output });
      if (waited.reason === 'aborted') {
        this.emitHost(host.name, 'health wait interrupted by abort');
        return 'interrupted';
      }
      if (!waited.ok) error = `not healthy after ${Math.round(waited.elapsedMs / 1000)}s: ${waited.output}`;
      else detail = `healthy after ${(waited.elapsedMs / 1000).toFixed(1)}s`;
    } else {
      const command = host.commands.find((c) => c.step === step)!.command;
      try {
        const result = await auditedExec(access, audit, { action: step, host: host.name, component: this.plan.component, command }, { timeoutMs: this.plan.commandTimeoutMs });
        const output = brief(`${result.stdout} ${result.stderr}`);
        const status = result.code === null ? `killed by ${result.signal ?? 'a signal'}` : `exit ${result.code}`;
        detail = output === '' ? status : `${status}: ${output}`;
        if (result.code !== 0) error = `${step} failed, ${detail}`;
      } catch (failure) {
        error = `${step} failed: ${(failure as Error).message}`;
      }
    }
    if (error !== undefined) {
      await journal.setHost(host.name, { state: 'failed', error });
      await audit.note('host-failed', { host: host.name, component: this.plan.component, step, error, lastHealth: this.lastHealth.get(host.name) });
      this.emitHost(host.name, error);
      return { error };
    }
    await journal.setHost(host.name, { state: WORKING_STATE[step], finished: true });
    this.emitHost(host.name, detail);
    return 'ok';
  }

  private outcome(): RunOutcome {
    const { hosts } = this.ctx.journal.data;
    const names = this.plan.hosts.map((h) => h.name);
    const states = Object.fromEntries(names.map((name) => [name, hosts[name]!.state])) as Record<string, HostState>;
    const failed = names.filter((n) => states[n] === 'failed');
    const skipped = names.filter((n) => states[n] === 'skipped');
    const unfinished = names.filter((n) => states[n] !== 'healthy' && states[n] !== 'skipped' && states[n] !== 'failed');
    const status = failed.length > 0 ? 'failed' : unfinished.length > 0 ? 'aborted' : 'completed';
    return {
      runId: this.ctx.journal.runId,
      status,
      states,
      failed,
      skipped,
      unconfirmed: names.filter((n) => hosts[n]!.unconfirmed === true && states[n] === 'healthy'),
      leftDrained: leftDrained(this.ctx.journal.data),
      reason: status === 'completed' ? undefined : (this.control.abortReason ?? (failed.length > 0 ? `${failed.length} host(s) failed` : undefined)),
    };
  }
}

/** Runs (or continues) the journal's plan to the end, a stop on failure, or an abort. */
export function runRollingRestart(ctx: RestartContext): Promise<RunOutcome> {
  return new RestartRun(ctx).run();
}
