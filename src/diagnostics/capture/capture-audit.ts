/**
 * Captures touch a production JVM (a heap dump pauses it), so each one is written to the audit
 * log before it runs and after, with its outcome — through the procedures' AuditLog (the same
 * file as restarts and degradations). The capture functions take the hook optionally, so
 * tests and benches may run without a log.
 */
import type { AuditLog } from '../../procedures/audit-log.js';

export interface CaptureSubject {
  /** The inventory's action kind: dump-thread or dump-heap (class histograms count as dump-heap: they pause the JVM for a full GC). */
  action: 'dump-thread' | 'dump-heap';
  host: string;
  pid: number;
  /** The exact command run on the host. */
  command: string;
  sshUser: string;
}

export interface CaptureAudit {
  before(subject: CaptureSubject): Promise<void>;
  after(subject: CaptureSubject, outcome: { ok: true; detail: Record<string, unknown> } | { ok: false; error: string }): Promise<void>;
}

export function auditLogHook(log: AuditLog): CaptureAudit {
  const start = new Map<CaptureSubject, string>();
  return {
    async before(subject) {
      const now = new Date().toISOString();
      start.set(subject, now);
      await log.append('before', { ...subject, start: now });
    },
    async after(subject, outcome) {
      const startTime = start.get(subject);
      start.delete(subject);
      const result = outcome.ok ? { ok: true, ...outcome.detail } : { ok: false, error: outcome.error };
      await log.append('after', { ...subject, start: startTime, end: new Date().toISOString(), ...result });
    },
  };
}

/** Runs `run` between the audit's before and after lines (none without a hook). */
export async function audited<T>(audit: CaptureAudit | undefined, subject: CaptureSubject, run: () => Promise<T>, detail: (value: T) => Record<string, unknown>): Promise<T> {
  await audit?.before(subject);
  let value: T;
  try {
    value = await run();
  } catch (error) {
    await audit?.after(subject, { ok: false, error: (error as Error).message });
    throw error;
  }
  await audit?.after(subject, { ok: true, detail: detail(value) });
  return value;
}
