/**
 * In-memory history of an SLI: good and total events per sample, kept as running sums in two
 * rings — every sample for the alert windows (hours), and 5-minute buckets for the compliance
 * window (days) — so a window's sums are two look-ups, not a scan. Memory per SLO is fixed:
 * fineCapacity × 24 bytes plus the coarse ring (30 days of 5-minute buckets: ≈ 200 KB).
 */

const COARSE_BUCKET_MS = 5 * 60_000;

/** Ring of (time, cumulative good, cumulative total) with index access from the oldest. */
class CumulativeRing {
  private readonly t: Float64Array;
  private readonly g: Float64Array;
  private readonly n: Float64Array;
  private start = 0;
  length = 0;

  constructor(readonly capacity: number) {
    this.t = new Float64Array(capacity);
    this.g = new Float64Array(capacity);
    this.n = new Float64Array(capacity);
  }

  private at(i: number): number {
    return (this.start + i) % this.capacity;
  }

  push(timeMs: number, good: number, total: number): void {
    const slot = this.at(this.length);
    this.t[slot] = timeMs;
    this.g[slot] = good;
    this.n[slot] = total;
    if (this.length < this.capacity) this.length++;
    else this.start = (this.start + 1) % this.capacity;
  }

  /** Replaces the newest entry (for a coarse bucket still filling). */
  setLast(timeMs: number, good: number, total: number): void {
    const slot = this.at(this.length - 1);
    this.t[slot] = timeMs;
    this.g[slot] = good;
    this.n[slot] = total;
  }

  time(i: number): number {
    return this.t[this.at(i)]!;
  }

  good(i: number): number {
    return this.g[this.at(i)]!;
  }

  total(i: number): number {
    return this.n[this.at(i)]!;
  }

  /** Index of the newest entry with time ≤ timeMs, or -1. */
  indexAtOrBefore(timeMs: number): number {
    let lo = 0;
    let hi = this.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.time(mid) <= timeMs) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }
}

export interface WindowSums {
  good: number;
  total: number;
  /** Seconds of history the sums cover (less than asked while perfmon has not run that long). */
  coveredSeconds: number;
}

export class SliHistory {
  private readonly fine: CumulativeRing;
  private readonly coarse: CumulativeRing;
  private good = 0;
  private total = 0;
  private firstMs: number | undefined;
  private lastMs: number | undefined;

  constructor(options: { fineCapacity: number; coarseSeconds: number }) {
    this.fine = new CumulativeRing(Math.max(2, options.fineCapacity));
    this.coarse = new CumulativeRing(Math.max(2, Math.ceil((options.coarseSeconds * 1000) / COARSE_BUCKET_MS) + 2));
  }

  get lastTimeMs(): number | undefined {
    return this.lastMs;
  }

  /** Records `good` of `total` events (both ≥ 0) at timeMs (increasing). */
  add(timeMs: number, good: number, total: number): void {
    if (this.lastMs !== undefined && timeMs <= this.lastMs) return;
    if (this.firstMs === undefined) {
      this.firstMs = timeMs;
      // A zero point, so the first sample's events fall inside windows that start before it.
      this.fine.push(timeMs - 1, 0, 0);
      this.coarse.push(timeMs - 1, 0, 0);
    }
    this.good += good;
    this.total += total;
    this.lastMs = timeMs;
    this.fine.push(timeMs, this.good, this.total);
    const bucket = Math.floor(timeMs / COARSE_BUCKET_MS);
    const lastBucket = Math.floor(this.coarse.time(this.coarse.length - 1) / COARSE_BUCKET_MS);
    if (bucket === lastBucket && this.coarse.length > 1) this.coarse.setLast(timeMs, this.good, this.total);
    else this.coarse.push(timeMs, this.good, this.total);
  }

  /** Good and total events over the last windowSeconds (ending at the newest sample). */
  sums(windowSeconds: number): WindowSums {
    if (this.lastMs === undefined || this.firstMs === undefined) return { good: 0, total: 0, coveredSeconds: 0 };
    const from = this.lastMs - windowSeconds * 1000;
    // The fine ring when it reaches back far enough, else the coarse one (to a bucket's precision).
    const ring = this.fine.time(0) <= from || this.fine.length < this.fine.capacity ? this.fine : this.coarse;
    const i = ring.indexAtOrBefore(from);
    const base = i < 0 ? 0 : i;
    const covered = (this.lastMs - Math.max(ring.time(base), this.firstMs - 1)) / 1000;
    return {
      good: this.good - ring.good(base),
      total: this.total - ring.total(base),
      coveredSeconds: Math.min(windowSeconds, covered),
    };
  }
}
