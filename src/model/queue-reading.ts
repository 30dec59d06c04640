/**
 * Queue readings. Raw: what one read of a queue source says about each queue (QueueRead, as
 * QueueCollector returns it). Judged: a queue's status with rates, trend and time to drain
 * (QueueStatus, from the queue trackers in src/analysis/queue-trackers.ts). Counters are kept
 * per series (a RabbitMQ channel, a Kafka partition): series come and go with channels and
 * restarts, so their increases are taken one by one and only then added up
 * (src/analysis/queue-history.ts).
 */

/** One counter series: a stable identity and its current value. */
export interface CounterSeries {
  key: string;
  value: number;
}

export type QueueSourceKind = 'rabbitmq-prometheus' | 'rabbitmqctl' | 'prometheus';

export interface QueueReading {
  /** RabbitMQ's virtual host; absent for other brokers. */
  vhost?: string;
  name: string;
  /** Messages waiting: ready + unacked for RabbitMQ, the mapped depth (e.g. consumer lag) otherwise. */
  depth: number | null;
  ready: number | null;
  unacked: number | null;
  consumers: number | null;
  /** Messages published into the queue, per series (absent: the source does not tell). */
  published?: CounterSeries[];
  /** Messages handed to consumers (deliver + get), per series. */
  delivered?: CounterSeries[];
  /** Messages acknowledged by consumers, per series. */
  acked?: CounterSeries[];
  /** Rates the source publishes directly (a mapping with `counter: false`), per second. */
  publishRate?: number;
  consumeRate?: number;
}

export interface QueueRead {
  source: QueueSourceKind;
  host: string;
  /** Unix ms of the read (the request's start). */
  timeMs: number;
  queues: QueueReading[];
  /** Lines or entries that could not be read, with where they came from. */
  warnings: string[];
}

/** A queue's identity across reads: host, vhost and name. */
export function queueKey(host: string, reading: Pick<QueueReading, 'vhost' | 'name'>): string {
  return JSON.stringify([host, reading.vhost ?? null, reading.name]);
}

/** A queue source that could not be read on a host. */
export interface QueueError {
  component: string;
  host: string;
  message: string;
}

/** One collector read of every source it was given: raw readings, not judged yet. */
export interface QueueReads {
  timeMs: number;
  /** One read per source and host that answered; `target` is the index of its source target. */
  reads: Array<QueueRead & { target: number }>;
  errors: QueueError[];
}

export type QueueTrend = 'growing' | 'draining' | 'steady' | 'empty' | 'unknown';

/** What a queue is doing, from its recent history (src/analysis/queue-analysis.ts). */
export interface QueueFigures {
  /** Per second over the rate window; null when not known (one read so far, or the source does not count). */
  publishPerSec: number | null;
  deliverPerSec: number | null;
  /** Messages leaving the queue: acknowledged, or delivered without acknowledgement. */
  ackPerSec: number | null;
  /** Depth change per second over the rate window (positive: growing). */
  growthPerSec: number | null;
  /** Seconds of history the rates cover. */
  rateWindowSeconds: number;
  trend: QueueTrend;
  imbalance: {
    sustained: boolean;
    /** Seconds of history the judgement needs, and whether we have them yet. */
    windowSeconds: number;
    covered: boolean;
    /** Net inflow (messages) in each slice of the window, oldest first. */
    slices: number[];
    /** When sustained: the last read still level before more came in than went out (Unix ms). */
    startMs?: number | null;
  };
  /** At the current net outflow, seconds until the queue is empty; null unless it is draining (0 when empty). */
  secondsToDrain: number | null;
  /** At the current net inflow, seconds until depth reaches the limit; null unless growing with a limit. */
  secondsToLimit: number | null;
  limit: number | null;
}

/** One queue as last judged: the `queues[]` entries of `perfmon queues --json`. */
export interface QueueStatus extends QueueFigures {
  component: string;
  source: QueueSourceKind;
  host: string;
  vhost: string | null;
  name: string;
  /** Unix ms of the read these figures come from. */
  timeMs: number;
  depth: number | null;
  ready: number | null;
  unacked: number | null;
  consumers: number | null;
  /** Unix ms since when the imbalance has been sustained; null when it is not. */
  imbalanceSinceMs: number | null;
}

/** Every queue of a set of sources, judged: what the Queues pane and `perfmon queues` show. */
export interface QueuesSnapshot {
  timeMs: number;
  queues: QueueStatus[];
  errors: QueueError[];
  warnings: string[];
}

/** A queue's identity across reads and components. */
export function queueId(q: Pick<QueueStatus, 'component' | 'source' | 'host' | 'vhost' | 'name'>): string {
  return JSON.stringify([q.component, q.source, q.host, q.vhost, q.name]);
}
