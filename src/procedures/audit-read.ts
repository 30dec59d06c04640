/**
 * Reading the audit log back: every action as one entry (its "before" and "after" lines
 * joined), notes as they are, lines that are not audit records named by file:line and
 * skipped. Read by `perfmon audit` (and the reports, later); it never writes the log.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

export interface AuditEntry {
  /** When it started (an action's "before" line, a note's time), ISO 8601. */
  time: string;
  kind: 'action' | 'note';
  /** The operator: local account @ machine. */
  operator: string;
  runId?: string;
  /** action: drain, restart, control-off, …; note: what it notes (run-start, run-end, …). */
  what: string;
  component?: string;
  host?: string;
  /** The SSH user on the host, for actions. */
  sshUser?: string;
  command?: string;
  /** ok (exit 0 or HTTP 2xx), failed, or pending: a "before" with no "after" (perfmon died, or it still runs). */
  result?: 'ok' | 'failed' | 'pending';
  exitStatus?: number | null;
  httpStatus?: number;
  error?: string;
  durationMs?: number;
  /** Everything else the line carried (a control's name, a note's fields). */
  details: Record<string, unknown>;
}

export interface AuditReading {
  file: string;
  entries: AuditEntry[];
  /** `FILE:LINE: why` for each line that is not an audit record. */
  problems: string[];
}

const COMMON = new Set(['time', 'event', 'localUser', 'localHost', 'runId', 'action', 'what', 'component', 'host', 'sshUser', 'command', 'start', 'end', 'exitStatus', 'httpStatus', 'error', 'outputDigest', 'signal']);

function details(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([key]) => !COMMON.has(key)));
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

function outcome(after: Record<string, unknown>): Pick<AuditEntry, 'result' | 'exitStatus' | 'httpStatus' | 'error' | 'durationMs'> {
  const exitStatus = typeof after['exitStatus'] === 'number' ? after['exitStatus'] : null;
  const httpStatus = typeof after['httpStatus'] === 'number' ? after['httpStatus'] : undefined;
  const error = text(after['error']);
  const ok = error === undefined && (httpStatus !== undefined ? httpStatus >= 200 && httpStatus < 300 : exitStatus === 0);
  const start = Date.parse(text(after['start']) ?? '');
  const end = Date.parse(text(after['end']) ?? '');
  return {
    result: ok ? 'ok' : 'failed',
    exitStatus,
    ...(httpStatus === undefined ? {} : { httpStatus }),
    ...(error === undefined ? {} : { error }),
    ...(Number.isFinite(start) && Number.isFinite(end) ? { durationMs: end - start } : {}),
  };
}

/** The same action's "before" and "after" lines share these. */
function actionKey(record: Record<string, unknown>): string {
  return JSON.stringify([record['start'], record['runId'], record['host'], record['action'], record['command'], record['localUser'], record['localHost']]);
}

/** Reads the whole log. A missing file is an empty log (nothing was ever done from here). */
export async function readAuditLog(file: string): Promise<AuditReading> {
  const entries: AuditEntry[] = [];
  const problems: string[] = [];
  const open = new Map<string, AuditEntry>();
  let stream;
  try {
    stream = createReadStream(file, { encoding: 'utf8' });
    await new Promise<void>((resolve, reject) => stream!.once('open', () => resolve()).once('error', reject));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { file, entries, problems };
    throw new Error(`${file}: cannot read the audit log: ${(error as Error).message}`);
  }
  let lineNumber = 0;
  for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) {
    lineNumber++;
    if (line.trim() === '') continue;
    let record: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(line);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not a JSON object');
      record = parsed as Record<string, unknown>;
    } catch (error) {
      // A torn last line (the machine lost power mid-append) lands here too.
      problems.push(`${file}:${lineNumber}: not an audit record (${(error as Error).message})`);
      continue;
    }
    const event = record['event'];
    const time = text(record['time']);
    if ((event !== 'before' && event !== 'after' && event !== 'note') || time === undefined) {
      problems.push(`${file}:${lineNumber}: not an audit record (no event or time)`);
      continue;
    }
    const base = {
      operator: `${text(record['localUser']) ?? '?'}@${text(record['localHost']) ?? '?'}`,
      ...(text(record['runId']) === undefined ? {} : { runId: text(record['runId']) }),
      ...(text(record['component']) === undefined ? {} : { component: text(record['component']) }),
      ...(text(record['host']) === undefined ? {} : { host: text(record['host']) }),
      details: details(record),
    };
    if (event === 'note') {
      entries.push({ time, kind: 'note', what: text(record['what']) ?? 'note', ...base });
      continue;
    }
    const key = actionKey(record);
    const earlier = open.get(key);
    if (event === 'after' && earlier !== undefined) {
      Object.assign(earlier, outcome(record));
      open.delete(key);
      continue;
    }
    const entry: AuditEntry = {
      time: text(record['start']) ?? time,
      kind: 'action',
      what: text(record['action']) ?? '?',
      ...base,
      ...(text(record['sshUser']) === undefined ? {} : { sshUser: text(record['sshUser']) }),
      ...(text(record['command']) === undefined ? {} : { command: text(record['command']) }),
      ...(event === 'after' ? outcome(record) : { result: 'pending' as const }),
    };
    entries.push(entry);
    if (event === 'before') open.set(key, entry);
  }
  return { file, entries, problems };
}

export interface AuditFilter {
  /** Entries at or after this time (ms since the epoch). */
  sinceMs?: number | undefined;
  component?: string | undefined;
  host?: string | undefined;
}

export function filterAudit(entries: readonly AuditEntry[], filter: AuditFilter): AuditEntry[] {
  return entries.filter(
    (e) =>
      (filter.sinceMs === undefined || Date.parse(e.time) >= filter.sinceMs) &&
      (filter.component === undefined || e.component === filter.component) &&
      (filter.host === undefined || e.host === filter.host),
  );
}
