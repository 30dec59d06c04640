import { levelOf, type Thresholds } from '../../src/analysis/thresholds.js';
import { filesystemUsePercent } from '../../src/analysis/filesystem-use.js';
import { formatByteRate, formatBytes, formatCount, formatMillis, formatPercent } from '../../src/format/units.js';
import type { DiskSnapshot, FilesystemSnapshot, HostSnapshot, NetworkSnapshot } from '../../src/model/host-snapshot.js';
import { fitColumns, headerLine, rowLine, type Column } from '../components/table.js';
import { paintGauge, plainGauge } from '../components/bar.js';
import { levelCell, style } from '../theme.js';
import { fitWords } from '../../src/format/text.js';
import { processColumns } from '../processes/process-table.js';

/**
 * A table cut to `maxLines` lines (header included). When rows don't fit, the title (the first
 * column's header) says how many are hidden: "DISK +11".
 */
function tableLines<Row>(columns: Column<Row>[], rows: readonly Row[], width: number, maxLines: number): string[] {
  if (maxLines < 2) return [];
  const shown = rows.slice(0, maxLines - 1);
  const hidden = rows.length - shown.length;
  const titled = hidden > 0 && columns[0] ? [{ ...columns[0], header: `${columns[0].header} +${hidden}` }, ...columns.slice(1)] : columns;
  const fitted = fitColumns(titled, width);
  return [style.title(headerLine(fitted)), ...shown.map((r) => rowLine(fitted, r))];
}

const rate = (n: number) => formatCount(n);

export function diskLines(s: HostSnapshot, width: number, rows: number, thresholds: Thresholds): string[] {
  const columns: Column<DiskSnapshot>[] = [
    { header: 'DISK', width: 10, flex: true, maxWidth: 24, priority: 10, cell: (d) => d.device },
    { header: 'r/s', width: 6, align: 'right', priority: 8, cell: (d) => rate(d.readIops) },
    { header: 'w/s', width: 6, align: 'right', priority: 8, cell: (d) => rate(d.writeIops) },
    { header: 'read', width: 8, align: 'right', priority: 9, cell: (d) => formatByteRate(d.readBytesPerSec) },
    { header: 'write', width: 8, align: 'right', priority: 9, cell: (d) => formatByteRate(d.writeBytesPerSec) },
    { header: 'await', width: 7, align: 'right', priority: 6, cell: (d) => formatMillis(d.awaitMs) },
    { header: 'queue', width: 5, align: 'right', priority: 5, cell: (d) => (d.queueLength === null ? '—' : d.queueLength.toFixed(1)) },
    {
      header: 'util',
      width: 5,
      align: 'right',
      priority: 7,
      cell: (d) => levelCell(formatPercent(d.utilisation), levelOf(d.utilisation, thresholds.disk)),
    },
  ];
  const busiest = [...s.disks].sort((a, b) => b.readIops + b.writeIops - (a.readIops + a.writeIops));
  return tableLines(columns, busiest, width, rows);
}

export function filesystemLines(s: HostSnapshot, width: number, rows: number, thresholds: Thresholds): string[] {
  const pct = (f: FilesystemSnapshot) => filesystemUsePercent(f) ?? 0;
  const longestMount = Math.max(0, ...s.filesystems.map((f) => f.mount.length));
  const columns: Column<FilesystemSnapshot>[] = [
    // As wide as the longest mount, leaving room for free and use: a path that fits is never
    // cut (the less useful columns give way to it first).
    { header: 'FILESYSTEM', width: Math.max(14, Math.min(longestMount, width - 13)), flex: true, maxWidth: Math.max(14, longestMount), priority: 10, cell: (f) => f.mount },
    { header: 'type', width: 6, priority: 3, cell: (f) => f.type },
    { header: 'size', width: 6, align: 'right', priority: 6, cell: (f) => formatBytes(f.size) },
    { header: 'used', width: 6, align: 'right', priority: 5, cell: (f) => formatBytes(f.used) },
    { header: 'free', width: 6, align: 'right', priority: 9, cell: (f) => formatBytes(f.available) },
    { header: '', width: 10, priority: 4, cell: (f) => ({ text: plainGauge(pct(f), 10), paint: (t) => paintGauge(t, levelOf(pct(f), thresholds.filesystem)) }) },
    { header: 'use', width: 5, align: 'right', priority: 8, cell: (f) => levelCell(formatPercent(pct(f)), levelOf(pct(f), thresholds.filesystem)) },
  ];
  const fullest = [...s.filesystems].sort((a, b) => pct(b) - pct(a));
  return tableLines(columns, fullest, width, rows);
}

export function networkLines(s: HostSnapshot, width: number, rows: number): string[] {
  const bad = (n: number) => ({ text: formatCount(n), paint: n > 0 ? style.warn : (t: string) => t });
  const columns: Column<NetworkSnapshot>[] = [
    { header: 'NETWORK', width: 11, flex: true, maxWidth: 24, priority: 10, cell: (n) => n.iface },
    { header: 'rx', width: 8, align: 'right', priority: 9, cell: (n) => formatByteRate(n.rxBytesPerSec) },
    { header: 'tx', width: 8, align: 'right', priority: 9, cell: (n) => formatByteRate(n.txBytesPerSec) },
    { header: 'rx pk/s', width: 7, align: 'right', priority: 5, cell: (n) => rate(n.rxPacketsPerSec) },
    { header: 'tx pk/s', width: 7, align: 'right', priority: 5, cell: (n) => rate(n.txPacketsPerSec) },
    { header: 'err', width: 4, align: 'right', priority: 7, cell: (n) => bad(n.rxErrors + n.txErrors) },
    { header: 'drop', width: 4, align: 'right', priority: 6, cell: (n) => bad(n.rxDrops + n.txDrops) },
  ];
  // Loopback last: what matters is what crosses the wire.
  const ordered = [...s.network].sort(
    (a, b) => Number(a.iface === 'lo') - Number(b.iface === 'lo') || b.rxBytesPerSec + b.txBytesPerSec - (a.rxBytesPerSec + a.txBytesPerSec),
  );
  return tableLines(columns, ordered, width, rows);
}

/** TCP sockets by state in one line, the states an operator reads first coming first. */
export function tcpLine(s: HostSnapshot, width: number): string {
  const t = s.tcp;
  const parts = [
    `est ${t.established}`,
    `listen ${t.listen}`,
    `time-wait ${t.timeWait}`,
    `close-wait ${t.closeWait}`,
    ...(t.retransmitsPerSec === null ? [] : [`retrans ${formatCount(t.retransmitsPerSec)}/s`]),
    `syn-sent ${t.synSent}`,
    `syn-recv ${t.synRecv}`,
    `fin-wait ${t.finWait1 + t.finWait2}`,
    `last-ack ${t.lastAck}`,
    `closing ${t.closing}`,
  ];
  return `${style.title('TCP  ')}${fitWords(parts, width - 5).join('  ')}`;
}

/**
 * The busiest processes, with the rows an overview has left: `PROCESSES  top 12 of 240 by CPU
 * (4: all of them)`, then the Processes pane's columns. Nothing below three rows.
 */
export function processLines(s: HostSnapshot, width: number, rows: number, thresholds: Thresholds): string[] {
  if (rows < 3 || s.processes.length === 0) return [];
  const busiest = [...s.processes].sort((a, b) => b.cpu - a.cpu || b.rss - a.rss);
  const shown = Math.min(busiest.length, rows - 2);
  const title = `${style.title('PROCESSES')}  ${shown < busiest.length ? `top ${shown} of ${busiest.length}` : `all ${busiest.length}`} by CPU${shown < busiest.length ? ' (4: all of them)' : ''}`;
  return [title, ...tableLines(processColumns('cpu', false, thresholds), busiest.slice(0, shown), width, rows - 1)];
}
