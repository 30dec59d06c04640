/**
 * One JVM's figures in full (what the table drops at 80 columns): heap, each non-heap pool,
 * every collector with its counts, times and rates, threads; the reason when there are none;
 * and the captures of this JVM. Pure.
 */
import type { Thresholds } from '../../src/analysis/thresholds.js';
import { levelOf } from '../../src/analysis/thresholds.js';
import type { PoolFigures } from '../../src/model/jvm-reading.js';
import { formatBytes, formatCount, formatDuration, formatMillis, formatPercent } from '../../src/format/units.js';
import { gauge } from '../components/bar.js';
import { wrapLines } from '../emergency/observable.js';
import { style } from '../theme.js';
import { captureStatus } from './capture-rows.js';
import { KIND_NAMES, type CaptureEntry } from './capture-entries.js';
import type { JvmRow } from './jvm-rows.js';
import { clockTime } from '../../src/format/units.js';

function pool(name: string, p: PoolFigures | null): string | null {
  if (p === null) return null;
  // Metaspace counters are refreshed at each GC only: before the first one they read 0.
  if (p.used === 0 && p.committed === 0) return `${name} not reported before the first GC`;
  return `${name} ${formatBytes(p.used)} (committed ${formatBytes(p.committed)}${p.max === null ? '' : `, max ${formatBytes(p.max)}`})`;
}

export function jvmDetailLines(row: JvmRow, captures: readonly CaptureEntry[], width: number, thresholds: Thresholds, now: number): string[] {
  const f = row.figures;
  const label = (text: string) => style.bold(text.padEnd(10));
  const out: string[] = [style.title(`JVM ${row.pid} on ${row.host}`) + `  ${row.mainClass}, user ${row.user}${f?.uptimeSeconds != null ? `, up ${formatDuration(f.uptimeSeconds)}` : ''}`];
  if (row.note !== null) out.push(...wrapLines([`No current figures: ${row.note}`], width).map(style.warn));
  if (f?.heap) {
    const level = levelOf(row.heapPercent, thresholds.memory);
    out.push(`${label('Heap')}${gauge(row.heapPercent, 20, level)} ${formatPercent(row.heapPercent)}  used ${formatBytes(f.heap.used)} of ${f.heap.max === null ? 'no max' : `${formatBytes(f.heap.max)} max`}, committed ${formatBytes(f.heap.committed)}`);
  }
  if (f?.nonHeap) {
    const n = f.nonHeap;
    const pools = [pool('metaspace', n.metaspace), pool('class space', n.classSpace), pool('code cache', n.codeCache)].filter((p): p is string => p !== null);
    const at = n.codeCacheTime ? ` (code cache read ${clockTime(n.codeCacheTime)})` : n.codeCache === null ? ' (code cache not read yet)' : '';
    out.push(...wrapLines([`Non-heap  ${pools.join(', ') || 'not reported'}${at}`], width));
  }
  if (f?.gc) {
    const g = f.gc;
    out.push(`${label('GC')}${g.policy ?? 'policy not reported'}${g.lastCause ? `, last cause: ${g.lastCause}` : ''}`);
    out.push(`          ${formatCount(g.count)} collections, ${formatMillis(g.timeMs)} in all; now ${rate(g.countPerSec)}/s, ${formatPercent(g.timePercent)} of the time`);
    for (const c of g.collectors) out.push(`  ${c.name.padEnd(34)} ${formatCount(c.count).padStart(7)} × ${formatMillis(c.timeMs).padStart(7)}  ${rate(c.countPerSec).padStart(5)}/s ${formatPercent(c.timePercent).padStart(6)}`);
  }
  if (f?.threads) out.push(`${label('Threads')}${f.threads.live} live${f.threads.daemon === null ? '' : `, ${f.threads.daemon} daemon`}${f.threads.peak === null ? '' : `, peak ${f.threads.peak}`}`);
  const mine = captures.filter((c) => c.host === row.host && c.pid === row.pid);
  out.push('', style.bold(`Captures of this JVM: ${mine.length === 0 ? 'none yet' : mine.length}`));
  for (const c of mine) {
    const status = captureStatus(c, now);
    out.push(`  ${clockTime(c.startedAt)} ${KIND_NAMES[c.kind].padEnd(11)} ${status.text}`);
  }
  return out;
}

function rate(value: number | null): string {
  return value === null ? '—' : formatCount(value);
}
