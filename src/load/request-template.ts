/**
 * Templates in scenario requests (URL, header values, body): `${users.name}` is column `name`
 * of the current row of data source `users`; `${n}` is the request's sequence number in the run
 * and `${user}` the closed-model user sending it. Compiled once, filled per request.
 */

const PLACEHOLDER = /\$\{([^}]*)\}/g;
const REFERENCE = /^(?:n|user|[A-Za-z0-9][A-Za-z0-9._-]*\.[^.\s]+)$/;

export interface TemplateContext {
  n: number;
  user: number;
  /** The row of each data source this request uses. */
  rows: ReadonlyMap<string, Readonly<Record<string, string>>>;
}

type Part = string | { source: string; column: string } | { counter: 'n' | 'user' };
export type CompiledTemplate = readonly Part[];

/** Every `${…}` in a template, as written. */
export function placeholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((match) => match[1] ?? '');
}

/** Why a placeholder is wrong, given the data sources and their columns; undefined when it is fine. */
export function placeholderProblem(reference: string, columns: ReadonlyMap<string, readonly string[]> | readonly string[]): string | undefined {
  if (!REFERENCE.test(reference)) return `\${${reference}} is not a placeholder: use \${n}, \${user} or \${source.column}`;
  if (reference === 'n' || reference === 'user') return undefined;
  const dot = reference.lastIndexOf('.');
  const source = reference.slice(0, dot);
  const column = reference.slice(dot + 1);
  const names = Array.isArray(columns) ? columns : [...(columns as ReadonlyMap<string, readonly string[]>).keys()];
  if (!names.includes(source)) return `\${${reference}}: no data source named ${source} (data: ${names.length > 0 ? names.join(', ') : 'none'})`;
  if (columns instanceof Map) {
    const known = columns.get(source) ?? [];
    if (!known.includes(column)) return `\${${reference}}: ${source} has no column ${column} (columns: ${known.join(', ')})`;
  }
  return undefined;
}

export function compileTemplate(template: string): CompiledTemplate {
  const parts: Part[] = [];
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    if (match.index > last) parts.push(template.slice(last, match.index));
    const reference = match[1] ?? '';
    if (reference === 'n' || reference === 'user') parts.push({ counter: reference });
    else {
      const dot = reference.lastIndexOf('.');
      parts.push({ source: reference.slice(0, dot), column: reference.slice(dot + 1) });
    }
    last = match.index + match[0].length;
  }
  if (last < template.length) parts.push(template.slice(last));
  return parts;
}

/** The data sources a compiled template reads. */
export function sourcesOf(template: CompiledTemplate): string[] {
  return template.flatMap((part) => (typeof part === 'object' && 'source' in part ? [part.source] : []));
}

export function fillTemplate(template: CompiledTemplate, context: TemplateContext): string {
  let text = '';
  for (const part of template) {
    if (typeof part === 'string') text += part;
    else if ('counter' in part) text += String(context[part.counter]);
    else text += context.rows.get(part.source)?.[part.column] ?? '';
  }
  return text;
}
