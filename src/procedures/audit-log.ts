/**
 * The audit log: one JSON object per line, fsync'd, appended before and after every action
 * that changes a host (drain, restart, lock, degrade, …) and at the start and end of every
 * procedure. It answers "who did what, where, when, and what came of it" after the incident.
 * Output is not stored (it may hold secrets), only its SHA-256, so it can be matched against
 * what the operator saw.
 */
import { createHash } from 'node:crypto';
import { hostname, userInfo } from 'node:os';
import { appendLineDurable } from './durable-file.js';
import type { CallOptions, CommandResult, HostAccess, HttpRequest, HttpResponse } from './host-access.js';
import { describeRequest } from '../ssh/http-over-stream.js';

export interface AuditIdentity {
  /** The operator's account on this machine. */
  localUser: string;
  localHost: string;
  /** The run (journal) this belongs to, when there is one. */
  runId?: string | undefined;
}

/** What an action is, for the log. */
export interface ActionSubject {
  /** What kind: drain, restart, stop, start, undrain, lock, unlock, control-on, … */
  action: string;
  host: string;
  component?: string | undefined;
  /** The exact command run, or `METHOD url` for an HTTP call. */
  command: string;
}

export type AuditEvent = 'before' | 'after' | 'note';

export function currentIdentity(runId?: string): AuditIdentity {
  let localUser: string;
  try {
    localUser = userInfo().username;
  } catch {
    localUser = process.env['USER'] ?? `uid:${process.getuid?.() ?? '?'}`;
  }
  return { localUser, localHost: hostname(), runId };
}

export function outputDigest(...parts: string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return `sha256:${hash.digest('hex')}`;
}

export class AuditLog {
  constructor(
    readonly path: string,
    readonly identity: AuditIdentity,
  ) {}

  /** A log for the same file and operator, tagged with another run. */
  forRun(runId: string): AuditLog {
    return new AuditLog(this.path, { ...this.identity, runId });
  }

  async append(event: AuditEvent, fields: Record<string, unknown>): Promise<void> {
    const { localUser, localHost, runId } = this.identity;
    const record = { time: new Date().toISOString(), event, ...(runId === undefined ? {} : { runId }), localUser, localHost, ...fields };
    await appendLineDurable(this.path, JSON.stringify(record));
  }

  /** A line that is not an action: procedure started/finished, a host failed, a lock taken over. */
  note(what: string, fields: Record<string, unknown> = {}): Promise<void> {
    return this.append('note', { what, ...fields });
  }
}

/** What an audited action came to, for the "after" line. */
interface Outcome {
  exitStatus: number | null;
  httpStatus?: number;
  signal?: string;
  output: string;
}

/**
 * Runs an action between a "before" and an "after" line. The "before" line is on disk before
 * the action starts; if perfmon dies in between, the log shows an action with no outcome.
 */
async function audited<T>(
  audit: AuditLog,
  subject: ActionSubject,
  sshUser: string,
  run: () => Promise<T>,
  outcome: (value: T) => Outcome,
): Promise<T> {
  const start = new Date().toISOString();
  const base = { ...subject, sshUser, start };
  await audit.append('before', base);
  let value: T;
  try {
    value = await run();
  } catch (error) {
    await audit.append('after', { ...base, end: new Date().toISOString(), exitStatus: null, error: (error as Error).message });
    throw error;
  }
  const { output, ...status } = outcome(value);
  await audit.append('after', { ...base, end: new Date().toISOString(), ...status, outputDigest: outputDigest(output) });
  return value;
}

/** Runs a command on a host, audited before and after. Rejects as access.exec does. */
export function auditedExec(
  access: HostAccess,
  audit: AuditLog,
  subject: ActionSubject,
  options: CallOptions,
): Promise<CommandResult> {
  return audited(
    audit,
    subject,
    access.target(subject.host).user,
    () => access.exec(subject.host, subject.command, options),
    (result) => ({ exitStatus: result.code, ...(result.signal ? { signal: result.signal } : {}), output: result.stdout + result.stderr }),
  );
}

/** Makes an HTTP call from a host, audited before and after (the command is `METHOD url`). */
export function auditedHttp(
  access: HostAccess,
  audit: AuditLog,
  subject: Omit<ActionSubject, 'command'>,
  request: HttpRequest,
  options: CallOptions,
): Promise<HttpResponse> {
  return audited(
    audit,
    { ...subject, command: describeRequest(request) },
    access.target(subject.host).user,
    () => access.http(subject.host, request, options),
    (response) => ({ exitStatus: null, httpStatus: response.status, output: response.body }),
  );
}
