/**
 * A fixed-capacity series of numbers: the newest `capacity` samples of one metric. Pushing
 * never allocates; reading copies out only the tail a chart can show.
 */
export class RingBuffer {
  private readonly values: Float64Array;
  private start = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity <= 0) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    this.values = new Float64Array(capacity);
  }

  get length(): number {
    return this.count;
  }

  push(value: number): void {
    const end = (this.start + this.count) % this.capacity;
    this.values[end] = value;
    if (this.count < this.capacity) this.count += 1;
    else this.start = (this.start + 1) % this.capacity;
  }

  /** The newest value, or null when empty. */
  last(): number | null {
    if (this.count === 0) return null;
    return this.values[(this.start + this.count - 1) % this.capacity]!;
  }

  /** The newest `n` values (all when n is omitted), oldest first. */
  tail(n = this.count): number[] {
    const take = Math.max(0, Math.min(n, this.count));
    const out = new Array<number>(take);
    const first = this.start + this.count - take;
    for (let i = 0; i < take; i += 1) out[i] = this.values[(first + i) % this.capacity]!;
    return out;
  }
}
