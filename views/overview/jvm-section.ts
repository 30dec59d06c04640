/**
 * The overview's JVM section (only when the host runs JVMs): a line per JVM with its pid,
 * main class, heap used of max with a gauge, GC rate and share of time, live threads. Fewer
 * rows than JVMs: the busiest heaps are shown and the last line counts the rest. The full
 * figures are in the Dumps pane.
 */
import { stripVTControlCharacters } from 'node:util';
import type { Thresholds } from '../../src/analysis/thresholds.js';
import { levelOf } from '../../src/analysis/thresholds.js';
import type { JvmSnapshot } from '../../src/model/jvm-reading.js';
import { padEnd, padStart, truncate } from '../../src/format/text.js';
import { formatBytes, formatCount, formatPercent } from '../../src/format/units.js';
import type { HostSnapshot } from '../../src/model/host-snapshot.js';
import type { HostJvmsReading } from '../../src/model/platform-state.js';
import type { SectionNeed } from '../layout/allocate-rows.js';
import { gauge } from '../components/bar.js';
import { marked, style } from '../theme.js';

/** GC share of wall time that is worth a look, and that hurts (latency-sensitive services). */
export const GC_TIME_LEVELS = { warning: 5, critical: 20 };

interface JvmLine {
  pid: number;
  mainClass: string;
  snapshot: JvmSnapshot | null;
  /** No figures: why (the host's JVM monitor is not running, or nothing reads JVMs here). */
  why: string | null;
}

/** The host's JVMs: those with readings, then those only its process list knows. */
function jvmsOf(s: HostSnapshot, reading: HostJvmsReading | undefined): JvmLine[] {
  const read = (reading?.jvms ?? []).map((j) => ({ pid: j.pid, mainClass: j.mainClass, snapshot: j, why: null }));
  const known = new Set(read.map((j) => j.pid));
  const listed = s.jvms.filter((j) => !known.has(j.pid)).map((j) => ({ pid: j.pid, mainClass: j.mainClass, snapshot: null, why: reading?.error ?? null }));
  // The fullest heaps first: with few rows, those are the ones to see.
  return [...read, ...listed].sort((a, b) => heapPercent(b.snapshot) - heapPercent(a.snapshot) || a.pid - b.pid);
}

export function heapPercent(j: JvmSnapshot | null): number {
  const heap = j?.heap;
  if (!heap) return -1;
  const max = heap.max ?? heap.committed;
  return max > 0 ? (heap.used / max) * 100 : 0;
}

export function jvmNeed(s: HostSnapshot, reading: HostJvmsReading | undefined): SectionNeed[] {
  const count = jvmsOf(s, reading).length;
  return count === 0 ? [] : [{ id: 'jvm', min: 1, want: Math.min(count, 6), priority: 3 }];
}

export function jvmLines(s: HostSnapshot, reading: HostJvmsReading | undefined, width: number, rows: number, thresholds: Thresholds): string[] {
  const jvms = jvmsOf(s, reading);
  if (rows <= 0 || jvms.length === 0) return [];
  const shown = jvms.length > rows ? jvms.slice(0, rows) : jvms;
  const hidden = jvms.length - shown.length;
  return shown.map((j, i) => {
    const last = i === shown.length - 1 && hidden > 0;
    const more = last ? style.dim(` +${hidden} more (Dumps pane)`) : '';
    const room = width - (last ? ` +${hidden} more (Dumps pane)`.length : 0);
    return `${style.title(i === 0 ? 'JVM  ' : '     ')}${jvmFigures(j, room - 5, thresholds)}${more}`;
  });
}

/**
 * `  4242 GrowingCache     heap ████······  45% 115M/256M    GC  0.4/s   1.2%  thr   23` in
 * `width`: fixed-width fields so the lines of several JVMs align; threads, then GC, are left
 * out when the main class would get fewer than 12 columns.
 */
function jvmFigures(j: JvmLine, width: number, thresholds: Thresholds): string {
  const pid = padStart(String(j.pid), 7);
  const snap = j.snapshot;
  if (snap === null || snap.status !== 'ok' || snap.heap === null) {
    const why = snap?.error ?? j.why ?? 'waiting for the first reading';
    const name = truncate(j.mainClass, Math.max(8, Math.min(24, width - 20)));
    return `${pid} ${name}  ${style.dim(truncate(why, Math.max(0, width - 10 - name.length)))}`;
  }
  const percent = heapPercent(snap);
  const level = levelOf(percent, thresholds.memory);
  const gaugeWidth = width >= 100 ? 16 : 8;
  const sizes = padEnd(`${formatBytes(snap.heap.used)}/${formatBytes(snap.heap.max ?? snap.heap.committed)}`, 12);
  const heap = `heap ${gauge(percent, gaugeWidth, level)} ${marked(padStart(formatPercent(percent), 4), level)} ${sizes}`;
  const gc = snap.gc;
  const extras = [
    gc === null ? null : `GC ${padStart(gc.countPerSec === null ? '—' : formatCount(gc.countPerSec), 5)}/s ${marked(padStart(formatPercent(gc.timePercent), 5), levelOf(gc.timePercent, GC_TIME_LEVELS))}`,
    snap.threads === null ? null : `thr ${padStart(String(snap.threads.live), 4)}`,
  ].filter((e): e is string => e !== null);
  const base = 7 + 1 + 1 + plainLength(heap);
  while (extras.length > 0 && width - base - extras.reduce((sum, e) => sum + 2 + plainLength(e), 0) < 12) extras.pop();
  const nameWidth = Math.min(32, width - base - extras.reduce((sum, e) => sum + 2 + plainLength(e), 0));
  if (nameWidth < 6) return `${pid} ${truncate(j.mainClass, Math.max(1, width - 8))}`;
  return [`${pid} ${padEnd(j.mainClass, nameWidth)} ${heap}`, ...extras].join('  ').trimEnd();
}

function plainLength(text: string): number {
  return stripVTControlCharacters(text).length;
}
