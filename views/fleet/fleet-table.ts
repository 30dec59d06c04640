import { sortMarker } from '../components/sort-mark.js';
import { levelOf, type Thresholds } from '../../src/analysis/thresholds.js';
import { formatByteRate, formatPercent } from '../../src/format/units.js';
import type { Column } from '../components/table.js';
import { sparkline } from '../components/sparkline.js';
import { levelCell, style } from '../theme.js';
import type { FleetRow, FleetSortKey } from './fleet-rows.js';

const STATUS: Record<string, { text: string; paint: (t: string) => string }> = {
  up: { text: '●', paint: style.good },
  down: { text: '✖', paint: style.bad },
  connecting: { text: '…', paint: style.dim },
};

/**
 * The fleet table's columns. A down host's row keeps its name and puts the reason across the
 * figure columns (see fleetRowLine), so nothing stale reads as current.
 */
export function fleetColumns(sort: FleetSortKey, reverse: boolean, thresholds: Thresholds, trendWidth: number): Column<FleetRow>[] {
  const mark = sortMarker<FleetSortKey>(sort, reverse, ['name']);
  const blank = (row: FleetRow) => row.host.status !== 'up' || row.host.snapshot === null;
  return [
    { header: '', width: 1, priority: 10, cell: (r) => STATUS[r.host.status] ?? STATUS['connecting']! },
    { header: mark('name', 'HOST'), width: 12, flex: true, maxWidth: 28, priority: 10, cell: (r) => r.name },
    { header: mark('cpu', 'CPU'), width: 5, align: 'right', priority: 9, cell: (r) => (blank(r) ? '' : levelCell(formatPercent(r.cpu), levelOf(r.cpu, thresholds.cpu))) },
    { header: mark('memory', 'MEM'), width: 5, align: 'right', priority: 8, cell: (r) => (blank(r) ? '' : levelCell(formatPercent(r.memory), levelOf(r.memory, thresholds.memory))) },
    {
      header: mark('disk', 'DISK'),
      width: 13,
      align: 'right',
      priority: 6,
      cell: (r) => (blank(r) || !r.disk ? '' : levelCell(`${r.disk.device} ${formatPercent(r.disk.utilisation)}`, levelOf(r.disk.utilisation, thresholds.disk))),
    },
    {
      header: mark('filesystem', 'FS'),
      width: 11,
      align: 'right',
      priority: 6,
      cell: (r) => (blank(r) || !r.filesystem ? '' : levelCell(`${r.filesystem.mount} ${formatPercent(r.filesystem.percent)}`, levelOf(r.filesystem.percent, thresholds.filesystem))),
    },
    { header: mark('network', 'NET'), width: 8, align: 'right', priority: 5, cell: (r) => (blank(r) ? '' : formatByteRate(r.network ?? 0)) },
    {
      header: mark('load', 'LOAD'),
      width: 6,
      align: 'right',
      priority: 7,
      cell: (r) => (blank(r) ? '' : levelCell((r.load ?? 0).toFixed(2), levelOf(r.loadPerCore, thresholds.loadPerCore))),
    },
    // Why a row is yellow or red, so the operator need not scan every column for it.
    { header: 'WHY', width: 16, flex: true, maxWidth: 40, priority: 5, cell: (r) => (blank(r) ? '' : { text: r.reasons.join(', '), paint: r.level === 'critical' ? style.bad : style.warn }) },
    { header: 'CPU TREND', width: trendWidth, priority: 4, cell: (r) => ({ text: sparkline(r.host.series.cpu.tail(trendWidth), trendWidth, 100), paint: style.accent }) },
  ];
}
