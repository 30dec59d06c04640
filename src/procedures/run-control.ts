/**
 * How a running procedure is steered from outside (the emergency pane's keys, the CLI's
 * Ctrl-C): pause and resume between steps, abort, and the failure policy that answers
 * "retry, skip or abort?" when a host fails.
 *
 * Abort has two strengths. 'finish-hosts' (the default) starts nothing new that takes a host
 * down (drain, restart, stop) but lets hosts already down come back (start, health wait,
 * undrain), so no host is left out for nothing. 'now' stops before the next step of any kind
 * and interrupts health waits; hosts may be left drained, and the outcome says which.
 */
import type { JournalStep } from './journal.js';

export type AbortMode = 'finish-hosts' | 'now';

/** Steps that take a host out of service; everything else brings it back. */
const DISRUPTIVE: readonly JournalStep[] = ['drain', 'restart', 'stop'];

export class RunControl {
  private pausedUntil: { promise: Promise<void>; resume: () => void } | undefined;
  private mode: AbortMode | undefined;
  private why: string | undefined;
  private readonly aborter = new AbortController();
  private readonly listeners = new Set<() => void>();

  /** Aborted when an abort 'now' is asked: health waits stop at once. */
  get signal(): AbortSignal {
    return this.aborter.signal;
  }

  get paused(): boolean {
    return this.pausedUntil !== undefined;
  }

  get aborting(): AbortMode | undefined {
    return this.mode;
  }

  get abortReason(): string | undefined {
    return this.why;
  }

  /** Called on every pause, resume and abort (for a pane to re-render). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  pause(): void {
    if (this.pausedUntil !== undefined || this.mode !== undefined) return;
    let resume!: () => void;
    const promise = new Promise<void>((resolve) => (resume = resolve));
    this.pausedUntil = { promise, resume };
    this.changed();
  }

  resume(): void {
    const paused = this.pausedUntil;
    if (paused === undefined) return;
    this.pausedUntil = undefined;
    paused.resume();
    this.changed();
  }

  /** Asks the run to stop; a second, stronger ask ('now') upgrades the first. */
  abort(mode: AbortMode = 'finish-hosts', reason = 'aborted by the operator'): void {
    if (this.mode === 'now' || this.mode === mode) return;
    this.mode = mode;
    this.why ??= reason;
    if (mode === 'now') this.aborter.abort(new Error(reason));
    // An abort ends a pause (one change, not two): hosts on their way back must get there.
    const paused = this.pausedUntil;
    this.pausedUntil = undefined;
    paused?.resume();
    this.changed();
  }

  /** Before each step: waits while paused; false when the step must not start. */
  async checkpoint(step: JournalStep): Promise<boolean> {
    while (this.pausedUntil !== undefined) await this.pausedUntil.promise;
    if (this.mode === 'now') return false;
    if (this.mode === 'finish-hosts') return !DISRUPTIVE.includes(step);
    return true;
  }
}

export interface HostFailure {
  host: string;
  step: JournalStep;
  error: string;
  /** Hosts failed in this run so far, this one included. */
  failures: number;
  maxFail: number;
  /** 1 for the first try of the step, 2 after one retry, … */
  attempt: number;
}

/**
 * retry: run the failed step again (an explicit retry of a restart does restart again: the
 *        operator asked for it); skip: leave the host as it is, marked skipped, and go on;
 * continue: the host stays failed and the run goes on; abort: the host stays failed and the
 *        run stops (hosts in flight finish coming back).
 */
export type FailureDecision = 'retry' | 'skip' | 'continue' | 'abort';

export type FailurePolicy = (failure: HostFailure) => FailureDecision | Promise<FailureDecision>;

/** The CLI's policy: go on while failures ≤ --max-fail, else stop. */
export const maxFailPolicy: FailurePolicy = (failure) => (failure.failures <= failure.maxFail ? 'continue' : 'abort');
