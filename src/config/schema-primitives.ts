/**
 * Building blocks shared by the inventory schema: names, ports, users, labels, durations,
 * endpoints, regular expressions and command templates. Every message here is written for an
 * operator reading `perfmon config validate`.
 */
import { z } from 'zod';
import { DURATION_PATTERN, formatDuration, parseDuration } from './duration.js';
import { commandTemplateProblem, unknownUrlPlaceholders } from './templates.js';

/** Names of hosts, groups, components, controls, profiles: no spaces, nothing a shell interprets. */
export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export const nameSchema = z
  .string()
  .regex(NAME_PATTERN, { error: 'a name starts with a letter or digit and has only letters, digits, ".", "_" and "-"' });

export const portSchema = z
  .number()
  .int({ error: 'a port is a whole number from 1 to 65535' })
  .min(1, { error: 'a port is a whole number from 1 to 65535' })
  .max(65535, { error: 'a port is a whole number from 1 to 65535' });

export const userSchema = z
  .string()
  .regex(/^[A-Za-z0-9_][A-Za-z0-9._-]*\$?$/, { error: 'a user name has only letters, digits, ".", "_" and "-"' });

/** A host address or ProxyJump spec: no spaces, and no leading "-" that ssh could take for an option. */
export const addressSchema = z
  .string()
  .regex(/^[^\s-]\S*$/, { error: 'an address has no spaces and does not start with "-"' });

const LABEL_KEY = /^[A-Za-z0-9_][A-Za-z0-9_./-]*$/;

/** Labels (and label selectors): `key: value`; numbers and booleans are read as text. */
export const labelsSchema = z.record(
  z.string().regex(LABEL_KEY, { error: 'a label key has only letters, digits, "_", ".", "/" and "-"' }),
  z.union([z.string(), z.number(), z.boolean()]).transform((value) => String(value)),
);

/** Why `source` is not a regular expression, or undefined when it is one. */
function regexProblem(source: string): string | undefined {
  try {
    new RegExp(source);
    return undefined;
  } catch (error) {
    return `not a valid regular expression: ${(error as Error).message.replace(/^Invalid regular expression: \/.*\/\w*: /, '')}`;
  }
}

/**
 * Label matchers (group selectors, metric selectors): like labels, but a value written `/…/` is
 * a regular expression over the whole value, so it must compile.
 */
export const labelMatchersSchema = labelsSchema.superRefine((matchers, ctx) => {
  for (const [key, pattern] of Object.entries(matchers)) {
    if (pattern.length < 2 || !pattern.startsWith('/') || !pattern.endsWith('/')) continue;
    const problem = regexProblem(pattern.slice(1, -1));
    if (problem !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: problem });
  }
});

/** A non-empty string that must compile as a JavaScript regular expression. */
export const regexSchema = z
  .string()
  .min(1)
  .superRefine((source, ctx) => {
    const problem = regexProblem(source);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
  });

/** A duration: seconds as a number, or a string like `250ms`, `30s`, `15m`, `1h30m`, `30d`. Output: seconds. */
export function durationSchema(range: { min?: number; max?: number } = {}) {
  const { min = 0, max = Infinity } = range;
  return z
    .union([z.number(), z.string().regex(new RegExp(DURATION_PATTERN), { error: 'a duration is a number of seconds or text like 250ms, 30s, 15m, 2h, 30d' })])
    .transform((value, ctx) => {
      const seconds = typeof value === 'number' ? value : (parseDuration(value) ?? Number.NaN);
      const bounds = max === Infinity ? `at least ${formatDuration(min)}` : `between ${formatDuration(min)} and ${formatDuration(max)}`;
      if (!(seconds >= min && seconds <= max)) {
        ctx.issues.push({ code: 'custom', message: `must be ${bounds} (got ${String(value)})`, input: value });
        return z.NEVER;
      }
      return seconds;
    });
}

/** A percentage, 0–100. */
export const percentSchema = z.number().min(0).max(100);

/** A command template (a shell command line run on the host); checked with the real filler. */
export function templateSchema(allowed: readonly string[]) {
  return z
    .string()
    .min(1)
    .superRefine((template, ctx) => {
      const problem = commandTemplateProblem(template, allowed);
      if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
    });
}

/** An http(s) URL template, as seen from the host (fetched through the SSH connection). */
export function urlTemplateSchema(allowed: readonly string[]) {
  return z
    .string()
    .regex(/^https?:\/\/\S+$/, { error: 'a URL starts with http:// or https:// and has no spaces (e.g. http://localhost:8080/health)' })
    .superRefine((url, ctx) => {
      for (const name of unknownUrlPlaceholders(url, allowed)) {
        ctx.addIssue({ code: 'custom', message: `unknown placeholder {${name}} (known: ${allowed.join(', ')})` });
      }
    });
}

/** Expected HTTP status: one code or a list. Output: always a list. */
export const statusSchema = z
  .union([z.number().int().min(100).max(599), z.array(z.number().int().min(100).max(599)).min(1)])
  .transform((status) => (Array.isArray(status) ? status : [status]));

/** A Prometheus metrics endpoint, `host:port/path` as seen from the component's host. */
export interface MetricsEndpoint {
  scheme: 'http' | 'https';
  host: string;
  port: number;
  path: string;
  /** As written in the inventory. */
  text: string;
}

const ENDPOINT = /^(?:(https?):\/\/)?(\[[0-9A-Fa-f:.%\w]+\]|[A-Za-z0-9._-]+):(\d{1,5})(\/\S*)?$/;

/** Parses `[http://]host:port[/path]` (IPv6 in brackets); the path defaults to /metrics. */
export function parseEndpoint(text: string): MetricsEndpoint | null {
  const match = ENDPOINT.exec(text.trim());
  if (!match) return null;
  const port = Number(match[3]);
  if (port < 1 || port > 65535) return null;
  const host = (match[2] ?? '').replace(/^\[(.*)\]$/, '$1');
  return { scheme: match[1] === 'https' ? 'https' : 'http', host, port, path: match[4] ?? '/metrics', text };
}

export const endpointSchema = z
  .string()
  .regex(ENDPOINT, { error: 'an endpoint is host:port/path as seen from the host, e.g. localhost:9404/metrics' })
  .transform((text, ctx) => {
    const endpoint = parseEndpoint(text);
    if (endpoint === null) {
      ctx.issues.push({ code: 'custom', message: `port out of range in ${text}`, input: text });
      return z.NEVER;
    }
    return endpoint;
  });

/** A Prometheus metric name. */
export const metricNameSchema = z
  .string()
  .regex(/^[A-Za-z_:][A-Za-z0-9_:]*$/, { error: 'a Prometheus metric name has only letters, digits, "_" and ":"' });
