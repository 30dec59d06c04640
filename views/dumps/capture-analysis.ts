/**
 * What a capture shows, computed from its files by the engine's analysers (the same as
 * `perfmon analyze`): a thread-dump series' analysis, a class histogram's top classes and its
 * growth since the previous histogram of the same JVM, a heap dump's facts. Also the few words
 * the capture list shows for each ("DEADLOCK ×1", "+1.1M GrowingCache$OrderSnapshot").
 */
import type { Level } from '../../src/analysis/thresholds.js';
import { analyzeHistogramFiles, analyzeThreadDumpFiles, type HistogramOutput } from '../../src/diagnostics/analyze-files.js';
import type { ThreadDumpAnalysis } from '../../src/diagnostics/analyze-thread-dump.js';
import { javaClassName } from '../../src/diagnostics/class-histogram.js';
import { formatBytes } from '../../src/format/units.js';
import type { ProfileAnalysis } from '../../src/diagnostics/profile/analyze-profile.js';
import { analyzeRecording } from '../../src/diagnostics/profile/read-recording.js';
import type { CaptureEntry } from './capture-entries.js';
import { shortFrame } from '../components/flame-graph.js';

/** How many hot threads, stack groups and classes an analysis keeps. */
const TOP = 20;

export type CaptureAnalysis =
  | { kind: 'thread'; analysis: ThreadDumpAnalysis }
  | { kind: 'histogram'; output: HistogramOutput; files: string[] }
  | { kind: 'heap'; lines: string[] }
  | { kind: 'profile'; analysis: ProfileAnalysis }
  | { kind: 'error'; message: string };

/** The histogram of the same JVM taken before `entry`, if any (the list is newest first). */
export function previousHistogram(entry: CaptureEntry, captures: readonly CaptureEntry[]): string | null {
  const earlier = captures.filter((c) => c.kind === 'histogram' && c.state === 'done' && c.host === entry.host && c.pid === entry.pid && c.startedAt < entry.startedAt);
  return earlier[0]?.files[0] ?? null;
}

export async function analyzeCapture(entry: CaptureEntry, captures: readonly CaptureEntry[]): Promise<CaptureAnalysis> {
  try {
    if (entry.files.length === 0) return { kind: 'error', message: entry.error ?? 'nothing was saved' };
    if (entry.kind === 'thread') return { kind: 'thread', analysis: (await analyzeThreadDumpFiles(entry.files, TOP)).json };
    if (entry.kind === 'histogram') {
      const before = previousHistogram(entry, captures);
      const files = before === null ? [entry.files[0]!] : [before, entry.files[0]!];
      return { kind: 'histogram', output: (await analyzeHistogramFiles(files, TOP)).json, files };
    }
    if (entry.kind === 'profile') return { kind: 'profile', analysis: await analyzeRecording(entry.files[0]!, { top: TOP }) };
    return { kind: 'heap', lines: heapLines(entry) };
  } catch (error) {
    return { kind: 'error', message: (error as Error).message };
  }
}

function heapLines(entry: CaptureEntry): string[] {
  const file = entry.files[0] ?? entry.localPath ?? '?';
  return [
    `File: ${file}`,
    ...entry.detail,
    '',
    'Open it with a heap analyser (Eclipse MAT, VisualVM, IntelliJ): it is gzip-compressed HPROF;',
    `tools that want plain .hprof: gunzip -k ${file}`,
  ];
}

export function findingOf(result: CaptureAnalysis): { text: string; level: Level } | null {
  switch (result.kind) {
    case 'thread':
      return threadFinding(result.analysis);
    case 'histogram': {
      const output = result.output;
      if ('growth' in output) {
        const top = output.growth[0];
        return top && top.bytesDelta > 0 ? { text: `+${formatBytes(top.bytesDelta)} ${javaClassName(top.className)}`, level: 'warning' } : { text: 'no class grew', level: 'ok' };
      }
      const top = output.top[0];
      return top ? { text: `top ${formatBytes(top.bytes)} ${javaClassName(top.className)}`, level: 'ok' } : null;
    }
    case 'heap':
      return null;
    case 'profile': {
      const hot = result.analysis.cpu.hotMethods[0];
      return hot ? { text: `hot ${shortFrame(hot.method)} ${Math.round(hot.selfPercent)}%`, level: hot.selfPercent >= 50 ? 'warning' : 'ok' } : { text: 'no CPU samples', level: 'ok' };
    }
    case 'error':
      return { text: 'unreadable', level: 'warning' };
  }
}

function threadFinding(a: ThreadDumpAnalysis): { text: string; level: Level } {
  const deadlocks = Math.max(a.deadlocks.length, a.jvmDeadlocks.length);
  if (deadlocks > 0) return { text: `DEADLOCK ×${deadlocks}`, level: 'critical' };
  const waiting = a.blocked.length;
  if (waiting > 0) return { text: `${waiting} waiting for locks`, level: 'warning' };
  const saturated = a.pools.find((p) => p.saturated);
  if (saturated) return { text: `${saturated.name} saturated`, level: 'warning' };
  // Over a series: a thread burning half a core or more between the dumps.
  const hot = a.hot.find((h) => h.basis === 'delta' && (h.cpuPercent ?? 0) >= 50);
  if (hot) return { text: `hot "${hot.thread}" ${Math.round(hot.cpuPercent!)}%`, level: 'warning' };
  if (a.stuck.length > 0) return { text: `${a.stuck.length} stuck`, level: 'warning' };
  return { text: `no deadlock, ${a.threads} threads`, level: 'ok' };
}
