/**
 * perfmon's one backoff: how long to wait before retrying after `attempt` failures in a row
 * (0 for the first retry). Exponential, a ceiling of min(maxMs, baseMs·2^attempt), used by the
 * scheduler (src/runtime/scheduler.ts) for a failing read and by a host's reconnect
 * (src/fleet/host-monitor.ts). With jitter (the default) the wait is a uniform pick in
 * [0, ceiling) — "full jitter" — so a fleet that lost its hosts at the same moment does not
 * come back in lock-step; without it, the ceiling itself (a read retried on the interval's
 * doubling, predictably).
 */
export interface BackoffOptions {
  /** The first retry's ceiling (attempt 0). Default 1000 ms. */
  baseMs?: number;
  /** The ceiling never exceeds this. Default 60000 ms. */
  maxMs?: number;
  /** Pick at random below the ceiling (default true). */
  jitter?: boolean;
  /** A source of [0, 1) numbers; default Math.random (inject a fixed one in tests). */
  random?: () => number;
}

export function nextBackoffMs(attempt: number, options: BackoffOptions = {}): number {
  const { baseMs = 1000, maxMs = 60_000, jitter = true, random = Math.random } = options;
  if (!Number.isInteger(attempt) || attempt < 0) throw new Error(`nextBackoffMs: attempt must be a whole number ≥ 0, not ${attempt}`);
  if (!(baseMs > 0) || !(maxMs >= baseMs)) throw new Error('nextBackoffMs: need 0 < baseMs ≤ maxMs');
  // 2^attempt overflows to Infinity for huge attempts; min() keeps the ceiling finite.
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 1024));
  if (!jitter) return ceiling;
  const r = random();
  if (!(r >= 0 && r < 1)) throw new Error(`nextBackoffMs: random() returned ${r}, expected [0, 1)`);
  return Math.floor(r * ceiling);
}

/**
 * Failures in a row of one thing (a host's connection, a JVM monitor), and how long to wait
 * before the next attempt: the count that nextBackoffMs takes, kept in one place.
 */
export class Backoff {
  private count = 0;

  constructor(private readonly options: BackoffOptions = {}) {}

  /** Failures since the last success. */
  get failures(): number {
    return this.count;
  }

  /** One more failure: the wait before the next attempt. */
  fail(): number {
    const wait = nextBackoffMs(this.count, this.options);
    this.count += 1;
    return wait;
  }

  /** It worked: the next failure waits the shortest again. */
  succeeded(): void {
    this.count = 0;
  }
}

/**
 * A retry after a failure: runs the attempt once, after the backoff's wait (a later failure
 * waits longer), until cancelled. At most one attempt is pending at a time.
 */
export class Retry {
  private readonly backoff: Backoff;
  private timer: NodeJS.Timeout | null = null;

  constructor(options: BackoffOptions = {}) {
    this.backoff = new Backoff(options);
  }

  get failures(): number {
    return this.backoff.failures;
  }

  get pending(): boolean {
    return this.timer !== null;
  }

  /** A failure: `attempt` runs after the backoff's wait (replacing one pending); returns the wait. */
  after(attempt: () => void): number {
    this.cancel();
    const wait = this.backoff.fail();
    this.timer = setTimeout(() => {
      this.timer = null;
      attempt();
    }, wait);
    return wait;
  }

  succeeded(): void {
    this.backoff.succeeded();
  }

  /** The pending attempt, if any, will not run. */
  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
