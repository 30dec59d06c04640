/** `perfmon audit`: who did what, where, when, and what came of it, from the audit log. */
import { defaultAuditPath } from '../../config/config-paths.js';
import { loadInventory } from '../../config/load-inventory.js';
import { formatProblem } from '../../config/problems.js';
import { parseDuration } from '../../config/duration.js';
import { filterAudit, readAuditLog } from '../audit-read.js';
import { auditLines } from '../format-audit.js';

export interface AuditArgs {
  config?: string | undefined;
  since?: string | undefined;
  component?: string | undefined;
  host?: string | undefined;
  json: boolean;
}

export class AuditUsageError extends Error {}

/**
 * `--since`: a duration back from now (`2h`, `30m`, `7d`), an ISO 8601 time, or a clock time
 * (`03:12`: today's, or yesterday's when today's is still to come).
 */
export function parseSince(text: string, nowMs: number): number {
  const back = parseDuration(text.replace(/^-/, ''));
  if (back !== null) return nowMs - back * 1000;
  const clock = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  if (clock) {
    const at = new Date(nowMs);
    at.setHours(Number(clock[1]), Number(clock[2]), Number(clock[3] ?? 0), 0);
    return at.getTime() > nowMs ? at.getTime() - 86_400_000 : at.getTime();
  }
  const iso = Date.parse(text);
  if (/^\d{4}-\d{2}-\d{2}/.test(text) && Number.isFinite(iso)) return iso;
  throw new AuditUsageError(`--since ${text}: expected a duration back from now (2h, 30m, 7d), a clock time (03:12) or an ISO 8601 time (2026-11-30T14:00:00Z)`);
}

/** The log the inventory names, or the default one when there is no inventory. */
async function auditPath(config: string | undefined, env: NodeJS.ProcessEnv): Promise<string> {
  const loaded = await loadInventory(config === undefined ? { env } : { configPath: config, env });
  if (loaded.status === 'invalid') throw new AuditUsageError(`${loaded.path} is not a valid inventory:\n${loaded.problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`);
  if (loaded.status === 'absent') {
    if (config !== undefined) throw new AuditUsageError(`--config ${config}: ${loaded.path} does not exist`);
    return defaultAuditPath(env);
  }
  return loaded.inventory.audit.path;
}

export async function runAuditCommand(args: AuditArgs, out: NodeJS.WritableStream, err: NodeJS.WritableStream, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const sinceMs = args.since === undefined ? undefined : parseSince(args.since, Date.now());
  const reading = await readAuditLog(await auditPath(args.config, env));
  const entries = filterAudit(reading.entries, { sinceMs, component: args.component, host: args.host });
  for (const problem of reading.problems) err.write(`perfmon: ${problem}; skipped\n`);
  if (args.json) {
    out.write(`${JSON.stringify({ file: reading.file, entries, problems: reading.problems }, null, 2)}\n`);
    return;
  }
  if (entries.length === 0) {
    out.write(`nothing in ${reading.file}${args.since || args.component || args.host ? ' that matches' : ''}\n`);
    return;
  }
  out.write(`${auditLines(entries).join('\n')}\n`);
}
