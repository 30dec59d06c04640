/**
 * The `alerts:` block: the built-in rules (host down, every threshold as a warning and a
 * critical rule) are on unless `builtIn: false`; `rules` adds rules and overrides built-in ones
 * by name (only the fields given; `enabled: false` turns one off); `alertmanager` sends them on.
 */
import { z } from 'zod';
import { BUILT_IN_RULE_NAMES } from '../alerts/default-rules.js';
import { durationSchema, labelMatchersSchema, labelsSchema } from './schema-primitives.js';

const METRIC = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

const ruleSchema = z
  .strictObject({
    name: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, { error: 'an alert name is letters, digits and "_", starting with a letter (it becomes alertname)' }).describe('alertname; a built-in name overrides that rule'),
    enabled: z.boolean().default(true).describe('false turns the rule off (a built-in one too)'),
    metric: z.string().regex(METRIC, { error: 'a metric name is letters, digits, "_" and ":"' }).optional().describe('the signal the rule watches, e.g. filesystem_used_percent'),
    match: labelMatchersSchema.optional().describe('label matchers (host, mount, device, iface …): equal, or /regex/ matching the whole value'),
    above: z.number().optional().describe('fires when the value is at or above this'),
    below: z.number().optional().describe('fires when the value is at or below this'),
    clear: z.number().optional().describe('once firing, resolves only past this level (hysteresis); default the threshold'),
    for: durationSchema().optional().describe('how long the condition must hold before it fires (default 0; built-in rules 1m)'),
    keepFiringFor: durationSchema().optional().describe('how long it keeps firing after the condition ends (default 0)'),
    severity: z.enum(['warning', 'critical']).optional().describe('default warning'),
    summary: z.string().min(1).optional().describe('what it means; {{value}} and {{label}} are filled in'),
    runbook: z.string().min(1).optional().describe('what to do: text or a URL'),
    labels: labelsSchema.optional().describe('added to the alert (e.g. team), for routing'),
  })
  .superRefine((rule, ctx) => {
    if (rule.above !== undefined && rule.below !== undefined) ctx.addIssue({ code: 'custom', path: ['below'], message: 'a rule has either above or below, not both' });
    if (BUILT_IN_RULE_NAMES.includes(rule.name) || !rule.enabled) return;
    if (rule.metric === undefined) ctx.addIssue({ code: 'custom', path: ['metric'], message: `rule ${rule.name} is not a built-in one, so it needs a metric` });
    if (rule.above === undefined && rule.below === undefined) ctx.addIssue({ code: 'custom', path: ['above'], message: `rule ${rule.name} needs a threshold: above or below` });
  });

export type AlertRuleEntry = z.output<typeof ruleSchema>;

export const alertsSchema = z
  .strictObject({
    builtIn: z.boolean().default(true).describe('the built-in rules: host down and every threshold as a warning and a critical rule'),
    rules: z.array(ruleSchema).default([]).describe('rules added, or built-in ones overridden by name'),
    alertmanager: z
      .strictObject({
        url: z.url({ protocol: /^https?$/, error: 'an Alertmanager URL is http:// or https://, e.g. http://alertmanager:9093' }).describe('the Alertmanager base URL'),
        resend: durationSchema({ min: 1 }).default(60).describe('how often firing alerts are re-sent (default 1m)'),
      })
      .optional()
      .describe('a Prometheus Alertmanager that routes the alerts on (API v2)'),
  })
  .prefault({})
  .describe('Alert rules the recorder evaluates around the clock, and where alerts go.');
