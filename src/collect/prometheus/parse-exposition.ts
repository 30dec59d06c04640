/**
 * Prometheus text exposition (0.0.4) and OpenMetrics 1.0 parser. Pure and total: every input
 * gives `{families, errors}`; a bad line is reported with its 1-based number and skipped, the
 * lines around it still count. Families are returned in order of first appearance; a family
 * that reappears later (exporters that emit one name in two blocks) is merged into the first.
 */
import { parseFloatValue, parseIntegerMs, parseSecondsAsMs } from './parse-float.js';
import { isMetricName, tokenizeSample, unescapeHelp } from './parse-line.js';
import type { ExpositionFormat, Labels, MetricFamily, MetricType, ParseError, ParseResult, Sample } from './types.js';

/**
 * The Accept header to scrape with: OpenMetrics preferred, text 0.0.4 accepted. Asking for
 * OpenMetrics alone is not safe — RabbitMQ's plugin answers 406 to it.
 */
export const EXPOSITION_ACCEPT =
  'application/openmetrics-text;version=1.0.0;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';

export interface ParseOptions {
  /** The response's Content-Type; without it, an exposition with a `# EOF` line is read as OpenMetrics. */
  contentType?: string;
}

const TYPES = new Set<string>([
  'counter', 'gauge', 'histogram', 'summary', 'untyped', 'info', 'stateset', 'gaugehistogram', 'unknown',
]);

/** Sample-name suffixes that belong to a family of each type (besides the family's own name). */
const SUFFIXES: Partial<Record<MetricType, readonly string[]>> = {
  counter: ['_total', '_created'],
  histogram: ['_bucket', '_count', '_sum', '_created'],
  gaugehistogram: ['_bucket', '_gcount', '_gsum'],
  summary: ['_count', '_sum', '_created'],
  info: ['_info'],
};
const ALL_SUFFIXES = [...new Set(Object.values(SUFFIXES).flat())];

export function detectFormat(text: string, contentType?: string): ExpositionFormat {
  if (contentType !== undefined && contentType.trim() !== '') {
    return /application\/openmetrics-text/i.test(contentType) ? 'openmetrics' : 'text';
  }
  return /(^|\n)# EOF[ \t]*\r?(\n|$)/.test(text) ? 'openmetrics' : 'text';
}

function belongsTo(family: MetricFamily, sampleName: string): boolean {
  if (sampleName === family.name) return true;
  if (!sampleName.startsWith(family.name)) return false;
  const suffix = sampleName.slice(family.name.length);
  return SUFFIXES[family.type]?.includes(suffix) ?? false;
}

class ExpositionParser {
  readonly families: MetricFamily[] = [];
  readonly errors: ParseError[] = [];
  private readonly byName = new Map<string, MetricFamily>();
  private current: MetricFamily | undefined;
  private readonly om: boolean;

  constructor(readonly format: ExpositionFormat) {
    this.om = format === 'openmetrics';
  }

  error(line: number, message: string, text: string): void {
    this.errors.push({ line, message, text: text.length > 200 ? `${text.slice(0, 200)}…` : text });
  }

  private family(name: string): MetricFamily {
    let family = this.byName.get(name);
    if (!family) {
      family = { name, type: this.om ? 'unknown' : 'untyped', help: '', samples: [] };
      this.byName.set(name, family);
      this.families.push(family);
    }
    return family;
  }

  /** `# HELP`, `# TYPE`, `# UNIT`, `# EOF` or a comment. Returns true at `# EOF`. */
  comment(n: number, line: string): boolean {
    const m = /^#[ \t]+(HELP|TYPE|UNIT|EOF)(?:[ \t]+(\S+)(?:[ \t]+(.*))?)?[ \t]*$/.exec(line);
    if (!m) {
      if (this.om) this.error(n, 'OpenMetrics allows only # HELP, # TYPE, # UNIT and # EOF comments', line);
      return false;
    }
    const [, keyword, name, rest = ''] = m;
    if (keyword === 'EOF') return this.om; // just a comment in the text format
    if (name === undefined || !isMetricName(name)) {
      this.error(n, `# ${keyword} without a valid metric name`, line);
      return false;
    }
    const family = this.family(name);
    this.current = family;
    if (keyword === 'HELP') {
      if (family.help === '') family.help = unescapeHelp(rest, this.om);
    } else if (keyword === 'UNIT') {
      family.unit = rest.trim();
    } else {
      this.setType(n, line, family, rest.trim());
    }
    return false;
  }

  private setType(n: number, line: string, family: MetricFamily, type: string): void {
    if (!TYPES.has(type)) {
      this.error(n, `unknown metric type "${type}"`, line);
    } else if (family.type !== type && family.type !== 'untyped' && family.type !== 'unknown') {
      this.error(n, `${family.name} declared ${type} after ${family.type}; keeping ${family.type}`, line);
    } else {
      family.type = type as MetricType;
    }
  }

  sample(n: number, line: string): void {
    // Leading blanks are tolerated, as Prometheus' text lexer does.
    const first = line.charCodeAt(0);
    const tokens = tokenizeSample(first === 32 || first === 9 ? line.trimStart() : line);
    if (!tokens.ok) return this.error(n, tokens.error, line);
    const { name, pairs, value: valueText, timestamp } = tokens.value;
    const value = parseFloatValue(valueText);
    if (value === undefined) return this.error(n, `value "${valueText}" is not a number`, line);
    const labels: Labels = Object.create(null) as Labels;
    for (const pair of pairs) labels[pair.name] = pair.value;
    const sample: Sample = { name, labels, value };
    if (timestamp !== undefined) {
      const ms = this.om ? parseSecondsAsMs(timestamp) : parseIntegerMs(timestamp);
      if (ms === undefined) {
        const unit = this.om ? 'seconds' : 'integer milliseconds';
        return this.error(n, `timestamp "${timestamp}" is not ${unit}`, line);
      }
      sample.timestampMs = ms;
    }
    this.familyOf(name).samples.push(sample);
  }

  /** The current family when the sample is one of its names; else an earlier one; else a new untyped one. */
  private familyOf(sampleName: string): MetricFamily {
    if (this.current && belongsTo(this.current, sampleName)) return this.current;
    let found = this.byName.get(sampleName);
    for (const suffix of ALL_SUFFIXES) {
      if (found) break;
      if (!sampleName.endsWith(suffix)) continue;
      const candidate = this.byName.get(sampleName.slice(0, -suffix.length));
      if (candidate && belongsTo(candidate, sampleName)) found = candidate;
    }
    this.current = found ?? this.family(sampleName);
    return this.current;
  }
}

export function parseExposition(text: string, options: ParseOptions = {}): ParseResult {
  const input = typeof text === 'string' ? text : String(text ?? '');
  const parser = new ExpositionParser(detectFormat(input, options.contentType));
  const lines = input.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  let eofAt = 0;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (eofAt > 0) {
      if (line.trim() !== '') {
        parser.error(i + 1, `content after # EOF (line ${eofAt}) ignored`, line);
        break;
      }
      continue;
    }
    const first = line.charCodeAt(0);
    if (first === 35) {
      if (parser.comment(i + 1, line)) eofAt = i + 1;
    } else if (line.trim() !== '') {
      parser.sample(i + 1, line);
    }
  }
  if (parser.format === 'openmetrics' && eofAt === 0) {
    const last = lines.length;
    parser.error(last, 'no # EOF at the end: the OpenMetrics exposition may be truncated', lines[last - 1] ?? '');
  }
  return { format: parser.format, families: parser.families, errors: parser.errors };
}
