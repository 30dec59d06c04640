/**
 * An open JFR profile in the Dumps pane: the flame graph (CPU samples or allocated bytes) as
 * an icicle with the selected frame's figures above it and the keys that move in it, in
 * `width` × `height` cells. The report (hot methods, allocations, locks, slow I/O, GC) is the
 * text view of analysis-lines.ts. Pure.
 */
import { formatBytes, formatCount } from '../../src/format/units.js';
import type { ProfileAnalysis } from '../../src/diagnostics/profile/analyze-profile.js';
import { flameOf } from '../../src/diagnostics/profile/profile-exports.js';
import { truncate } from '../../src/format/text.js';
import { flameView, shortFrame } from '../components/flame-graph.js';
import { style } from '../theme.js';
import type { ProfileViewState } from './use-dumps-state.js';

export function profileFlameLines(analysis: ProfileAnalysis, view: ProfileViewState, width: number, height: number): string[] {
  const cpu = view.flame === 'cpu';
  const tree = flameOf(analysis, view.flame);
  const amount = (n: number) => (cpu ? `${formatCount(n)} sample${n === 1 ? '' : 's'}` : formatBytes(n));
  const head = cpu
    ? `CPU flame graph: ${analysis.cpu.samples} execution samples (a: allocations, i: report)`
    : `Allocation flame graph: ${formatBytes(analysis.allocation.bytes)} in ${analysis.allocation.samples} samples, class on top (a: CPU, i: report)`;
  if (tree.value === 0) return [style.title(head), style.dim(cpu ? 'No Java code ran on the CPU during the recording.' : 'No allocation samples in the recording.')];
  const zoom = view.cursor.zoom.length === 0 ? 'all' : `… › ${view.cursor.zoom.slice(-2).map(shortFrame).join(' › ')}`;
  const graph = flameView(tree, view.cursor, width, Math.max(1, height - 3));
  const s = graph.selected;
  const selected = s === null ? '' : `${style.selected(` ${truncate(s.name, Math.max(10, width - 40))} `)} ${amount(s.value)} ${s.percent.toFixed(1)}%${s.self > 0 ? `, self ${amount(s.self)}` : ''}`;
  const keys = style.dim(`zoom ${zoom} · ↑↓ depth ←→ siblings Enter zoom Esc ${view.cursor.zoom.length > 0 ? 'zoom out' : 'back'} e export`);
  const more = graph.hiddenBelow > 0 ? [style.dim(`… ${graph.hiddenBelow} deeper row${graph.hiddenBelow === 1 ? '' : 's'} (↓ goes there)`)] : [];
  return [`${style.title(head)}`, selected, keys, ...graph.rows.slice(0, Math.max(1, height - 3 - more.length)), ...more];
}
