/**
 * Inventory text → validated inventory, or every problem in it at once: YAML syntax, schema and
 * cross-field checks, each located as file:line:column with its field path.
 */
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { crossCheck, type CrossFinding } from './cross-checks.js';
import { describeIssue, withoutExplainedRequired, type Finding } from './describe-issue.js';
import { inventorySchema, type UnresolvedInventory } from './inventory-schema.js';
import { formatFieldPath, sortProblems, type Problem } from './problems.js';
import { locate } from './yaml-positions.js';

export type ParseResult = { ok: true; inventory: UnresolvedInventory } | { ok: false; problems: Problem[] };

/** Guards against alias bombs ("billion laughs") in hand-edited files. */
const MAX_ALIAS_COUNT = 1000;

/** Past this many syntax errors the rest are usually echoes of the first ones. */
const MAX_YAML_ERRORS = 10;

function yamlProblems(doc: Document, text: string, lines: LineCounter, file: string): Problem[] {
  const problems = [...doc.errors, ...doc.warnings].map((error): Problem => {
    const { line, col } = lines.linePos(error.pos[0]);
    let message = error.message.split('\n')[0] ?? error.message;
    if (error.code === 'DUPLICATE_KEY') {
      const key = /^\s*["']?([^:#"'\n]+?)["']?\s*:/.exec(text.slice(error.pos[0]))?.[1];
      if (key !== undefined) message = `duplicate key '${key}'`;
    }
    return { file, line, column: col, path: '', message: `YAML: ${message}` };
  });
  // `cmd {host}` is fine as a block value but breaks inside [ ] or { }: say so once per line.
  const hinted = new Set<number>();
  for (const problem of problems) {
    const source = text.split('\n')[(problem.line ?? 1) - 1] ?? '';
    if (hinted.has(problem.line ?? 0) || !/[[{].*\{[A-Za-z_]\w*\}/.test(source)) continue;
    hinted.add(problem.line ?? 0);
    problem.message += ' (inside [ ] or { }, put a value with {placeholders} in quotes)';
  }
  if (problems.length <= MAX_YAML_ERRORS) return problems;
  const rest = problems.length - MAX_YAML_ERRORS;
  const next = problems[MAX_YAML_ERRORS] as Problem;
  return [...problems.slice(0, MAX_YAML_ERRORS), { ...next, message: `YAML: ${rest} more syntax errors from here on; fix the first ones and check again` }];
}

/** Top-level keys starting with `x-` are the author's (anchors to reuse), as in docker-compose. */
export const EXTENSION_KEY = /^x-/;

function withoutExtensionKeys(data: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).filter(([key]) => !EXTENSION_KEY.test(key)));
}

export interface SchemaYamlOptions {
  /** What the document must be when it is not a mapping, e.g. "the inventory must be a mapping of sections". */
  notMapping: string;
  /** Checks across fields, run on the raw data after the schema. */
  crossCheck?: (data: unknown) => CrossFinding[];
}

/**
 * YAML text → data checked by a zod schema, or every problem at once as file:line:column with
 * its field path. Shared by every YAML file perfmon reads (inventory, load scenarios).
 */
export function parseSchemaYaml<S extends z.ZodType>(
  text: string,
  file: string,
  schema: S,
  options: SchemaYamlOptions,
): { ok: true; data: z.output<S> } | { ok: false; problems: Problem[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, merge: true, uniqueKeys: true });
  const problems = yamlProblems(doc, text, lines, file);
  const at = (path: readonly PropertyKey[], target: 'key' | 'value' = 'value') => {
    const { line, column } = locate(doc, lines, path, target);
    return { file, line, column, path: formatFieldPath(path) };
  };

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) ?? {};
  } catch (error) {
    problems.push({ ...at([]), message: `YAML: ${(error as Error).message}` });
    return { ok: false, problems: sortProblems(problems) };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    problems.push({ ...at([]), message: options.notMapping });
    return { ok: false, problems: sortProblems(problems) };
  }

  data = withoutExtensionKeys(data as Record<string, unknown>);
  const result = schema.safeParse(data);
  const findings: Finding[] = result.success ? [] : result.error.issues.flatMap((issue) => describeIssue(issue, data, schema));
  const checked: Problem[] = withoutExplainedRequired(findings).map((finding) => ({ ...at(finding.path, finding.at), message: finding.message }));
  for (const finding of options.crossCheck?.(data) ?? []) {
    const related = finding.related === undefined ? '' : ` (first defined at line ${at(finding.related).line})`;
    checked.push({ ...at(finding.path), message: finding.message + related });
  }
  // On a line with a YAML syntax error the data is a guess; the syntax error is the one to fix.
  const brokenLines = new Set(problems.map((problem) => problem.line));
  problems.push(...checked.filter((problem) => !brokenLines.has(problem.line)));

  if (problems.length > 0 || !result.success) return { ok: false, problems: sortProblems(problems) };
  return { ok: true, data: result.data };
}

export function parseInventoryText(text: string, file: string): ParseResult {
  const parsed = parseSchemaYaml(text, file, inventorySchema, {
    notMapping: 'the inventory must be a mapping of sections (hosts:, components:, …)',
    crossCheck,
  });
  return parsed.ok ? { ok: true, inventory: parsed.data } : parsed;
}
