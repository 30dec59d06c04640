/**
 * The `alerts:` block: the built-in rules (host down, every threshold as a warning and a
 * critical rule) are on unless `builtIn: false`; `rules` adds rules and overrides built-in ones
 * by name (only the fields given; `enabled: false` turns one off); `alertmanager` sends them on.
 */
import { z } from 'zod';
import { BUILT_IN_RULE_NAMES } from '../alerts/default-rules.js';
import { CronExpressionParser } from 'cron-parser';
import { durationSchema, labelMatchersSchema, labelsSchema, nameSchema } from './schema-primitives.js';

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

const timeText = z.string().refine((text) => Number.isFinite(Date.parse(text)), { error: 'a time is ISO 8601, e.g. 2026-12-05T02:00:00Z (without a zone: this machine\'s time)' });

const maintenanceSchema = z
  .strictObject({
    name: z.string().min(1).describe('what it is, shown beside the muted alerts'),
    match: labelMatchersSchema.optional().describe('label matchers the alerts must pass (host, alertname, …): equal, or /regex/'),
    components: z.array(nameSchema).optional().describe("the alerts of these components' hosts (and of the components themselves)"),
    from: timeText.optional().describe('one-off: start'),
    to: timeText.optional().describe('one-off: end'),
    cron: z.string().optional().describe('recurring: when each occurrence starts, as cron reads it (minute hour day month weekday), e.g. "0 2 * * sun"'),
    duration: durationSchema({ min: 1 }).optional().describe('recurring: how long each occurrence lasts'),
    timezone: z.string().optional().describe('recurring: the IANA zone the cron expression is read in (default this machine\'s), e.g. Europe/London'),
  })
  .superRefine((w, ctx) => {
    const oneOff = w.from !== undefined || w.to !== undefined;
    const recurring = w.cron !== undefined || w.duration !== undefined;
    if (oneOff && recurring) ctx.addIssue({ code: 'custom', path: [w.cron !== undefined ? 'cron' : 'duration'], message: 'a window is either one-off (from, to) or recurring (cron, duration), not both' });
    else if (!oneOff && !recurring) ctx.addIssue({ code: 'custom', path: [], message: 'a window needs from and to (one-off) or cron and duration (recurring)' });
    else if (oneOff) {
      if (w.from === undefined) ctx.addIssue({ code: 'custom', path: ['to'], message: 'to needs from too' });
      else if (w.to === undefined) ctx.addIssue({ code: 'custom', path: ['from'], message: 'from needs to too' });
      else if (Date.parse(w.to) <= Date.parse(w.from)) ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must be after from' });
    } else {
      if (w.cron === undefined) ctx.addIssue({ code: 'custom', path: ['duration'], message: 'duration needs cron too' });
      else if (w.duration === undefined) ctx.addIssue({ code: 'custom', path: ['cron'], message: 'cron needs duration too (how long each occurrence lasts)' });
      let zoneOk = true;
      if (w.timezone !== undefined) {
        try {
          new Intl.DateTimeFormat('en', { timeZone: w.timezone });
        } catch {
          zoneOk = false;
          ctx.addIssue({ code: 'custom', path: ['timezone'], message: `unknown time zone ${JSON.stringify(w.timezone)} (an IANA name, e.g. Europe/London or UTC)` });
        }
      }
      if (w.cron !== undefined && w.cron.trim().split(/\s+/).length !== 5) ctx.addIssue({ code: 'custom', path: ['cron'], message: `a cron expression has 5 fields (minute hour day month weekday, e.g. "0 2 * * sun"); ${JSON.stringify(w.cron)} has ${w.cron.trim().split(/\s+/).length}` });
      else if (w.cron !== undefined && zoneOk) {
        try {
          CronExpressionParser.parse(w.cron, { strict: false, ...(w.timezone ? { tz: w.timezone } : {}) });
        } catch (error) {
          ctx.addIssue({ code: 'custom', path: ['cron'], message: `not a cron expression (minute hour day month weekday, e.g. "0 2 * * sun"): ${(error as Error).message}` });
        }
      }
    }
  });

export type MaintenanceEntry = z.output<typeof maintenanceSchema>;

export const alertsSchema = z
  .strictObject({
    builtIn: z.boolean().default(true).describe('the built-in rules: host down and every threshold as a warning and a critical rule'),
    rules: z.array(ruleSchema).default([]).describe('rules added, or built-in ones overridden by name'),
    maintenance: z.array(maintenanceSchema).default([]).describe('windows in which matching alerts are muted (still judged and listed, not sent); a host under a perfmon rolling restart is in maintenance for the run without one'),
    bell: z.boolean().default(false).describe('ring the terminal bell in the TUI when a new critical alert fires'),
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
