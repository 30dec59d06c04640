/**
 * The Dumps pane's JVM table: columns with priorities (at 80 columns the least important go:
 * GC totals, committed, user, non-heap, uptime, max), and a row's line — figures, or for a
 * JVM without them its reason across the figure columns (never stale numbers).
 */
import { sortMarker } from '../components/sort-mark.js';
import { stripVTControlCharacters } from 'node:util';
import { levelOf, type Thresholds } from '../../src/analysis/thresholds.js';
import { truncate } from '../../src/format/text.js';
import { formatBytes, formatCount, formatDuration, formatMillis, formatPercent } from '../../src/format/units.js';
import { paintGauge, plainGauge } from '../components/bar.js';
import { rowLine, type Column } from '../components/table.js';
import { GC_TIME_LEVELS } from '../overview/jvm-section.js';
import { colorFor, levelCell, style } from '../theme.js';
import type { JvmRow, JvmSortKey } from './jvm-rows.js';

const GAUGE = 8;

function nonHeap(row: JvmRow): number | null {
  const n = row.figures?.nonHeap;
  if (!n) return null;
  const parts = [n.metaspace, n.codeCache].filter((p) => p !== null);
  return parts.length === 0 ? null : parts.reduce((sum, p) => sum + p!.used, 0);
}

export function jvmColumns(sort: JvmSortKey, reverse: boolean, thresholds: Thresholds): Column<JvmRow>[] {
  const mark = sortMarker<JvmSortKey>(sort, reverse, ['host', 'class']);
  const f = (row: JvmRow) => row.figures;
  const bytes = (value: number | null | undefined) => (value === null || value === undefined ? '' : formatBytes(value));
  const heapLevel = (row: JvmRow) => levelOf(row.heapPercent, thresholds.memory);
  return [
    { header: '', width: 1, priority: 10, cell: (r) => (r.note === null ? { text: '●', paint: style.good } : { text: '○', paint: style.dim }) },
    { header: mark('host', 'HOST'), width: 10, priority: 9, cell: (r) => r.host },
    { header: 'PID', width: 7, align: 'right', priority: 10, cell: (r) => String(r.pid) },
    { header: 'USER', width: 8, priority: 4, cell: (r) => r.user },
    { header: mark('class', 'MAIN CLASS'), width: 22, flex: true, maxWidth: 44, priority: 10, cell: (r) => r.mainClass },
    { header: mark('uptime', 'UP'), width: 7, align: 'right', priority: 5, cell: (r) => (f(r) ? formatDuration(f(r)!.uptimeSeconds) : '') },
    {
      header: mark('heap', 'HEAP'),
      width: GAUGE + 5,
      priority: 8,
      cell: (r) => {
        if (!f(r)) return '';
        const level = heapLevel(r);
        const text = `${plainGauge(r.heapPercent, GAUGE)}${levelCell(formatPercent(r.heapPercent), level).text.padStart(5)}`;
        return { text, paint: (t) => paintGauge(t.slice(0, GAUGE), level) + colorFor(level)(t.slice(GAUGE)) };
      },
    },
    { header: 'USED', width: 6, align: 'right', priority: 9, cell: (r) => bytes(f(r)?.heap?.used) },
    { header: 'COMMIT', width: 6, align: 'right', priority: 3, cell: (r) => bytes(f(r)?.heap?.committed) },
    { header: 'MAX', width: 6, align: 'right', priority: 6, cell: (r) => (f(r) ? (f(r)!.heap?.max === null ? 'none' : bytes(f(r)!.heap?.max)) : '') },
    { header: 'NONHEAP', width: 7, align: 'right', priority: 4, cell: (r) => bytes(nonHeap(r)) },
    { header: 'GC/s', width: 5, align: 'right', priority: 7, cell: (r) => (f(r)?.gc?.countPerSec == null ? '' : formatCount(f(r)!.gc!.countPerSec!)) },
    {
      header: mark('gc', 'GC%'),
      width: 6,
      align: 'right',
      priority: 8,
      cell: (r) => {
        const percent = f(r)?.gc?.timePercent;
        return percent === null || percent === undefined ? '' : levelCell(formatPercent(percent), levelOf(percent, GC_TIME_LEVELS));
      },
    },
    { header: 'GCs', width: 6, align: 'right', priority: 3, cell: (r) => (f(r)?.gc ? formatCount(f(r)!.gc!.count) : '') },
    { header: 'GC TIME', width: 7, align: 'right', priority: 2, cell: (r) => (f(r)?.gc ? formatMillis(f(r)!.gc!.timeMs) : '') },
    { header: mark('threads', 'THR'), width: 5, align: 'right', priority: 7, cell: (r) => (f(r)?.threads ? String(f(r)!.threads!.live) : '') },
  ];
}

/** A row's line: its figures, or its identity and the reason it has none across the rest. */
export function jvmRowLine(columns: readonly Column<JvmRow>[], row: JvmRow, width: number): string {
  if (row.note === null) return rowLine(columns, row);
  const identity = columns.filter((c) => c.priority === 10 || c.header.startsWith('HOST'));
  const head = rowLine(identity, row);
  return `${head} ${style.dim(truncate(row.note, Math.max(0, width - stripVTControlCharacters(head).length - 1)))}`;
}
