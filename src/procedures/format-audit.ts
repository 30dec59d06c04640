/**
 * The audit log as an operator reads it: a line per action or note — when, who, what, where,
 * what came of it — under a heading per day. The commands themselves are left to --json.
 */
import { clockTime } from '../format/units.js';
import { formatMillis } from '../format/units.js';
import type { AuditEntry } from './audit-read.js';

/** `ok  1.2s`, `FAILED exit 3  40ms`, `NO OUTCOME …`; '' for a note. */
export function resultText(e: AuditEntry): string {
  if (e.kind === 'note') return '';
  if (e.result === 'pending') return 'NO OUTCOME (perfmon stopped, or still running)';
  const took = e.durationMs === undefined ? '' : `  ${formatMillis(e.durationMs)}`;
  if (e.result === 'ok') return `ok${took}`;
  const why = e.error !== undefined ? e.error : e.httpStatus !== undefined ? `HTTP ${e.httpStatus}` : e.exitStatus !== null && e.exitStatus !== undefined ? `exit ${e.exitStatus}` : 'no exit status';
  return `FAILED ${why}${took}`;
}

/** `control=order-rate state=on`: what else an entry carried. */
export function detailText(details: Record<string, unknown>): string {
  const parts = Object.entries(details).map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  return parts.join(' ');
}

export function auditLines(entries: readonly AuditEntry[]): string[] {
  const lines: string[] = [];
  let day = '';
  for (const e of entries) {
    const when = new Date(e.time);
    const thisDay = Number.isNaN(when.getTime()) ? '?' : `${when.getFullYear()}-${String(when.getMonth() + 1).padStart(2, '0')}-${String(when.getDate()).padStart(2, '0')}`;
    if (thisDay !== day) {
      lines.push(`── ${thisDay} ──`);
      day = thisDay;
    }
    const where = auditWhere(e);
    const what = auditWhat(e);
    const fields = [clockTime(e.time), e.operator, what, where, detailText(e.details), resultText(e)].filter((part) => part !== '');
    lines.push(fields.join('  '));
  }
  return lines;
}

/** `engine/lab-1`: the component and host an entry is about. */
export function auditWhere(e: AuditEntry): string {
  return [e.component, e.host].filter((part) => part !== undefined).join('/');
}

/** `restart`, or `note run-start`. */
export function auditWhat(e: AuditEntry): string {
  return e.kind === 'note' ? `note ${e.what}` : e.what;
}
