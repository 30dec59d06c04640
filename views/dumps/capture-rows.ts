/**
 * The Dumps pane's capture list: a line per capture (newest first) with its state, when, what,
 * from which JVM, and its live progress (a gauge for a heap dump's fetch) or what it found.
 */
import { plainGauge } from '../components/bar.js';
import type { Column } from '../components/table.js';
import { colorFor, style } from '../theme.js';
import { liveStatus, type CaptureEntry } from './capture-entries.js';
import { clockTime } from '../../src/format/units.js';

const STATE: Record<CaptureEntry['state'], { text: string; paint: (t: string) => string }> = {
  running: { text: '◐', paint: style.accent },
  confirm: { text: '?', paint: style.warn },
  done: { text: '✔', paint: style.good },
  failed: { text: '✖', paint: style.bad },
  cancelled: { text: '–', paint: style.dim },
};

function what(entry: CaptureEntry): string {
  if (entry.kind === 'thread') return entry.count > 1 ? `threads ×${entry.count}` : 'threads';
  return entry.kind === 'heap' ? 'heap' : entry.kind === 'profile' ? 'profile' : 'histogram';
}

/** What the last column says: progress while running, the finding when done, the error when failed. */
export function captureStatus(entry: CaptureEntry, now: number): { text: string; paint?: (t: string) => string } {
  if (entry.state === 'failed' || entry.state === 'cancelled') {
    return { text: entry.error ?? entry.status, paint: entry.state === 'failed' ? style.bad : style.dim };
  }
  if (entry.state === 'confirm') return { text: entry.status, paint: style.warn };
  if (entry.state === 'running') {
    const text = liveStatus(entry, now);
    return { text: entry.fraction === null ? text : `${plainGauge(entry.fraction * 100, 10)} ${text}` };
  }
  if (entry.finding) {
    const finding = entry.finding;
    return { text: `${finding.text}  ${entry.status}`, paint: (t) => colorFor(finding.level)(t.slice(0, finding.text.length)) + t.slice(finding.text.length) };
  }
  return { text: entry.status };
}

export function captureColumns(now: number): Column<CaptureEntry>[] {
  return [
    { header: '', width: 1, priority: 10, cell: (e) => STATE[e.state] },
    { header: 'TIME', width: 8, priority: 6, cell: (e) => clockTime(e.startedAt) },
    { header: 'WHAT', width: 10, priority: 9, cell: what },
    { header: 'HOST', width: 10, priority: 8, cell: (e) => e.host },
    { header: 'PID', width: 7, align: 'right', priority: 8, cell: (e) => String(e.pid) },
    { header: 'MAIN CLASS', width: 16, priority: 4, cell: (e) => e.mainClass },
    { header: 'STATUS', width: 48, flex: true, priority: 10, cell: (e) => captureStatus(e, now) },
  ];
}
