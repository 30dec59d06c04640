/**
 * The audit log as an operator reads it: a line per action or note — when, who, what, where,
 * what came of it — under a heading per day. The commands themselves are left to --json.
 */
import { clockTime } from '../format/units.js';
import { formatMillis } from '../format/units.js';
import type { AuditEntry } from './audit-read.js';

function resultText(e: AuditEntry): string {
  if (e.kind === 'note') return '';
  if (e.result === 'pending') return 'NO OUTCOME (perfmon stopped, or still running)';
  const took = e.durationMs === undefined ? '' : `  ${formatMillis(e.durationMs)}`;
  if (e.result === 'ok') return `ok${took}`;
  const why = e.error !== undefined ? e.error : e.httpStatus !== undefined ? `HTTP ${e.httpStatus}` : e.exitStatus !== null && e.exitStatus !== undefined ? `exit ${e.exitStatus}` : 'no exit status';
  return `FAILED ${why}${took}`;
}

function detailText(details: Record<string, unknown>): string {
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
    const where = [e.component, e.host].filter((part) => part !== undefined).join('/');
    const what = e.kind === 'note' ? `note ${e.what}` : e.what;
    const fields = [clockTime(e.time), e.operator, what, where, detailText(e.details), resultText(e)].filter((part) => part !== '');
    lines.push(fields.join('  '));
  }
  return lines;
}
