/**
 * The scenario's requests made ready to send: templates compiled, the mix drawn by weight,
 * data rows taken per request, and the checks that judge each response.
 */
import { DataFeed, type DataTable, type Row } from './data-feed.js';
import { compileTemplate, fillTemplate, sourcesOf, type CompiledTemplate } from './request-template.js';
import type { Check, Scenario, ScenarioRequest } from './scenario-schema.js';

export interface CheckResult {
  label: string;
  passed: boolean;
}

/** How a check reads in the summary: `status 200`, `body contains "ok"`, `json price exists`. */
export function checkLabel(check: Check): string {
  if ('status' in check) return `status ${Array.isArray(check.status) ? check.status.join('|') : check.status}`;
  if ('bodyContains' in check) return `body contains ${JSON.stringify(check.bodyContains)}`;
  return check.json.equals === undefined ? `json ${check.json.path} exists` : `json ${check.json.path} == ${JSON.stringify(check.json.equals)}`;
}

/** `a.b[0].c` in parsed JSON; undefined when any step is missing. */
export function jsonField(value: unknown, path: string): unknown {
  let current = value;
  for (const match of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (typeof current !== 'object' || current === null) return undefined;
    const key = match[1] ?? Number(match[2]);
    if (!Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

function checkPasses(check: Check, status: number, body: string, json: () => unknown): boolean {
  if ('status' in check) return Array.isArray(check.status) ? check.status.includes(status) : check.status === status;
  if ('bodyContains' in check) return body.includes(check.bodyContains);
  const field = jsonField(json(), check.json.path);
  return check.json.equals === undefined ? field !== undefined : field === check.json.equals;
}

/** Each check's result; a body that is not JSON fails every json check. */
export function evaluateChecks(checks: readonly Check[], status: number, body: string): CheckResult[] {
  let parsed: { value: unknown } | undefined;
  const json = (): unknown => {
    if (parsed === undefined) {
      try {
        parsed = { value: JSON.parse(body) };
      } catch {
        parsed = { value: undefined };
      }
    }
    return parsed.value;
  };
  return checks.map((check) => ({ label: checkLabel(check), passed: checkPasses(check, status, body, json) }));
}

/** Why a response counts as an error, or undefined: a failed check, else (with no status check) status ≥ 400. */
export function responseError(checks: readonly Check[], results: readonly CheckResult[], status: number): string | undefined {
  const failed = results.find((result) => !result.passed);
  if (failed !== undefined) return `check failed: ${failed.label}`;
  if (!checks.some((check) => 'status' in check) && status >= 400) return `status ${status}`;
  return undefined;
}

export interface PreparedRequest {
  request: ScenarioRequest;
  /** Absolute URL template. */
  url: CompiledTemplate;
  headers: [string, CompiledTemplate][];
  body: CompiledTemplate | undefined;
  /** WebSocket sessions: the messages sent once connected. */
  send: CompiledTemplate[];
  sources: string[];
  /** Whether any check reads the body (else it is discarded unread). */
  readsBody: boolean;
}

/** A request filled in for sending. */
export interface FilledRequest {
  prepared: PreparedRequest;
  url: URL;
  headers: Record<string, string>;
  body: string | undefined;
  /** WebSocket sessions: the messages to send, filled in. */
  send: string[];
}

export class RequestMix {
  private readonly prepared: PreparedRequest[];
  private readonly cumulative: number[];
  private readonly feeds: Map<string, DataFeed>;
  /** Set when a unique data source ran out: the run ends. */
  exhausted: string | undefined;

  constructor(
    scenario: Scenario,
    data: ReadonlyMap<string, DataTable>,
    private readonly random: () => number = Math.random,
  ) {
    const base = scenario.target?.replace(/\/$/, '') ?? '';
    this.prepared = scenario.requests.map((request) => {
      const url = compileTemplate(/^(https?|wss?):\/\//.test(request.url) ? request.url : base + request.url);
      const headers = Object.entries(request.headers).map(([name, value]): [string, CompiledTemplate] => [name, compileTemplate(value)]);
      const body = request.body === undefined ? undefined : compileTemplate(request.body);
      const send = (request.send ?? []).map(compileTemplate);
      const sources = [...new Set([url, body ?? [], ...send, ...headers.map(([, value]) => value)].flatMap(sourcesOf))];
      const readsBody = request.checks.some((check) => !('status' in check));
      return { request, url, headers, body, send, sources, readsBody };
    });
    let sum = 0;
    this.cumulative = scenario.requests.map((request) => (sum += request.weight));
    this.feeds = new Map([...data].map(([name, table]) => [name, new DataFeed(table, scenario.data[name]?.mode ?? 'sequential', random)]));
  }

  /** Origins the mix sends to (known before the run only for URLs without placeholders there). */
  origins(): string[] {
    return [...new Set(this.prepared.map((p) => new URL(fillTemplate(p.url, { n: 0, user: 0, rows: new Map() }).replace(/^((?:https?|wss?):\/\/[^/]*).*$/, '$1')).origin))];
  }

  /** The next request by weight, filled in; undefined when a unique data source is used up. */
  next(n: number, user: number): FilledRequest | undefined {
    const draw = this.random() * (this.cumulative.at(-1) ?? 1);
    const index = this.cumulative.findIndex((edge) => draw < edge);
    const prepared = this.prepared[index === -1 ? this.prepared.length - 1 : index] as PreparedRequest;
    const rows = new Map<string, Row>();
    for (const source of prepared.sources) {
      const row = this.feeds.get(source)?.next();
      if (row === undefined) {
        this.exhausted = source;
        return undefined;
      }
      rows.set(source, row);
    }
    const context = { n, user, rows };
    return {
      prepared,
      url: new URL(fillTemplate(prepared.url, context)),
      headers: Object.fromEntries(prepared.headers.map(([name, value]) => [name, fillTemplate(value, context)])),
      body: prepared.body === undefined ? undefined : fillTemplate(prepared.body, context),
      send: prepared.send.map((message) => fillTemplate(message, context)),
    };
  }
}
