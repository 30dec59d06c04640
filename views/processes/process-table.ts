import { sortMarker } from '../components/sort-mark.js';
import { levelOf, type Thresholds } from '../../src/analysis/thresholds.js';
import { formatBytes, formatPercent } from '../../src/format/units.js';
import type { ProcessSnapshot } from '../../src/model/host-snapshot.js';
import type { Column } from '../components/table.js';
import { levelCell } from '../theme.js';
import type { SortKey } from './process-rows.js';

/** The process table's columns; the sorted one is marked ▼ (▲ reversed) in its header. */
export function processColumns(sort: SortKey, reverse: boolean, thresholds: Thresholds): Column<ProcessSnapshot>[] {
  const mark = sortMarker<SortKey>(sort, reverse, ['pid', 'user', 'command']);
  return [
    { header: mark('pid', 'PID'), width: 8, align: 'right', priority: 10, cell: (p) => String(p.pid) },
    { header: mark('user', 'USER'), width: 9, priority: 6, cell: (p) => p.user },
    { header: 'S', width: 1, priority: 2, cell: (p) => p.state.slice(0, 1) },
    { header: 'THR', width: 4, align: 'right', priority: 3, cell: (p) => (p.threads === null ? '—' : String(p.threads)) },
    { header: mark('cpu', 'CPU%'), width: 6, align: 'right', priority: 9, cell: (p) => levelCell(formatPercent(p.cpu), levelOf(p.cpu, thresholds.cpu)) },
    { header: 'MEM%', width: 5, align: 'right', priority: 5, cell: (p) => formatPercent(p.memory) },
    { header: mark('memory', 'RSS'), width: 6, align: 'right', priority: 8, cell: (p) => formatBytes(p.rss) },
    { header: mark('command', 'COMMAND'), width: 12, flex: true, priority: 10, cell: (p) => p.args || p.command },
  ];
}

/** The detail view of one process, wrapped to `width`. */
export function processDetailLines(p: ProcessSnapshot, width: number): string[] {
  const facts = [
    `PID ${p.pid}   user ${p.user}   state ${p.state}   threads ${p.threads ?? '—'}`,
    `CPU ${formatPercent(p.cpu)} of one core   RSS ${formatBytes(p.rss)} (${formatPercent(p.memory)} of memory)`,
    `command ${p.command}`,
    'command line:',
  ];
  const args = p.args || p.command;
  const wrapped: string[] = [];
  const room = Math.max(10, width - 2);
  for (let i = 0; i < args.length; i += room) wrapped.push(`  ${args.slice(i, i + room)}`);
  return [...facts, ...wrapped];
}
