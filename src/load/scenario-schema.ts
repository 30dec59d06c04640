/**
 * A load scenario (YAML): what requests to send, in what mix, at what rate or with how many
 * users, for how long, and the thresholds that decide the exit code. One zod schema, the
 * source of the types, the validation and schema/load-scenario.schema.json. Conventions follow
 * the inventory: camelCase keys, unknown keys are errors, durations are seconds or `250ms`/`30s`.
 */
import { z } from 'zod';
import { durationSchema, nameSchema } from '../config/schema-primitives.js';
import { thresholdProblem } from './thresholds.js';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

const checkSchema = z.union([
  z.strictObject({ status: z.union([z.number().int().min(100).max(599), z.array(z.number().int().min(100).max(599)).min(1)]).describe('expected HTTP status, one or a list') }),
  z.strictObject({ bodyContains: z.string().min(1).describe('text the response body must contain') }),
  z.strictObject({
    json: z
      .strictObject({
        path: z.string().regex(/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*|\[\d+\])*$/, { error: 'a JSON path looks like price, order.id or items[0].qty' }),
        equals: z.union([z.string(), z.number(), z.boolean(), z.null()]).optional().describe('the value it must have; without it, it must exist'),
      })
      .describe('a field of the JSON body'),
  }),
]);
export type Check = z.output<typeof checkSchema>;

const requestSchema = z
  .strictObject({
    name: nameSchema.describe('shown in the summary'),
    weight: z.number().positive().default(1).describe('share of the mix: a request of weight 3 is sent three times as often as one of weight 1'),
    method: z.enum(METHODS).default('GET'),
    url: z.string().min(1).describe('absolute (http://host:port/path, ws://host:port/path for a WebSocket session) or a path under target; ${source.column} and ${n} are filled in'),
    headers: z.record(z.string(), z.string()).default({}).describe('request headers; values are templates'),
    body: z.string().optional().describe('request body template'),
    checks: z.array(checkSchema).default([]).describe('a request fails when any check fails; without a status check, a status of 400 or more fails it; a WebSocket session checks its last expected message (status 101 when connected)'),
    send: z.array(z.string()).optional().describe('ws:// and wss:// URLs: messages (templates) sent once connected, e.g. a market-data subscription'),
    expect: z.number().int().min(1).max(100_000).optional().describe('ws:// and wss:// URLs: messages to receive before the session counts as done (default 1); its latency runs from the start to the last of them'),
  })
  .superRefine((request, ctx) => {
    const websocket = /^wss?:\/\//.test(request.url);
    for (const key of ['send', 'expect'] as const) {
      if (request[key] !== undefined && !websocket) ctx.addIssue({ code: 'custom', path: [key], message: `${key} is for WebSocket sessions: the url must start with ws:// or wss://` });
    }
    if (websocket && (request.method !== 'GET' || request.body !== undefined)) ctx.addIssue({ code: 'custom', path: ['method'], message: 'a WebSocket session has no method or body: what it sends goes in send' });
  })
  .describe('one HTTP request, or WebSocket session (a ws:// url), of the mix');
export type ScenarioRequest = z.output<typeof requestSchema>;

const stageSchema = z
  .strictObject({
    duration: durationSchema({ min: 0.001, max: 86_400 }).describe('how long the stage lasts'),
    target: z.number().min(0).describe('requests per second (open model) or users (closed model) reached at the end of the stage, ramped linearly from the previous stage'),
  })
  .describe('one stage: ramp to target over duration');
export type Stage = z.output<typeof stageSchema>;

const dataSourceSchema = z
  .strictObject({
    file: z.string().min(1).describe('CSV file with a header line; relative to the scenario file'),
    mode: z
      .enum(['sequential', 'random', 'unique'])
      .default('sequential')
      .describe('sequential: rows in turn, wrapping; random: any row; unique: each row once (the run ends when they are used up)'),
  })
  .describe('rows used as ${name.column} in templates');

const thinkTimeSchema = z.union([
  durationSchema({ max: 3600 }),
  z.strictObject({ min: durationSchema({ max: 3600 }), max: durationSchema({ max: 3600 }) }).describe('a pause drawn uniformly between min and max'),
]);

export const scenarioSchema = z
  .strictObject({
    name: nameSchema.describe('the run is stored and reported under this name'),
    environment: z
      .string()
      .min(1)
      .optional()
      .describe('the inventory environment this scenario is meant for; required to run against an environment named production'),
    target: z.string().regex(/^https?:\/\/[^\s/]+\/?$/, { error: 'target is a base URL like http://127.0.0.1:8080' }).optional().describe('base URL for request paths'),
    model: z
      .enum(['open', 'closed'])
      .default('open')
      .describe('open: stages are arrival rates and latency counts from each request’s intended start; closed: stages are concurrent users'),
    stages: z.array(stageSchema).min(1, { error: 'a scenario needs at least one stage' }),
    connections: z.number().int().min(1).max(10_000).default(64).describe('HTTP connections per target origin'),
    maxInFlight: z
      .number()
      .int()
      .min(1)
      .max(100_000)
      .default(10_000)
      .describe('open model: requests outstanding at once; past it, a due request is dropped and counted'),
    timeout: durationSchema({ min: 0.001, max: 600 }).default(10).describe('a request with no full response by then fails'),
    thinkTime: thinkTimeSchema.default(0).describe('closed model: each user’s pause between requests'),
    data: z.record(nameSchema, dataSourceSchema).default({}).describe('CSV data sources by name'),
    requests: z.array(requestSchema).min(1, { error: 'a scenario needs at least one request' }),
    thresholds: z
      .array(
        z.string().superRefine((text, ctx) => {
          const problem = thresholdProblem(text);
          if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
        }),
      )
      .default([])
      .describe('pass/fail rules such as "p99 < 50ms", "errors < 0.5%", "rps >= 400"; any failing one makes the exit code 1'),
  })
  .describe('perfmon load scenario');

export type Scenario = z.output<typeof scenarioSchema>;
