import { javaClassName, type ClassGrowth, type HistogramRow } from './class-histogram.js';

/** Plain-text tables for `perfmon analyze --histogram`: the top classes, or the growth between two captures. */

export function formatTopClasses(source: string, rows: readonly HistogramRow[], totalBytes: number): string {
  const lines = [`TOP CLASSES BY BYTES: ${source} (${bytes(totalBytes)} in all)`];
  lines.push(...table(['bytes', 'instances', 'class'], rows.map((r) => [bytes(r.bytes), count(r.instances), javaClassName(r.className)])));
  return `${lines.join('\n')}\n`;
}

export function formatClassGrowth(before: string, after: string, growth: readonly ClassGrowth[]): string {
  const lines = [`CLASS GROWTH: ${before} → ${after} (largest growth in bytes first)`];
  lines.push(
    ...table(
      ['+bytes', '+instances', 'bytes now', 'instances now', 'class'],
      growth.map((g) => [signed(g.bytesDelta, bytes), signed(g.instancesDelta, count), bytes(g.bytesAfter), count(g.instancesAfter), javaClassName(g.className)]),
    ),
  );
  return `${lines.join('\n')}\n`;
}

/** Right-aligned numeric columns, the last (class name) left-aligned. */
function table(head: string[], rows: string[][]): string[] {
  const all = [head, ...rows];
  const widths = head.map((_, c) => Math.max(...all.map((r) => (r[c] ?? '').length)));
  return all.map(
    (r) =>
      '  ' +
      r
        .map((cell, c) => (c === r.length - 1 ? cell : cell.padStart(widths[c] ?? 0)))
        .join('  ')
        .trimEnd(),
  );
}

function bytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = Math.abs(n);
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const text = unit === 0 ? String(value) : value.toFixed(1);
  return `${n < 0 ? '-' : ''}${text} ${units[unit]}`;
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

function signed(n: number, format: (n: number) => string): string {
  return n > 0 ? `+${format(n)}` : format(n);
}
