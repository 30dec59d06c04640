/**
 * What one read of a queue source says about each queue. Counters are kept per series (a
 * RabbitMQ channel, a Kafka partition): series come and go with channels and restarts, so
 * their increases are taken one by one and only then added up (src/analysis/queue-history.ts).
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
