/**
 * The perfmon inventory (perfmon.yaml): one zod schema, the single source of truth for
 * validation, the TypeScript types every other part uses, and schema/perfmon.schema.json.
 *
 * Conventions: keys are camelCase (`dependsOn`, `readOnly`, `healthyFor`); enumerated values are
 * kebab-case (`order-engine`, `dump-thread`, `error-rate`). Unknown keys are errors. Durations
 * are seconds or text like `30s`/`15m` and come out as seconds.
 */
import { z } from 'zod';
import { alertsSchema } from './alerts-schema.js';
import { componentSchema, profileSchema } from './component-schema.js';
import { historySchema } from './history-schema.js';
import { groupSchema, hostSchema, sshDefaultsSchema, thresholdsSchema } from './host-schema.js';
import { appMetricMapSchema } from './observability-schema.js';
import { durationSchema, nameSchema } from './schema-primitives.js';

/** Every kind of action that changes something; `actions` in the inventory allow-lists them. */
export const ACTION_KINDS = ['restart', 'recover', 'degrade', 'dump-thread', 'dump-heap', 'load', 'runbook'] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

export const inventorySchema = z
  .strictObject({
    version: z.literal(1).default(1).describe('inventory format version'),
    environment: z
      .string()
      .min(1)
      .optional()
      .describe('environment name shown prominently in the UI, e.g. production or staging'),
    interval: durationSchema({ min: 0.25, max: 60 }).default(1).describe('sampling interval, 250ms to 60s'),
    readOnly: z.boolean().default(false).describe('true removes every action (restart, degrade, dumps …)'),
    actions: z
      .array(z.enum(ACTION_KINDS))
      .default([...ACTION_KINDS])
      .describe(`actions allowed at all (default: all): ${ACTION_KINDS.join(', ')}`),
    audit: z
      .strictObject({
        path: z
          .string()
          .min(1)
          .optional()
          .describe('JSON-lines audit log; default $XDG_STATE_HOME/perfmon/audit.jsonl; relative to this file'),
      })
      .prefault({})
      .describe('Where every action is recorded before and after it runs.'),
    history: historySchema,
    alerts: alertsSchema,
    thresholds: thresholdsSchema,
    ssh: sshDefaultsSchema,
    hosts: z.array(hostSchema).default([]).describe('the machines perfmon connects to over SSH'),
    groups: z
      .record(nameSchema, groupSchema)
      .default({})
      .describe('named sets of hosts, picked with --group NAME'),
    rateWindow: durationSchema({ min: 1, max: 3600 })
      .default(60)
      .describe('application metrics: rates, ratios and histogram quantiles over this sliding window, 1s to 1h (default 1m)'),
    appMetrics: z
      .record(nameSchema, appMetricMapSchema)
      .default({})
      .describe('application metric mappings per role, overriding the built-in ones; a component may override again'),
    components: z.array(componentSchema).default([]).describe('the platform services running on the hosts'),
    profiles: z
      .record(nameSchema, profileSchema)
      .default({})
      .describe('named sets of degradation control settings, applied with perfmon degrade --profile NAME'),
  })
  .describe('perfmon inventory: hosts, groups, components and safety settings. Keys are camelCase.');

type ParsedInventory = z.output<typeof inventorySchema>;

/** A loaded inventory: the schema's output with every default applied and paths resolved. */
export type Inventory = Omit<ParsedInventory, 'audit' | 'history'> & {
  audit: { path: string };
  /** `path` absent: the default store (src/history/history-command.ts defaultStoreDir). */
  history: Omit<ParsedInventory['history'], 'path'> & { path: string | undefined };
};

/** What the schema produces before paths are resolved (see resolveInventoryPaths). */
export type UnresolvedInventory = ParsedInventory;

export type { Component, ControlAction, DegradationControl, HealthCheck, HealthProbe, Profile, ProfileSetting } from './component-schema.js';
export type { Group, HostEntry, JvmSettings, SshDefaults, ThresholdMetric, ThresholdPair, Thresholds } from './host-schema.js';
export type {
  AppMetricMap,
  AppMetricMapping,
  DatabaseConfig,
  MetricSelector,
  PrometheusQueueSource,
  QueueSource,
  RabbitMqQueueSource,
  Slo,
} from './observability-schema.js';
export type { MetricsEndpoint } from './schema-primitives.js';
