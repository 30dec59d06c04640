/**
 * Runs a task every interval, one run at a time. Ticks that come while a run is still going
 * are skipped, not stacked (a slow host must not pile up work), and failures back off exponentially until the
 * task succeeds again (k9s' refresh loop does the same).
 */
export interface PollerOptions {
  intervalMs: number;
  /** Delay after the n-th consecutive failure (n ≥ 1); defaults to doubling up to 30 s. */
  backoffMs?: (failures: number) => number;
  onError?: (error: unknown, failures: number) => void;
}

export class Poller {
  private timer: NodeJS.Timeout | null = null;
  private stopped = true;
  private failures = 0;
  /** Ticks that came while the previous run was still going. */
  skipped = 0;

  constructor(
    private readonly task: () => Promise<void>,
    private options: PollerOptions,
  ) {}

  /** Starts polling; the first run comes after `initialDelayMs` (at once by default). */
  start(initialDelayMs = 0): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(initialDelayMs);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  setIntervalMs(intervalMs: number): void {
    this.options = { ...this.options, intervalMs };
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    const started = Date.now();
    let delay: number;
    try {
      await this.task();
      this.failures = 0;
      // Keep the cadence: a run that overran swallows the ticks it covered instead of
      // queueing them, and the next run starts on the following tick.
      const elapsed = Date.now() - started;
      const interval = this.options.intervalMs;
      this.skipped += Math.floor(elapsed / interval);
      delay = interval - (elapsed % interval);
    } catch (error) {
      this.failures += 1;
      this.options.onError?.(error, this.failures);
      delay = (this.options.backoffMs ?? defaultBackoff(this.options.intervalMs))(this.failures);
    }
    this.schedule(delay);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), delayMs);
  }
}

function defaultBackoff(intervalMs: number) {
  return (failures: number) => Math.min(30_000, intervalMs * 2 ** Math.min(failures, 10));
}
