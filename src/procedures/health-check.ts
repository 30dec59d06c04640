/**
 * Health checks of one host: a command's exit status, or an HTTP URL fetched from the host
 * with the expected status and body text. waitHealthy polls until the checks have passed
 * continuously for the configured time, or gives up after the start timeout.
 */
import type { HealthCheck } from '../config/inventory-schema.js';
import { fillUrlTemplate } from '../config/templates.js';
import { fillTemplate } from '../ssh/command-template.js';
import type { HostAccess } from './host-access.js';
import type { TemplateVars } from './template-vars.js';

/** A probe with its templates filled for one host. */
export type RenderedProbe =
  | { type: 'command'; command: string }
  | { type: 'http'; url: string; status: number[]; contains?: string | undefined };

export interface HealthTiming {
  timeoutMs: number;
  intervalMs: number;
  healthyForMs: number;
  startTimeoutMs: number;
}

export interface HealthResult {
  ok: boolean;
  /** One line for the operator: `exit 0: …`, `HTTP 503: STARTING`, or the error. */
  output: string;
}

export function renderProbe(health: HealthCheck, vars: TemplateVars): RenderedProbe {
  const { check } = health;
  if (check.type === 'command') return { type: 'command', command: fillTemplate(check.command, vars) };
  return { type: 'http', url: fillUrlTemplate(check.url, vars), status: check.status, contains: check.contains };
}

export function healthTiming(health: HealthCheck): HealthTiming {
  return {
    timeoutMs: health.timeout * 1000,
    intervalMs: health.interval * 1000,
    healthyForMs: health.healthyFor * 1000,
    startTimeoutMs: health.startTimeout * 1000,
  };
}

export function describeProbe(probe: RenderedProbe): string {
  if (probe.type === 'command') return `${probe.command} exits 0`;
  const contains = probe.contains === undefined ? '' : ` containing ${JSON.stringify(probe.contains)}`;
  return `GET ${probe.url} answers ${probe.status.join(' or ')}${contains}`;
}

function oneLine(text: string, limit = 200): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > limit ? `${line.slice(0, limit - 1)}…` : line;
}

export async function checkHealth(access: HostAccess, host: string, probe: RenderedProbe, timeoutMs: number): Promise<HealthResult> {
  try {
    if (probe.type === 'command') {
      const result = await access.exec(host, probe.command, { timeoutMs });
      const status = result.code === null ? `killed by ${result.signal ?? 'a signal'}` : `exit ${result.code}`;
      const text = oneLine(`${result.stdout} ${result.stderr}`);
      return { ok: result.code === 0, output: text === '' ? status : `${status}: ${text}` };
    }
    const response = await access.http(host, { url: probe.url }, { timeoutMs });
    const statusOk = probe.status.includes(response.status);
    const bodyOk = probe.contains === undefined || response.body.includes(probe.contains);
    const missing = statusOk && !bodyOk ? ` (no ${JSON.stringify(probe.contains)} in the body)` : '';
    return { ok: statusOk && bodyOk, output: `HTTP ${response.status}: ${oneLine(response.body)}${missing}` };
  } catch (error) {
    return { ok: false, output: oneLine((error as Error).message) };
  }
}

export interface WaitOptions {
  signal?: AbortSignal | undefined;
  /** Told about every check, for progress displays. */
  onCheck?: ((result: HealthResult, elapsedMs: number) => void) | undefined;
}

export interface WaitResult extends HealthResult {
  elapsedMs: number;
  /** Why it is not healthy: the start timeout passed, or the wait was aborted. */
  reason?: 'timeout' | 'aborted';
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Checks every interval until the checks have passed without a failure for healthyFor (one
 * passing check when it is 0), or until startTimeout has passed since the wait began with the
 * last check failing.
 */
export async function waitHealthy(access: HostAccess, host: string, probe: RenderedProbe, timing: HealthTiming, options: WaitOptions = {}): Promise<WaitResult> {
  const started = Date.now();
  let passingSince: number | undefined;
  let last: HealthResult = { ok: false, output: 'not checked yet' };
  for (;;) {
    if (options.signal?.aborted) return { ...last, ok: false, elapsedMs: Date.now() - started, reason: 'aborted' };
    last = await checkHealth(access, host, probe, timing.timeoutMs);
    const now = Date.now();
    options.onCheck?.(last, now - started);
    if (last.ok) {
      passingSince ??= now;
      if (now - passingSince >= timing.healthyForMs) return { ...last, elapsedMs: now - started };
    } else {
      passingSince = undefined;
    }
    // A host that started passing in time gets to finish its healthyFor.
    if (now - started >= timing.startTimeoutMs && passingSince === undefined) {
      return { ok: false, output: last.output, elapsedMs: now - started, reason: 'timeout' };
    }
    await pause(timing.intervalMs, options.signal);
  }
}
