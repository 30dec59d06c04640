export interface BackoffOptions {
  /** The first retry's ceiling (attempt 0). Default 1000 ms. */
  baseMs?: number;
  /** The ceiling never exceeds this. Default 60000 ms. */
  maxMs?: number;
  /** A source of [0, 1) numbers; default Math.random (inject a fixed one in tests). */
  random?: () => number;
}

/**
 * The delay before reconnect attempt `attempt` (0 for the first retry): exponential with
 * full jitter, a uniform pick in [0, min(maxMs, baseMs·2^attempt)), so a fleet that lost
 * its hosts at the same moment does not come back in lock-step.
 */
export function nextBackoffMs(attempt: number, options: BackoffOptions = {}): number {
  const { baseMs = 1000, maxMs = 60_000, random = Math.random } = options;
  if (!Number.isInteger(attempt) || attempt < 0) throw new Error(`nextBackoffMs: attempt must be a whole number ≥ 0, not ${attempt}`);
  if (!(baseMs > 0) || !(maxMs >= baseMs)) throw new Error('nextBackoffMs: need 0 < baseMs ≤ maxMs');
  // 2^attempt overflows to Infinity for huge attempts; min() keeps the ceiling finite.
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 1024));
  const r = random();
  if (!(r >= 0 && r < 1)) throw new Error(`nextBackoffMs: random() returned ${r}, expected [0, 1)`);
  return Math.floor(r * ceiling);
}
