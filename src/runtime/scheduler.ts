/**
 * perfmon's one scheduling primitive: a task run on an interval, one run at a time. A tick
 * that comes while the previous run is still going is skipped, not stacked (a slow host must
 * not pile up work — k9s' refresh loop does the same). A run that fails (throws, or resolves
 * `false`: "nothing answered, slow down") backs off with the one backoff
 * (src/runtime/backoff.ts, without jitter: the interval doubling up to `maxBackoffMs`), and
 * the first good run after that restores the interval. Every collector loop, watcher clock
 * and health check in perfmon runs on one of these.
 */
import { nextBackoffMs } from './backoff.js';

export interface ScheduledTaskOptions {
  intervalMs: number;
  /** The first run comes this soon after start() (default at once). */
  firstRunMs?: number;
  /** The longest a failing task waits between runs (default 30 s). */
  maxBackoffMs?: number;
  /** Told of every failure that threw, with the count of failures in a row. */
  onError?: (error: unknown, failures: number) => void;
  /** Keep the process alive while scheduled (default false: a CLI exits when its work is done). */
  ref?: boolean;
}

export interface ScheduledTaskStats {
  /** Runs started. */
  runs: number;
  /** Ticks that came while a run was still going. */
  skipped: number;
  /** Failures in a row so far (0 after a good run). */
  failures: number;
}

/** `false` asks to back off without an error; anything else (or nothing) is a good run. */
export type Task = () => Promise<unknown> | unknown;

export class ScheduledTask {
  private timer: NodeJS.Timeout | null = null;
  private first: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private ticks = 0;
  /** The tick before which a failing task is not run again. */
  private resumeAt = 0;
  private counts: ScheduledTaskStats = { runs: 0, skipped: 0, failures: 0 };

  constructor(
    private readonly task: Task,
    private options: ScheduledTaskOptions,
  ) {
    if (!(options.intervalMs > 0)) throw new RangeError(`ScheduledTask: intervalMs must be > 0, not ${options.intervalMs}`);
  }

  get started(): boolean {
    return this.timer !== null || this.first !== null;
  }

  /** Runs at `firstRunMs` (at once by default) and on every interval from then on. */
  start(): void {
    if (this.started) return;
    const begin = (): void => {
      this.first = null;
      this.tick();
      this.timer = setInterval(() => this.tick(), this.options.intervalMs);
      if (this.options.ref !== true) this.timer.unref();
    };
    const delay = this.options.firstRunMs ?? 0;
    if (delay <= 0) begin();
    else {
      this.first = setTimeout(begin, delay);
      if (this.options.ref !== true) this.first.unref();
    }
  }

  /** No run starts after this; one under way finishes on its own (await `idle()` for it). */
  stop(): void {
    if (this.first) clearTimeout(this.first);
    if (this.timer) clearInterval(this.timer);
    this.first = null;
    this.timer = null;
  }

  /** Runs now, or joins the run under way; resolves when it has finished. Ignores backoff. */
  runNow(): Promise<void> {
    return this.running ?? this.run();
  }

  /** Resolves when no run is under way. */
  async idle(): Promise<void> {
    await this.running;
  }

  /** A new interval, from the next tick on. */
  setIntervalMs(intervalMs: number): void {
    this.options = { ...this.options, intervalMs };
    if (this.timer) {
      clearInterval(this.timer);
      this.timer = setInterval(() => this.tick(), intervalMs);
      if (this.options.ref !== true) this.timer.unref();
    }
  }

  stats(): ScheduledTaskStats {
    return { ...this.counts };
  }

  private tick(): void {
    this.ticks += 1;
    if (this.running) this.counts.skipped += 1;
    else if (this.ticks >= this.resumeAt) void this.run();
  }

  private run(): Promise<void> {
    this.counts.runs += 1;
    // Cleared in a then(): a task that fails synchronously must not clear it before it is set.
    const running: Promise<void> = this.attempt()
      .catch(() => undefined) // an onError that threw: the schedule goes on
      .then(() => {
        this.running = null;
      });
    this.running = running;
    return running;
  }

  /** One run of the task, and when the next may come. Never rejects. */
  private async attempt(): Promise<void> {
    let ok: boolean;
    try {
      ok = (await this.task()) !== false;
    } catch (error) {
      ok = false;
      this.options.onError?.(error, this.counts.failures + 1);
    }
    this.counts.failures = ok ? 0 : this.counts.failures + 1;
    const { intervalMs, maxBackoffMs = 30_000 } = this.options;
    const waitMs = ok ? 0 : nextBackoffMs(this.counts.failures - 1, { baseMs: intervalMs, maxMs: Math.max(intervalMs, maxBackoffMs), jitter: false });
    // In ticks: the first failure waits one interval (the next tick), then 2, 4 … intervals.
    this.resumeAt = this.ticks + Math.ceil(waitMs / intervalMs);
  }
}
