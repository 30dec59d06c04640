/** Queues from RabbitMQ (prometheus plugin or rabbitmqctl) and from any exporter through a mapping. */
export type { CounterSeries, QueueRead, QueueReading, QueueSourceKind } from '../../model/queue-reading.js';
export { queueKey } from '../../model/queue-reading.js';
export { readRabbitPerObject, recoverQueueLines } from './rabbitmq-per-object.js';
export { listQueuesCommand, listVhostsCommand, parseListQueues, parseVhosts, RabbitmqctlOutputError } from './rabbitmqctl.js';
export { readMappedQueues } from './mapped-queues.js';
export { readQueueSource, queueFilter, QueueSourceError, type ReadQueuesOptions } from './read-queue-source.js';
export { QueueCollector, type QueueCollectorOptions, type QueueSourceTarget } from './queue-collector.js';
