/**
 * Platform components (order engine, market data, …): where they run, how to check, restart and
 * drain them, what they expose, and their degradation controls; plus named control profiles.
 */
import { z } from 'zod';
import { appMetricMapSchema, databaseSchema, queueSourceSchema, sloSchema } from './observability-schema.js';
import {
  durationSchema,
  endpointSchema,
  nameSchema,
  regexSchema,
  statusSchema,
  templateSchema,
  urlTemplateSchema,
} from './schema-primitives.js';
import { COMPONENT_PLACEHOLDERS, CONTROL_PLACEHOLDERS } from './templates.js';

/** Roles perfmon knows default application metrics for; any other string is accepted too. */
export const KNOWN_ROLES = ['order-engine', 'market-data', 'auth', 'database', 'broker', 'web', 'gateway'] as const;

const componentCommand = templateSchema(COMPONENT_PLACEHOLDERS);

const httpCheckSchema = z.strictObject({
  url: urlTemplateSchema(COMPONENT_PLACEHOLDERS).describe('URL as seen from the host, fetched through the SSH connection'),
  status: statusSchema.prefault(200).describe('expected status code(s)'),
  contains: z.string().min(1).optional().describe('text the body must contain'),
});

/** Exactly one of command / http, checked again (with positions) by the cross-field checks. */
export const HEALTH_ONE_OF = 'set exactly one of command or http';

export const healthSchema = z
  .strictObject({
    command: componentCommand.optional().describe('healthy when this command exits 0'),
    http: httpCheckSchema.optional().describe('healthy when the URL answers with the status (and contains the text)'),
    timeout: durationSchema({ min: 0.1, max: 300 }).default(5).describe('a single check fails after this long'),
    interval: durationSchema({ min: 0.25, max: 600 }).default(2).describe('time between checks'),
    healthyFor: durationSchema({ min: 0, max: 3600 })
      .default(10)
      .describe('checks must pass continuously this long before the host counts as healthy'),
    startTimeout: durationSchema({ min: 1, max: 7200 })
      .default(120)
      .describe('after a restart, give up waiting for healthy after this long'),
  })
  .transform((health, ctx) => {
    const { command, http, ...timing } = health;
    if ((command === undefined) === (http === undefined)) {
      ctx.issues.push({ code: 'custom', message: HEALTH_ONE_OF, input: health });
      return z.NEVER;
    }
    const check =
      command !== undefined ? { type: 'command' as const, command } : { type: 'http' as const, ...(http as z.output<typeof httpCheckSchema>) };
    return { check, ...timing };
  });

const httpCallSchema = z.strictObject({
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).optional().describe('default GET for read, POST otherwise'),
  url: urlTemplateSchema(CONTROL_PLACEHOLDERS),
  body: z.string().optional().describe('request body; placeholders are URL-encoded'),
  headers: z.record(z.string().min(1), z.string()).default({}),
  status: statusSchema.prefault([200, 201, 202, 204]).describe('status code(s) that mean success'),
});

const controlCommand = templateSchema(CONTROL_PLACEHOLDERS);

/** A control action: a command (string or {command}) or an HTTP admin call ({http: {...}}). */
export const controlActionSchema = z
  .union([controlCommand, z.strictObject({ command: controlCommand }), z.strictObject({ http: httpCallSchema })])
  .transform((action) => {
    if (typeof action === 'string') return { type: 'command' as const, command: action };
    if ('command' in action) return { type: 'command' as const, command: action.command };
    return { type: 'http' as const, ...action.http };
  })
  .describe('a shell command, {command: ...}, or {http: {method, url, body, headers, status}}');

export const controlSchema = z.strictObject({
  name: nameSchema,
  type: z.enum(['flag', 'throttle']).describe('a feature flag, or a throttle (rate limit) switched on and off'),
  description: z.string().optional(),
  on: controlActionSchema.describe('switches the flag on / applies the throttle'),
  off: controlActionSchema.describe('switches the flag off / lifts the throttle'),
  read: controlActionSchema.optional().describe('prints the current state; its output is matched by onPattern'),
  onPattern: regexSchema
    .default('^\\s*(on|true|1|yes|enabled)\\s*$')
    .describe('regex (case-insensitive) that read output matches when the control is on'),
  value: z
    .union([z.string(), z.number()])
    .transform((value) => String(value))
    .optional()
    .describe('throttle value substituted as {value}'),
  normal: z
    .enum(['on', 'off'])
    .default('off')
    .describe('its state in normal operation (default off: on degrades); any other state shows DEGRADED in the header'),
  scope: z
    .enum(['each-host', 'one-host'])
    .default('each-host')
    .describe('run on every host of the component, or on one (a cluster-wide admin call)'),
});

/** Exactly one of unit / file. */
export const LOGS_ONE_OF = 'set exactly one of unit (a systemd unit, read with journalctl) or file (a log file path)';

/** Where a component writes its logs on each of its hosts, for `perfmon logs` and the Logs pane. */
export const logsSchema = z
  .strictObject({
    unit: z
      .string()
      .regex(/^[A-Za-z0-9:_.@-]+$/, { error: 'a systemd unit name has only letters, digits and ":_.@-" (engine.service)' })
      .refine((unit) => !unit.startsWith('-'), { error: 'a unit name does not start with "-"' })
      .optional()
      .describe('systemd unit whose journal to follow (journalctl -u UNIT -f)'),
    file: z
      .string()
      .regex(/^\/[^\0\n]*$/, { error: 'a log file is an absolute path (/var/log/engine/engine.log)' })
      .optional()
      .describe('absolute path of the log file to follow (tail -F)'),
  })
  .transform((logs, ctx) => {
    if ((logs.unit === undefined) === (logs.file === undefined)) {
      ctx.issues.push({ code: 'custom', message: LOGS_ONE_OF, input: logs });
      return z.NEVER;
    }
    return logs.unit !== undefined ? { type: 'unit' as const, unit: logs.unit } : { type: 'file' as const, file: logs.file as string };
  });

/** A named command of a component's runbook: read-only unless it says `changes: true`. */
export const runbookCommandSchema = z.strictObject({
  name: nameSchema.describe('what the operator picks (show-sessions, flush-cache); unique in the component'),
  description: z.string().optional(),
  command: componentCommand.describe('runs on each host of the component ({host}, {address}, … are shell-quoted)'),
  changes: z
    .boolean()
    .default(false)
    .describe('it changes the host: previewed, confirmed by typing its name, audited, hidden with --read-only'),
  timeout: durationSchema({ min: 1, max: 3600 }).default(30).describe('fails on a host after this long'),
});

export const runbookSchema = z.strictObject({
  url: z.url({ error: 'a runbook URL (https://wiki.example/engine)' }).optional().describe('where the component’s runbook lives, shown in its detail'),
  text: z.string().optional().describe('what to do first, shown in its detail'),
  commands: z.array(runbookCommandSchema).default([]).describe('named commands run from the palette or perfmon runbook COMPONENT NAME'),
});

export const componentSchema = z.strictObject({
  name: nameSchema.describe('unique component name; typed to confirm dangerous actions'),
  role: z
    .string()
    .min(1)
    .describe(`what the component is: ${KNOWN_ROLES.join(', ')}, or any other word`),
  description: z.string().optional(),
  hosts: z.array(nameSchema).default([]).describe('names of the hosts it runs on'),
  group: nameSchema.optional().describe('a group whose hosts it runs on (added to hosts)'),
  priority: z.number().int().min(0).default(100).describe('lower comes first among independent components (0 = most critical)'),
  dependsOn: z.array(nameSchema).default([]).describe('components that must be healthy before this one starts'),
  maxUnavailable: z
    .union([z.number().int().min(1), z.string().regex(/^\d+(\.\d+)?%$/, { error: 'a percentage like 25%' })])
    .default(1)
    .describe('hosts a rolling restart may take down at once: a count, or a percentage of the hosts (at least 1)'),
  health: healthSchema.optional(),
  restart: componentCommand.optional().describe('restarts the component on one host (or give stop and start)'),
  stop: componentCommand.optional(),
  start: componentCommand.optional(),
  drain: componentCommand.optional().describe('takes the host out of the load balancer'),
  undrain: componentCommand.optional().describe('puts the host back into the load balancer'),
  commandTimeout: durationSchema({ min: 1, max: 3600 }).default(60).describe('restart/stop/start/drain commands fail after this long'),
  metrics: z.array(endpointSchema).default([]).describe('Prometheus endpoints, host:port/path as seen from each host'),
  appMetrics: appMetricMapSchema.default({}).describe('application metric mappings overriding those of the role'),
  queues: z.array(queueSourceSchema).default([]),
  database: databaseSchema.optional(),
  slos: z.array(sloSchema).default([]),
  controls: z.array(controlSchema).default([]).describe('degradation controls: feature flags and throttles'),
  runbook: runbookSchema.optional().describe('its runbook: a URL or text, and named commands'),
  logs: logsSchema.optional().describe('where its logs are on each host: {unit: engine.service} or {file: /var/log/engine.log}'),
});

const controlStateSchema = z
  .union([z.enum(['on', 'off']), z.boolean()])
  .transform((state) => (state === true || state === 'on' ? ('on' as const) : ('off' as const)));

export const profileSchema = z.strictObject({
  description: z.string().optional(),
  duration: durationSchema({ min: 1 }).optional().describe('default time box; reverted automatically after it (--for overrides)'),
  set: z
    .array(
      z.strictObject({
        component: nameSchema,
        control: nameSchema,
        state: controlStateSchema.describe('on or off'),
      }),
    )
    .min(1)
    .describe('controls to switch, in order'),
});

export type HealthCheck = z.output<typeof healthSchema>;
export type HealthProbe = HealthCheck['check'];
export type ControlAction = z.output<typeof controlActionSchema>;
export type DegradationControl = z.output<typeof controlSchema>;
export type Component = z.output<typeof componentSchema>;
export type RunbookCommand = z.output<typeof runbookCommandSchema>;
export type LogSource = z.output<typeof logsSchema>;
export type Profile = z.output<typeof profileSchema>;
export type ProfileSetting = Profile['set'][number];
