/**
 * What a load run counts: latencies in an HdrHistogram (microseconds, 3 significant digits, so
 * p99 of 1.234 s reads 1.23 s and of 1.234 ms reads 1.23 ms), requests, errors by kind, checks,
 * and what the generator itself could not do (dropped: due but over maxInFlight; late: sent
 * LATE_AFTER_MS or more after their intended time). One window per second, one for the whole run.
 */
import hdr from 'hdr-histogram-js';

/** A request sent this long after its intended start shows the generator falling behind. */
export const LATE_AFTER_MS = 10;

/** An hour in microseconds: the longest latency told apart; longer ones are counted as this. */
const HIGHEST_US = 3_600_000_000;

export type Histogram = ReturnType<typeof hdr.build>;

export function newHistogram(): Histogram {
  return hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: HIGHEST_US, numberOfSignificantValueDigits: 3, bitBucketSize: 32, useWebAssembly: false });
}

export function recordMs(histogram: Histogram, ms: number): void {
  histogram.recordValue(Math.min(HIGHEST_US, Math.max(1, Math.round(ms * 1000))));
}

export interface CheckCount {
  passed: number;
  failed: number;
}

export class LoadWindow {
  readonly latency = newHistogram();
  /** How late the generator sent each request after its intended start (open model). */
  readonly lag = newHistogram();
  requests = 0;
  errors = 0;
  dropped = 0;
  late = 0;
  checksPassed = 0;
  checksTotal = 0;
  readonly errorKinds = new Map<string, number>();
  /** By request name: requests and errors. */
  readonly byRequest = new Map<string, { requests: number; errors: number }>();
  /** By `request: check`: passed and failed. */
  readonly checks = new Map<string, CheckCount>();

  record(outcome: { name: string; latencyMs: number; error: string | undefined; checks: readonly { label: string; passed: boolean }[] }): void {
    this.requests++;
    recordMs(this.latency, outcome.latencyMs);
    const request = this.byRequest.get(outcome.name) ?? { requests: 0, errors: 0 };
    request.requests++;
    if (outcome.error !== undefined) {
      this.errors++;
      request.errors++;
      this.errorKinds.set(outcome.error, (this.errorKinds.get(outcome.error) ?? 0) + 1);
    }
    this.byRequest.set(outcome.name, request);
    for (const check of outcome.checks) {
      this.checksTotal++;
      if (check.passed) this.checksPassed++;
      const key = `${outcome.name}: ${check.label}`;
      const count = this.checks.get(key) ?? { passed: 0, failed: 0 };
      if (check.passed) count.passed++;
      else count.failed++;
      this.checks.set(key, count);
    }
  }

  recordSent(lagMs: number): void {
    recordMs(this.lag, lagMs);
    if (lagMs >= LATE_AFTER_MS) this.late++;
  }

  /** Latency at a percentile (0–100) in milliseconds; 0 with no requests. */
  latencyMs(percentile: number): number {
    return this.requests === 0 ? 0 : this.latency.getValueAtPercentile(percentile) / 1000;
  }

  release(): void {
    this.latency.destroy();
    this.lag.destroy();
  }
}
