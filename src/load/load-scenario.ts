/**
 * Scenario file → a scenario ready to run (with its CSV data read), or every problem in it as
 * file:line:column: YAML syntax, the schema, and checks across fields (request URLs need a
 * target or an origin, placeholders name real data sources and columns, data files exist).
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { CrossFinding } from '../config/cross-checks.js';
import { parseSchemaYaml } from '../config/parse-inventory.js';
import type { Problem } from '../config/problems.js';
import { parseCsv, type DataTable } from './data-feed.js';
import { placeholderProblem, placeholders } from './request-template.js';
import { scenarioSchema, type Scenario } from './scenario-schema.js';

export interface LoadedScenario {
  path: string;
  scenario: Scenario;
  /** Data tables by source name. */
  data: Map<string, DataTable>;
}

type Raw = Record<string, unknown>;
const isRecord = (value: unknown): value is Raw => typeof value === 'object' && value !== null && !Array.isArray(value);
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** Reads each data source's CSV (relative to the scenario), noting problems at `data.NAME.file`. */
function readData(raw: Raw, baseDir: string, tables: Map<string, DataTable>): CrossFinding[] {
  const findings: CrossFinding[] = [];
  const data = isRecord(raw['data']) ? raw['data'] : {};
  for (const [name, source] of Object.entries(data)) {
    if (!isRecord(source) || typeof source['file'] !== 'string') continue;
    const file = resolve(baseDir, source['file']);
    try {
      tables.set(name, parseCsv(readFileSync(file, 'utf8')));
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
      findings.push({ path: ['data', name, 'file'], message: `${file}: ${reason}` });
    }
  }
  return findings;
}

function crossCheck(raw: unknown, baseDir: string, tables: Map<string, DataTable>): CrossFinding[] {
  if (!isRecord(raw)) return [];
  const findings = readData(raw, baseDir, tables);
  const declared = isRecord(raw['data']) ? Object.keys(raw['data']) : [];
  // Columns are known only for the files that could be read; the others are reported already.
  const columns = new Map(declared.map((name) => [name, tables.get(name)?.columns ?? []] as const));
  const hasTarget = typeof raw['target'] === 'string';
  list(raw['requests']).forEach((request, index) => {
    if (!isRecord(request)) return;
    const url = request['url'];
    // The origins are previewed and audited before the run: they must not depend on data.
    if (typeof url === 'string' && /^(https?|wss?):\/\/[^/]*\$\{/.test(url)) {
      findings.push({ path: ['requests', index, 'url'], message: `placeholders may follow the host and port, not stand in them (got ${url})` });
    }
    if (typeof url === 'string' && !/^(https?|wss?):\/\//.test(url)) {
      if (!hasTarget) findings.push({ path: ['requests', index, 'url'], message: `${url} is a path, and the scenario has no target: add target: http://host:port or write the full URL` });
      else if (!url.startsWith('/') && !url.startsWith('${')) findings.push({ path: ['requests', index, 'url'], message: `a path under target starts with "/" (got ${url})` });
    }
    const templates: [PropertyKey[], unknown][] = [
      [['url'], url],
      [['body'], request['body']],
      ...(Array.isArray(request['send']) ? request['send'] : []).map((message, at): [PropertyKey[], unknown] => [['send', at], message]),
      ...Object.entries(isRecord(request['headers']) ? request['headers'] : {}).map(([key, value]): [PropertyKey[], unknown] => [['headers', key], value]),
    ];
    for (const [path, template] of templates) {
      if (typeof template !== 'string') continue;
      for (const reference of placeholders(template)) {
        const known = tables.has(reference.slice(0, reference.lastIndexOf('.'))) ? columns : declared;
        const problem = placeholderProblem(reference, known);
        if (problem !== undefined) findings.push({ path: ['requests', index, ...path], message: problem });
      }
    }
  });
  return findings;
}

export type ScenarioResult = { ok: true; loaded: LoadedScenario } | { ok: false; problems: Problem[] };

export function parseScenarioText(text: string, path: string): ScenarioResult {
  const tables = new Map<string, DataTable>();
  const parsed = parseSchemaYaml(text, path, scenarioSchema, {
    notMapping: 'a scenario must be a mapping (name:, stages:, requests:, …)',
    crossCheck: (raw) => crossCheck(raw, dirname(resolve(path)), tables),
  });
  if (!parsed.ok) return parsed;
  return { ok: true, loaded: { path, scenario: parsed.data, data: tables } };
}

export async function loadScenario(path: string): Promise<ScenarioResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    return { ok: false, problems: [{ file: path, path: '', message: `cannot read the scenario: ${reason}` }] };
  }
  return parseScenarioText(text, path);
}
