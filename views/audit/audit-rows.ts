/**
 * The Audit pane's rows (one per action or note of the audit log), columns, filter and detail.
 * Pure. Newest first: after an incident the operator looks at what was done last.
 */
import type { AuditEntry } from '../../src/procedures/audit-read.js';
import { auditWhat, auditWhere, detailText, resultText } from '../../src/procedures/format-audit.js';
import { clockTime } from '../../src/format/units.js';
import { sortMarker } from '../components/sort-mark.js';
import type { Column } from '../components/table.js';
import { BLANK } from '../components/list-detail.js';
import { style } from '../theme.js';

export interface AuditRow {
  id: string;
  entry: AuditEntry;
  timeMs: number;
}

export const AUDIT_SORT_KEYS = ['time', 'result'] as const;
export type AuditSortKey = (typeof AUDIT_SORT_KEYS)[number];

export function auditRows(entries: readonly AuditEntry[]): AuditRow[] {
  return entries.map((entry, i) => ({ id: String(i), entry, timeMs: Date.parse(entry.time) }));
}

/** What `/` matches: every word the row shows, and its command. */
function searchable(e: AuditEntry): string {
  return [e.time, clockTime(e.time), e.operator, auditWhat(e), auditWhere(e), e.runId ?? '', e.command ?? '', e.sshUser ?? '', detailText(e.details), resultText(e)].join(' ').toLowerCase();
}

const RESULT_RANK = { failed: 0, pending: 1, ok: 2 } as const;

/**
 * The rows shown: those at or before `upToMs` (the replayed moment; all when live), passing
 * the filter, newest first (or failed and unfinished first, then newest).
 */
export function sortAuditRows(rows: readonly AuditRow[], sort: AuditSortKey, reverse: boolean, filter: string, upToMs: number | null): AuditRow[] {
  const needle = filter.trim().toLowerCase();
  const kept = rows.filter((r) => (upToMs === null || !(r.timeMs > upToMs)) && (!needle || searchable(r.entry).includes(needle)));
  const byTime = (a: AuditRow, b: AuditRow) => b.timeMs - a.timeMs || Number(b.id) - Number(a.id);
  const rank = (r: AuditRow) => (r.entry.kind === 'note' ? 3 : RESULT_RANK[r.entry.result ?? 'ok']);
  const sorted = [...kept].sort(sort === 'result' ? (a, b) => rank(a) - rank(b) || byTime(a, b) : byTime);
  return reverse ? sorted.reverse() : sorted;
}

function resultCell(e: AuditEntry) {
  const text = resultText(e);
  if (e.kind === 'note') return { text: '', paint: style.dim };
  if (e.result === 'ok') return { text, paint: style.good };
  return { text, paint: style.bad };
}

function dayTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')} ${clockTime(d)}`;
}

export function auditColumns(sort: AuditSortKey, reverse: boolean): Column<AuditRow>[] {
  const mark = sortMarker<AuditSortKey>(sort, reverse, ['result']);
  return [
    { header: mark('time', 'WHEN'), width: 14, priority: 10, cell: (r) => dayTime(r.entry.time) },
    { header: 'WHO', width: 16, priority: 6, cell: (r) => r.entry.operator },
    { header: 'WHAT', width: 20, priority: 10, cell: (r) => ({ text: auditWhat(r.entry), paint: r.entry.kind === 'note' ? style.dim : (t: string) => t }) },
    { header: 'WHERE', width: 18, priority: 9, cell: (r) => auditWhere(r.entry) },
    { header: mark('result', 'RESULT'), width: 22, priority: 9, cell: (r) => resultCell(r.entry) },
    { header: 'DETAILS', width: 10, flex: true, priority: 2, cell: (r) => detailText(r.entry.details) },
  ];
}

/** One entry in full: every field, the command run included (the list leaves it out). */
export function auditDetailLines(row: AuditRow): string[] {
  const e = row.entry;
  const field = (name: string, value: string | number | undefined | null) => (value === undefined || value === null || value === '' ? [] : [`${style.dim(name.padEnd(10))}${value}`]);
  return [
    style.title(`${auditWhat(e)}${auditWhere(e) ? `  ${auditWhere(e)}` : ''}`),
    BLANK,
    ...field('when', `${e.time} (${clockTime(e.time)})`),
    ...field('who', e.operator),
    ...field('ssh user', e.sshUser),
    ...field('run', e.runId),
    ...field('result', resultText(e)),
    ...field('exit', e.exitStatus),
    ...field('http', e.httpStatus),
    ...field('error', e.error),
    ...Object.entries(e.details).flatMap(([key, value]) => field(key, typeof value === 'string' ? value : JSON.stringify(value))),
    ...(e.command === undefined ? [] : [BLANK, style.dim('command'), ...e.command.split('\n')]),
  ];
}
