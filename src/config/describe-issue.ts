/**
 * Turns zod issues into located, operator-friendly findings: one per problem, each with the
 * field path, whether it points at a key or a value, and a message that says what is expected
 * (with "did you mean" for misspelt keys and values).
 */
import type { z } from 'zod';
import { didYouMean } from './did-you-mean.js';
import { allowedKeysAt } from './schema-walk.js';

type Issue = z.core.$ZodIssue;

export interface Finding {
  path: PropertyKey[];
  /** Point at the key itself (an unknown key) rather than its value. */
  at: 'key' | 'value';
  message: string;
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let value = data;
  for (const segment of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  return value;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a mapping (key: value)',
  record: 'a mapping (key: value)',
  array: 'a list',
  null: 'nothing',
};

/** How a YAML value reads to its author. */
export function describeValue(value: unknown): string {
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return value.length > 40 ? `"${value.slice(0, 37)}..."` : `"${value}"`;
  return String(value);
}

function quoted(values: readonly unknown[]): string {
  return values.map((value) => (typeof value === 'string' ? value : JSON.stringify(value))).join(', ');
}

function rangeMessage(issue: Extract<Issue, { code: 'too_small' | 'too_big' }>, value: unknown): string {
  const small = issue.code === 'too_small';
  const limit = Number(small ? issue.minimum : issue.maximum);
  if (issue.origin === 'string') {
    return small && limit <= 1 ? 'must not be empty' : `must have ${small ? 'at least' : 'at most'} ${limit} characters`;
  }
  if (issue.origin === 'array') return `needs ${small ? 'at least' : 'at most'} ${limit} item${limit === 1 ? '' : 's'}`;
  const relation = small ? (issue.inclusive ? 'at least' : 'greater than') : issue.inclusive ? 'at most' : 'less than';
  return `must be ${relation} ${limit} (got ${describeValue(value)})`;
}

// A union failed: explain it through the option the value was evidently meant for.
function unionFindings(issue: Extract<Issue, { code: 'invalid_union' }>, data: unknown, schema: z.ZodType): Finding[] {
  const value = valueAt(data, issue.path);
  if (issue.discriminator !== undefined && 'options' in issue && issue.options) {
    const options = issue.options.map(String);
    if (value === undefined) return [{ path: issue.path, at: 'value', message: `required; one of ${quoted(options)}` }];
    return [
      {
        path: issue.path,
        at: 'value',
        message: `unknown ${issue.discriminator} ${describeValue(value)}; expected one of ${quoted(options)}${didYouMean(String(value), options)}`,
      },
    ];
  }
  const rootTypeMismatch = (errors: readonly Issue[]) =>
    errors.some((inner) => inner.path.length === 0 && inner.code === 'invalid_type');
  const candidates = issue.errors.filter((errors) => !rootTypeMismatch(errors));
  if (value === undefined) return [{ path: issue.path, at: 'value', message: 'required' }];
  if (candidates.length === 0) {
    const expected = issue.errors.flatMap((errors) =>
      errors.filter((inner) => inner.code === 'invalid_type').map((inner) => TYPE_NAMES[String((inner as { expected: string }).expected)] ?? 'a value'),
    );
    return [{ path: issue.path, at: 'value', message: `expected ${[...new Set(expected)].join(' or ')}, got ${describeValue(value)}` }];
  }
  const best = candidates.reduce((a, b) => (b.length < a.length ? b : a));
  return best.flatMap((inner) => describeIssue({ ...inner, path: [...issue.path, ...inner.path] } as Issue, data, schema));
}

/**
 * Drops "required" for a key that the same object has under a misspelt name: the "unknown key
 * 'commnd' (did you mean 'command'?)" finding already says everything.
 */
export function withoutExplainedRequired(findings: readonly Finding[]): Finding[] {
  const suggested = new Set(
    findings.flatMap((finding) => {
      const match = /did you mean '([^']+)'/.exec(finding.message);
      return finding.at === 'key' && match ? [JSON.stringify([...finding.path.slice(0, -1), match[1]])] : [];
    }),
  );
  return findings.filter((finding) => !(finding.message.startsWith('required') && suggested.has(JSON.stringify(finding.path))));
}

/** One zod issue → one or more findings (an unknown-keys issue gives one finding per key). */
export function describeIssue(issue: Issue, data: unknown, schema: z.ZodType): Finding[] {
  const value = valueAt(data, issue.path);
  const one = (message: string, at: Finding['at'] = 'value'): Finding[] => [{ path: issue.path, at, message }];
  // A message written in the schema says it best; zod's own ones are rephrased below.
  const custom = !/^(Too (small|big)|Invalid |Unrecognized key)/.test(issue.message);
  if (custom && value !== undefined && issue.code !== 'custom' && issue.code !== 'invalid_key') {
    return one(`${issue.message} (got ${describeValue(value)})`);
  }
  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = allowedKeysAt(schema, issue.path, data);
      return issue.keys.map((key) => ({
        path: [...issue.path, key],
        at: 'key' as const,
        message: `unknown key '${key}'${didYouMean(key, allowed)}${allowed.length > 0 ? `; allowed: ${allowed.join(', ')}` : ''}`,
      }));
    }
    case 'invalid_union':
      return unionFindings(issue, data, schema);
    case 'invalid_type':
      if (value === undefined) return one('required');
      return one(`expected ${TYPE_NAMES[issue.expected] ?? issue.expected}, got ${describeValue(value)}`);
    case 'too_small':
    case 'too_big':
      return one(rangeMessage(issue, value));
    case 'invalid_value': {
      const options = issue.values.map(String);
      if (value === undefined) return one(`required; one of ${quoted(issue.values)}`);
      if (options.length === 1) return one(`must be ${quoted(issue.values)} (got ${describeValue(value)})`);
      return one(`expected one of ${quoted(issue.values)}, got ${describeValue(value)}${didYouMean(String(value), options)}`);
    }
    case 'invalid_key': {
      const key = String(issue.path[issue.path.length - 1]);
      const reasons = issue.issues.map((inner) => inner.message).join('; ');
      return one(`invalid name '${key}': ${reasons}`, 'key');
    }
    default:
      return one(issue.message);
  }
}
