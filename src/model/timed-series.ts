/**
 * One live series: a metric name plus labels (its `key`) and its newest `capacity` samples,
 * each with its time. A gap (the host was down, nothing could be read) is a sample whose value
 * is NaN: readers get it in place, so a chart leaves the stretch empty instead of drawing a
 * line from the last reading before the gap to the first one after it.
 */
import { RingBuffer } from './ring-buffer.js';
import type { Sample, SeriesKey } from './series-key.js';

export class TimedSeries {
  private readonly times: RingBuffer;
  private readonly values: RingBuffer;

  constructor(
    readonly key: SeriesKey,
    capacity: number,
  ) {
    this.times = new RingBuffer(capacity);
    this.values = new RingBuffer(capacity);
  }

  get capacity(): number {
    return this.values.capacity;
  }

  /** Samples held, gaps included. */
  get length(): number {
    return this.values.length;
  }

  /** A reading of `v` at `t` (ms since 1970). */
  push(t: number, v: number): void {
    this.times.push(t);
    this.values.push(v);
  }

  /** Nothing could be read from `t` on: one gap marker (a second in a row adds nothing). */
  gap(t: number): void {
    if (this.length === 0 || this.endsInGap) return;
    this.push(t, Number.NaN);
  }

  /**
   * A sample time passed while nothing could be read (the host is still down): one more gap
   * sample, so that a chart drawn sample by sample shows the outage as long as it was.
   */
  missed(t: number): void {
    if (this.length > 0) this.push(t, Number.NaN);
  }

  /** Whether the newest sample is a gap marker. */
  get endsInGap(): boolean {
    const last = this.values.last();
    return last !== null && Number.isNaN(last);
  }

  /** The time of the newest sample, or null when empty. */
  lastTime(): number | null {
    return this.times.last();
  }

  /** The newest value (NaN when the series is in a gap), or null when empty. */
  last(): number | null {
    return this.values.last();
  }

  /** The newest `n` values (all by default), oldest first; NaN marks a gap. */
  tail(n?: number): number[] {
    return this.values.tail(n);
  }

  /** The newest `n` samples with their times, oldest first; a gap's `v` is NaN. */
  samples(n?: number): Sample[] {
    const times = this.times.tail(n);
    const values = this.values.tail(n);
    return times.map((t, i) => ({ t, v: values[i]! }));
  }
}
