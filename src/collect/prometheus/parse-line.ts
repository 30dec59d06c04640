/**
 * Tokenising one line of an exposition (or a selector such as `up{job=~"node.*"}`): names,
 * label sets with their escapes, the value/timestamp tail. Hand-rolled loops over char codes
 * rather than regular expressions: node_exporter's 2k lines have to parse in a few ms.
 */

export type LabelOp = '=' | '!=' | '=~' | '!~';

export interface LabelPair {
  name: string;
  op: LabelOp;
  value: string;
}

export type Parsed<T> = { ok: true; value: T; end: number } | { ok: false; error: string };

const fail = (error: string): { ok: false; error: string } => ({ ok: false, error });

function isNameStart(c: number, colonAllowed: boolean): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || (colonAllowed && c === 58);
}

function isNameChar(c: number, colonAllowed: boolean): boolean {
  return isNameStart(c, colonAllowed) || (c >= 48 && c <= 57);
}

export function skipBlanks(line: string, i: number): number {
  let c = line.charCodeAt(i);
  while (c === 32 || c === 9) c = line.charCodeAt(++i);
  return i;
}

/** Index just past the name starting at i (i itself when there is none). Metric names may hold ':'. */
export function scanName(line: string, i: number, metric: boolean): number {
  if (!isNameStart(line.charCodeAt(i), metric)) return i;
  let j = i + 1;
  while (j < line.length && isNameChar(line.charCodeAt(j), metric)) j++;
  return j;
}

export function isMetricName(text: string): boolean {
  return text.length > 0 && scanName(text, 0, true) === text.length;
}

/**
 * A quoted label value starting at the opening quote. `\\`, `\"` and `\n` are unescaped;
 * any other backslash pair is kept as written, as Prometheus does.
 */
function readQuoted(line: string, start: number): Parsed<string> {
  let out = '';
  let from = start + 1;
  for (let j = from; j < line.length; j++) {
    const c = line.charCodeAt(j);
    if (c === 34) return { ok: true, value: out + line.slice(from, j), end: j + 1 };
    if (c !== 92) continue;
    const next = line[j + 1];
    if (next === undefined) break;
    out += line.slice(from, j) + (next === 'n' ? '\n' : next === '\\' || next === '"' ? next : `\\${next}`);
    j++;
    from = j + 1;
  }
  return fail('unterminated label value (a quote missing, or a " not escaped as \\")');
}

function readOp(line: string, i: number, matchers: boolean): LabelOp | undefined {
  const c = line[i];
  const d = line[i + 1];
  if (c === '=') return matchers && d === '~' ? '=~' : '=';
  if (matchers && c === '!' && (d === '=' || d === '~')) return d === '=' ? '!=' : '!~';
  return undefined;
}

const NOT_CLOSED = 'label set not closed with }';

/**
 * A label set starting at `{`. With `matchers`, the selector operators (!=, =~, !~) are
 * accepted too. A trailing comma and blanks between tokens are tolerated (text format).
 */
export function readLabelSet(line: string, open: number, matchers: boolean): Parsed<LabelPair[]> {
  const pairs: LabelPair[] = [];
  let i = skipBlanks(line, open + 1);
  while (line.charCodeAt(i) !== 125) {
    if (i >= line.length) return fail(NOT_CLOSED);
    const nameEnd = scanName(line, i, false);
    if (nameEnd === i) return fail(`invalid label name at column ${i + 1}`);
    const name = line.slice(i, nameEnd);
    if (pairs.some((p) => p.name === name)) return fail(`label ${name} given twice`);
    i = skipBlanks(line, nameEnd);
    const op = readOp(line, i, matchers);
    if (op === undefined) return fail(i >= line.length ? NOT_CLOSED : `expected = after label ${name}`);
    i = skipBlanks(line, i + op.length);
    if (line.charCodeAt(i) !== 34) return fail(`value of label ${name} is not quoted`);
    const value = readQuoted(line, i);
    if (!value.ok) return fail(`${value.error} in label ${name}`);
    pairs.push({ name, op, value: value.value });
    i = skipBlanks(line, value.end);
    const c = line.charCodeAt(i);
    if (c === 44) i = skipBlanks(line, i + 1);
    else if (i >= line.length) return fail(NOT_CLOSED);
    else if (c !== 125) {
      return fail(`expected , or } after the value of label ${name}, found "${line[i]}" at column ${i + 1} (an unescaped " in the value?)`);
    }
  }
  return { ok: true, value: pairs, end: i + 1 };
}

export interface SampleTokens {
  name: string;
  pairs: LabelPair[];
  value: string;
  timestamp?: string;
}

/** Splits `name{labels} value [timestamp] [# exemplar]`; the exemplar is dropped unread. */
export function tokenizeSample(line: string): Parsed<SampleTokens> {
  const nameEnd = scanName(line, 0, true);
  if (nameEnd === 0) return fail('not a metric name, # comment or blank line');
  const after = line.charCodeAt(nameEnd);
  if (nameEnd < line.length && after !== 123 && after !== 32 && after !== 9) {
    return fail(`invalid character ${JSON.stringify(line[nameEnd])} in metric name`);
  }
  let pairs: LabelPair[] = [];
  let i = skipBlanks(line, nameEnd);
  if (line.charCodeAt(i) === 123) {
    const set = readLabelSet(line, i, false);
    if (!set.ok) return set;
    pairs = set.value;
    i = set.end;
  }
  const rest = line.slice(i).trim();
  if (rest === '') return fail('no value');
  const hash = rest.indexOf('#');
  const fields = (hash < 0 ? rest : rest.slice(0, hash)).split(/[ \t]+/).filter((f) => f !== '');
  if (fields.length === 0 || fields.length > 2) {
    return fail(fields.length === 0 ? 'no value' : `unexpected "${fields[2]}" after the timestamp`);
  }
  const [value = '', timestamp] = fields;
  return { ok: true, value: { name: line.slice(0, nameEnd), pairs, value, timestamp }, end: line.length };
}

/** A `# HELP` text: `\\` and `\n` are unescaped (and `\"` in OpenMetrics); other pairs stay. */
export function unescapeHelp(text: string, openMetrics: boolean): string {
  if (!text.includes('\\')) return text;
  return text.replace(/\\(.)/g, (pair, c: string) =>
    c === 'n' ? '\n' : c === '\\' ? '\\' : c === '"' && openMetrics ? '"' : pair,
  );
}
