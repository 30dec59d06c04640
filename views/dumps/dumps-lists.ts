/**
 * The Dumps pane's list view as lines: the JVM table above, the captures below, sharing the
 * rows (the captures take at most 40 % once there are several), each scrolled to keep its
 * selection in view. Pure: the pane passes the rows, selections and offsets.
 */
import type { Thresholds } from '../../src/analysis/thresholds.js';
import { truncate } from '../../src/format/text.js';
import { fitColumns, headerLine, rowLine } from '../components/table.js';
import { style } from '../theme.js';
import type { CaptureEntry } from './capture-entries.js';
import { captureColumns } from './capture-rows.js';
import type { JvmRow, JvmSortKey } from './jvm-rows.js';
import { jvmColumns, jvmRowLine } from './jvm-table.js';

/** Rows of the JVM list and of the capture list (their titles and headers not counted). */
export function listSizes(room: number, captures: number): { jvms: number; captures: number } {
  // The capture section: its title line, then its rows.
  const captureArea = captures === 0 ? 1 : Math.min(captures + 1, Math.max(3, Math.floor(room * 0.4)));
  return { jvms: Math.max(1, room - captureArea - 1), captures: Math.max(0, captureArea - 1) };
}

export interface ListView {
  width: number;
  thresholds: Thresholds;
  sort: JvmSortKey;
  reverse: boolean;
  focus: 'jvms' | 'captures';
  rows: readonly JvmRow[];
  /** Said instead of the JVM rows when there are none. */
  empty: string;
  jvm: { index: number; offset: number; height: number };
  captures: readonly CaptureEntry[];
  capture: { index: number; offset: number; height: number };
  now: number;
}

export function listLines(v: ListView): string[] {
  const columns = fitColumns(jvmColumns(v.sort, v.reverse, v.thresholds), v.width);
  const jvmLines = v.rows.slice(v.jvm.offset, v.jvm.offset + v.jvm.height).map((row, i) => {
    const line = jvmRowLine(columns, row, v.width);
    return v.jvm.offset + i === v.jvm.index ? (v.focus === 'jvms' ? style.selected(line) : style.bold(line)) : line;
  });
  const out = [style.bold(headerLine(columns)), ...(v.rows.length === 0 ? [style.dim(truncate(v.empty, v.width))] : jvmLines)];
  const mark = (focused: boolean) => (focused ? style.key('▸ ') : '  ');
  const title = `${mark(v.focus === 'captures')}${style.title('Captures')} ${v.captures.length === 0 ? style.dim('none yet') : style.dim(`${v.captures.length}, newest first`)}`;
  out.push(title);
  const capColumns = fitColumns(captureColumns(v.now), v.width);
  v.captures.slice(v.capture.offset, v.capture.offset + v.capture.height).forEach((entry, i) => {
    const line = rowLine(capColumns, entry);
    out.push(v.capture.offset + i === v.capture.index && v.focus === 'captures' ? style.selected(line) : line);
  });
  return out;
}
