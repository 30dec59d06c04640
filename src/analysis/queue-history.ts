/**
 * The recent history of one queue, in ring buffers: time, depth, and the cumulative number of
 * messages published, delivered and consumed (acknowledged, or delivered without ack) since
 * perfmon first saw the queue. Per-series counters are turned into those totals read by read:
 * each series' increase is taken on its own (a lower value is a reset: the new value is the
 * increase), then added up — so channels opening and closing, and broker restarts, never show
 * as negative rates. A series that appears after the first read started at zero after the
 * previous read, so all of its value is new (RabbitMQ publishers that open a channel per
 * message would otherwise never be counted).
 */
import { counterIncrease } from '../collect/prometheus/counter-rate.js';
import type { CounterSeries, QueueReading } from '../model/queue-reading.js';
import { RingBuffer } from '../model/ring-buffer.js';

export const COUNTER_FIELDS = ['published', 'delivered', 'acked'] as const;
export type CounterField = (typeof COUNTER_FIELDS)[number];

export interface HistoryPoint {
  timeMs: number;
  depth: number;
  /** Cumulative counts; NaN where the source does not tell. */
  published: number;
  delivered: number;
  acked: number;
}

export class QueueHistory {
  private readonly time: RingBuffer;
  private readonly depth: RingBuffer;
  private readonly totals: Record<CounterField, RingBuffer>;
  private readonly lastSeries: Record<CounterField, Map<string, number> | undefined> = { published: undefined, delivered: undefined, acked: undefined };
  private readonly cumulative: Record<CounterField, number> = { published: 0, delivered: 0, acked: 0 };
  private lastTimeMs: number | undefined;
  /** The latest reading as the source gave it. */
  latest: QueueReading | undefined;

  constructor(readonly capacity = 512) {
    this.time = new RingBuffer(capacity);
    this.depth = new RingBuffer(capacity);
    this.totals = { published: new RingBuffer(capacity), delivered: new RingBuffer(capacity), acked: new RingBuffer(capacity) };
  }

  get length(): number {
    return this.time.length;
  }

  add(timeMs: number, reading: QueueReading): void {
    if (this.lastTimeMs !== undefined && timeMs <= this.lastTimeMs) return;
    const dt = this.lastTimeMs === undefined ? 0 : (timeMs - this.lastTimeMs) / 1000;
    this.latest = reading;
    this.time.push(timeMs);
    this.depth.push(reading.depth ?? NaN);
    const direct: Partial<Record<CounterField, number | undefined>> = { published: reading.publishRate, acked: reading.consumeRate };
    for (const field of COUNTER_FIELDS) {
      const series = reading[field];
      const rate = direct[field];
      // A total that was unknown starts again from zero: windows reaching back over the gap stay unknown.
      if ((series !== undefined || rate !== undefined) && Number.isNaN(this.cumulative[field])) this.cumulative[field] = 0;
      if (series !== undefined) this.cumulative[field] += this.increase(field, series);
      else if (rate !== undefined && Number.isFinite(rate)) this.cumulative[field] += rate * dt;
      else this.cumulative[field] = NaN;
      this.totals[field].push(this.cumulative[field]);
    }
    this.lastTimeMs = timeMs;
  }

  private increase(field: CounterField, series: readonly CounterSeries[]): number {
    const before = this.lastSeries[field];
    const now = new Map<string, number>();
    let sum = 0;
    for (const s of series) {
      now.set(s.key, s.value);
      if (!Number.isFinite(s.value)) continue;
      if (before === undefined) continue;
      const prev = before.get(s.key);
      sum += prev === undefined ? s.value : counterIncrease(prev, s.value);
    }
    this.lastSeries[field] = now;
    return sum;
  }

  /** The newest `keep` known depths, oldest first (reads without a depth are left out). */
  depths(keep: number): number[] {
    return this.depth
      .tail(this.length)
      .filter((d) => !Number.isNaN(d))
      .slice(-keep);
  }

  /** The newest `n` points (all when omitted), oldest first. */
  points(n = this.length): HistoryPoint[] {
    const t = this.time.tail(n);
    const d = this.depth.tail(n);
    const p = this.totals.published.tail(n);
    const v = this.totals.delivered.tail(n);
    const a = this.totals.acked.tail(n);
    return t.map((timeMs, i) => ({ timeMs, depth: d[i]!, published: p[i]!, delivered: v[i]!, acked: a[i]! }));
  }
}
