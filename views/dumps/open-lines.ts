/**
 * What the Dumps pane shows when something is open: a JVM's full figures, or a capture's
 * analysis (computed by the desk; "analysing…" until it is), under a title line. Pure.
 */
import type { Thresholds } from '../../src/analysis/thresholds.js';
import { wrapLines } from '../emergency/observable.js';
import { style } from '../theme.js';
import type { CaptureAnalysis } from './capture-analysis.js';
import { KIND_NAMES, liveStatus, type CaptureEntry } from './capture-entries.js';
import { analysisLines } from './analysis-lines.js';
import { jvmDetailLines } from './jvm-detail.js';
import type { JvmRow } from './jvm-rows.js';
import type { DumpsView } from './use-dumps-state.js';
import { clockTime } from '../../src/format/units.js';

export interface OpenContext {
  rows: readonly JvmRow[];
  captures: readonly CaptureEntry[];
  analyses: Readonly<Record<string, CaptureAnalysis | 'loading'>>;
  width: number;
  thresholds: Thresholds;
  now: number;
}

export function openLines(view: DumpsView, c: OpenContext): { title: string; body: string[] } {
  if (view.kind === 'jvm') {
    const row = c.rows.find((r) => r.id === view.id);
    if (!row) return { title: style.title(`JVM ${view.id}`), body: [style.dim('This JVM is gone from the readings (it exited, or its host is no longer watched).')] };
    const [title = '', ...body] = jvmDetailLines(row, c.captures, c.width, c.thresholds, c.now);
    return { title, body };
  }
  const entry = c.captures.find((e) => e.id === view.id);
  if (!entry) return { title: style.title('Capture'), body: [style.dim('This capture is no longer listed.')] };
  const when = clockTime(entry.startedAt);
  const what = entry.kind === 'thread' ? `${entry.files.length > 1 ? `${entry.files.length} thread dumps` : 'Thread dump'}` : KIND_NAMES[entry.kind].replace(/^./, (ch) => ch.toUpperCase());
  const title = `${style.title(what)} of JVM ${entry.pid} on ${entry.host}${entry.mainClass ? ` (${entry.mainClass})` : ''}, ${when}`;
  const head: string[] = [];
  if (entry.state === 'running' || entry.state === 'confirm') head.push(style.accent(`Still running: ${liveStatus(entry, c.now)}`), '');
  if (entry.error) head.push(...wrapLines([entry.error], c.width).map(entry.state === 'failed' ? style.bad : style.dim), '');
  const analysis = c.analyses[entry.id];
  if (entry.files.length === 0) return { title, body: head.length > 0 ? head : [style.dim('Nothing saved yet.')] };
  const body = analysis === undefined || analysis === 'loading' ? [style.dim('Analysing…')] : analysisLines(analysis, c.width);
  return { title, body: [...head, ...body] };
}
