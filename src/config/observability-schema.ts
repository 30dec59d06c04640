/**
 * What a component exposes beyond host metrics: application metric mappings (per role, editable),
 * queue sources, a PostgreSQL database, and service level objectives.
 */
import type { AppMetricType } from '../model/app-reading.js';
import type { SloType } from '../model/slo-reading.js';
import { z } from 'zod';
import {
  durationSchema,
  endpointSchema,
  labelMatchersSchema,
  metricNameSchema,
  nameSchema,
  portSchema,
  regexSchema,
  userSchema,
} from './schema-primitives.js';

/**
 * Picks series of one metric family. A label value written `/…/` is a regular expression that
 * must match the whole value (e.g. `status: /5../`); any other value must be equal.
 */
export const metricSelectorSchema = z.strictObject({
  metric: metricNameSchema.describe('metric family name as exposed (for a histogram: without _bucket)'),
  labels: labelMatchersSchema.default({}).describe('label matchers: equal, or /regex/ matching the whole value'),
});

const selectorOrList = z
  .union([metricSelectorSchema, z.array(metricSelectorSchema).min(1)])
  .transform((selectors) => (Array.isArray(selectors) ? selectors : [selectors]));

const mappingCommon = {
  labels: labelMatchersSchema.default({}).describe('label matchers: equal, or /regex/ matching the whole value'),
  scale: z.number().positive().default(1).describe('multiply the value (e.g. 1000 to show seconds as ms)'),
  unit: z.string().optional().describe('unit shown after the value, e.g. ms, /s, %'),
  description: z.string().optional(),
};

// One mapping kind that reads a single metric family.
function singleMetric<K extends string, S extends z.ZodRawShape>(type: K, description: string, extra: S) {
  return z.strictObject({ type: z.literal(type).describe(description), metric: metricNameSchema, ...extra, ...mappingCommon });
}

/** How one application metric (orders/s, order latency, …) is computed from exposition series. */
export const appMetricMappingSchema = z.discriminatedUnion('type', [
  singleMetric('rate', 'per-second rate of a counter, summed over matching series', {}),
  singleMetric('gauge', 'current value of a gauge', {
    aggregate: z.enum(['sum', 'max', 'min', 'avg']).default('sum').describe('how matching series combine'),
  }),
  singleMetric('histogram', 'quantiles of a histogram over the interval (histogram_quantile)', {
    quantiles: z.array(z.number().gt(0).lt(1)).min(1).default([0.5, 0.9, 0.99]),
  }),
  singleMetric('summary', 'quantiles published by a summary', {}),
  z.strictObject({
    type: z.literal('ratio').describe('rate(numerator) / rate(denominator), e.g. error rate, cache hit rate'),
    numerator: selectorOrList.describe('selector or list of selectors summed'),
    denominator: selectorOrList.describe('selector or list of selectors summed'),
    scale: mappingCommon.scale,
    unit: mappingCommon.unit,
    description: mappingCommon.description,
  }),
]);

/**
 * Application metrics by key. Recommended keys: ordersPerSec, orderLatency, validationLatency,
 * routingLatency, executionLatency, marketDataUpdatesPerSec, marketDataLatency, subscriptions,
 * cacheHitRate, activeSessions, authPerSec, authFailuresPerSec, requestsPerSec, requestLatency,
 * errorRate.
 */
export const appMetricMapSchema = z.record(
  z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, { error: 'an application metric key is an identifier like ordersPerSec' }),
  appMetricMappingSchema,
);

const queueCommon = {
  include: z.array(regexSchema).default([]).describe('only queues whose name matches one of these regexes'),
  exclude: z.array(regexSchema).default([]).describe('skip queues whose name matches one of these regexes'),
  limit: z.number().int().positive().optional().describe('depth at which a queue counts as full (time-to-overflow)'),
  limits: z.record(z.string().min(1), z.number().int().positive()).default({}).describe('per-queue limits by name'),
};

const rateSelectorSchema = metricSelectorSchema.extend({
  counter: z.boolean().default(true).describe('true: a counter turned into a rate; false: already a rate'),
});

export const queueSourceSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('rabbitmq'),
    via: z.enum(['prometheus', 'rabbitmqctl']).default('prometheus').describe('the prometheus plugin, or rabbitmqctl over SSH'),
    endpoint: endpointSchema
      .prefault('localhost:15692/metrics/per-object')
      .describe('prometheus plugin endpoint with per-queue metrics (via: prometheus)'),
    vhost: z.string().min(1).optional().describe('only this virtual host (default: all)'),
    sudoUser: userSchema.optional().describe('run rabbitmqctl through sudo -n -u this user (via: rabbitmqctl)'),
    rabbitmqctl: z.string().min(1).default('rabbitmqctl').describe('path of rabbitmqctl on the host (via: rabbitmqctl)'),
    node: z.string().min(1).optional().describe('rabbitmqctl -n: the node to ask (via: rabbitmqctl; default rabbit@<host>)'),
    ...queueCommon,
  }),
  z.strictObject({
    type: z.literal('prometheus').describe('any broker whose exporter publishes depth and rates (e.g. Kafka lag)'),
    endpoint: endpointSchema,
    queueLabel: z.string().min(1).default('queue').describe('label that names the queue (e.g. topic, consumergroup)'),
    depth: metricSelectorSchema.describe('gauge: messages waiting (or consumer lag)'),
    publishRate: rateSelectorSchema.optional(),
    consumeRate: rateSelectorSchema.optional(),
    consumers: metricSelectorSchema.optional(),
    unacked: metricSelectorSchema.optional(),
    ...queueCommon,
  }),
]);

export const databaseSchema = z
  .strictObject({
    type: z.literal('postgres'),
    user: z.string().min(1).default('postgres').describe('psql -U'),
    database: z.string().min(1).default('postgres').describe('psql -d'),
    port: portSchema.default(5432).describe('psql -p'),
    host: z.string().min(1).optional().describe('psql -h (default: the local socket)'),
    sudoUser: userSchema.optional().describe('run psql through sudo -n -u this user (peer authentication)'),
    psql: z.string().min(1).default('psql').describe('path of psql on the host'),
  })
  .describe('PostgreSQL read through psql over SSH (connections, locks, statements, replication).');

const sloCommon = {
  name: nameSchema,
  description: z.string().optional(),
  objective: z.number().gt(0).lt(100).describe('target in percent, e.g. 99.9'),
  window: durationSchema({ min: 60 }).prefault('30d').describe('compliance window of the error budget'),
  shortWindow: durationSchema({ min: 60 }).prefault('5m').describe('short window of the page (fast-burn) alert'),
  longWindow: durationSchema({ min: 60 }).prefault('1h').describe('long window of the page (fast-burn) alert'),
  burnRate: z.number().positive().default(14.4).describe('page when both windows burn faster than this'),
  ticket: z
    .strictObject({
      shortWindow: durationSchema({ min: 60 }).prefault('30m').describe('short window of the ticket (slow-burn) alert'),
      longWindow: durationSchema({ min: 60 }).prefault('6h').describe('long window of the ticket (slow-burn) alert'),
      burnRate: z.number().positive().default(6).describe('open a ticket when both windows burn faster than this'),
    })
    .refine((t) => t.shortWindow < t.longWindow, { error: 'ticket.shortWindow must be shorter than ticket.longWindow', path: ['shortWindow'] })
    .prefault({})
    .describe('the slower second alert of the SRE workbook multi-window burn-rate alerting'),
};

const appMetricKey = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, { error: 'an application metric key like orderLatency' });

export const sloSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('availability').describe('share of good events; from the health check unless good/total are set'),
    good: metricSelectorSchema.optional().describe('counter of good events'),
    total: metricSelectorSchema.optional().describe('counter of all events'),
    ...sloCommon,
  }),
  z.strictObject({
    type: z.literal('latency').describe('share of time the percentile stays under the threshold'),
    metric: appMetricKey.describe('application metric key (histogram or summary)'),
    percentile: z.number().gt(0).lt(100).default(99),
    threshold: durationSchema({ min: 0 }).describe('e.g. 50ms'),
    ...sloCommon,
  }),
  z.strictObject({
    type: z.literal('throughput').describe('share of time the rate stays at or above min'),
    metric: appMetricKey.describe('application metric key (a rate)'),
    min: z.number().min(0).describe('events per second'),
    ...sloCommon,
  }),
  z.strictObject({
    type: z.literal('error-rate').describe('share of requests that succeed; the metric is the error ratio'),
    metric: appMetricKey.describe('application metric key (a ratio of errors to requests)'),
    ...sloCommon,
  }),
]);

export type MetricSelector = z.output<typeof metricSelectorSchema>;
export type AppMetricMapping = z.output<typeof appMetricMappingSchema>;
export type AppMetricMap = z.output<typeof appMetricMapSchema>;
export type QueueSource = z.output<typeof queueSourceSchema>;
export type RabbitMqQueueSource = Extract<QueueSource, { type: 'rabbitmq' }>;
export type PrometheusQueueSource = Extract<QueueSource, { type: 'prometheus' }>;
export type DatabaseConfig = z.output<typeof databaseSchema>;
export type Slo = z.output<typeof sloSchema>;

// The model names these kinds itself (it imports nothing else from src/); should the schema
// gain or lose a kind, this line stops compiling until src/model/ follows.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export type ModelKindsAgree<T extends true = Same<AppMetricMapping['type'], AppMetricType> & Same<Slo['type'], SloType>> = T;
