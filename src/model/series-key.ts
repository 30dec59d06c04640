/**
 * A series is a metric name plus labels (`host`, `device`, `iface`, `mount`, `pid`, `queue`,
 * …); every sample has its time. The canonical id is Prometheus' text form with the labels
 * sorted, so one series always has one id: `cpu_usage{core="3",host="db1"}`.
 */

export type Labels = Readonly<Record<string, string>>;

export interface SeriesKey {
  name: string;
  labels: Labels;
}

/** One reading of a series: `t` in ms since 1970 (UTC), `v` the value. */
export interface Sample {
  t: number;
  v: number;
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

const NEEDS_ESCAPE = /[\\"\n]/;

function escapeValue(value: string): string {
  return NEEDS_ESCAPE.test(value) ? value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n') : value;
}

/** Names already checked: the same few names recur in every sample, and the checks show in the ingest cost. */
const validNames = new Set<string>();
const validLabels = new Set<string>();

export function seriesId(key: SeriesKey): string {
  if (!validNames.has(key.name)) {
    if (!NAME.test(key.name)) throw new Error(`series name ${JSON.stringify(key.name)} is not a metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)`);
    if (validNames.size < 100_000) validNames.add(key.name);
  }
  const names = Object.keys(key.labels);
  if (names.length === 0) return key.name;
  names.sort();
  let id = `${key.name}{`;
  for (let i = 0; i < names.length; i++) {
    const label = names[i]!;
    if (!validLabels.has(label)) {
      if (!LABEL.test(label)) throw new Error(`label ${JSON.stringify(label)} of series ${key.name} is not a label name ([a-zA-Z_][a-zA-Z0-9_]*)`);
      if (validLabels.size < 100_000) validLabels.add(label);
    }
    id += `${i > 0 ? ',' : ''}${label}="${escapeValue(key.labels[label]!)}"`;
  }
  return `${id}}`;
}

/** The inverse of seriesId; throws naming the id when it is not one. */
export function parseSeriesId(id: string): SeriesKey {
  const brace = id.indexOf('{');
  const name = brace < 0 ? id : id.slice(0, brace);
  const fail = (why: string) => new Error(`series id ${JSON.stringify(id)}: ${why}`);
  if (!NAME.test(name)) throw fail('the name is not a metric name');
  const labels: Record<string, string> = {};
  if (brace < 0) return { name, labels };
  if (!id.endsWith('}')) throw fail('the labels do not end with }');
  let i = brace + 1;
  const end = id.length - 1;
  while (i < end) {
    const eq = id.indexOf('=', i);
    if (eq < 0 || id[eq + 1] !== '"') throw fail(`expected label="value" at ${i}`);
    const label = id.slice(i, eq);
    if (!LABEL.test(label)) throw fail(`${JSON.stringify(label)} is not a label name`);
    let value = '';
    let j = eq + 2;
    for (; j < end && id[j] !== '"'; j++) {
      if (id[j] === '\\') {
        j++;
        value += id[j] === 'n' ? '\n' : id[j];
      } else value += id[j];
    }
    if (id[j] !== '"') throw fail(`the value of ${label} is not closed`);
    labels[label] = value;
    i = j + 1;
    if (id[i] === ',') i++;
    else if (i !== end) throw fail(`expected , or } at ${i}`);
  }
  return { name, labels };
}

/** Picks series: a name, and labels that must all be equal. */
export interface SeriesMatcher {
  name: string;
  labels?: Labels;
}

export function matchesSeries(matcher: SeriesMatcher, key: SeriesKey): boolean {
  if (key.name !== matcher.name) return false;
  return Object.entries(matcher.labels ?? {}).every(([label, value]) => key.labels[label] === value);
}

/** A label pattern written `/…/` is a regular expression matching the whole value; else equality. Compiled once. */
export function labelMatcher(pattern: string): (value: string | undefined) => boolean {
  if (pattern.length >= 2 && pattern.startsWith('/') && pattern.endsWith('/')) {
    const re = new RegExp(`^(?:${pattern.slice(1, -1)})$`);
    return (value) => value !== undefined && re.test(value);
  }
  return (value) => value === pattern;
}

export function labelMatches(value: string | undefined, pattern: string): boolean {
  return labelMatcher(pattern)(value);
}
