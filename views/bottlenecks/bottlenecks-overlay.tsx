import { useMemo, useState } from 'react';
import { findingLines } from '../../src/analysis/bottlenecks/format-findings.js';
import type { ComponentTopology } from '../../src/analysis/bottlenecks/impact.js';
import { wrapWords } from '../../src/format/text.js';
import { clockTime, formatDuration } from '../../src/format/units.js';
import { Lines } from '../components/lines.js';
import { useCommand, useModal } from '../keys/use-command.js';
import { colorFor, style } from '../theme.js';
import { useBottlenecks, type BottlenecksState } from './use-bottlenecks.js';

export interface BottlenecksOverlayProps {
  width: number;
  height: number;
  historyDir: string;
  topology: readonly ComponentTopology[];
  /** The end of the window: the moment the UI shows (the time cursor's, or now). */
  at: number;
  live: boolean;
  onClose(): void;
}

const HEADING = /^\d+\. (CRITICAL|WARNING|INFO) /;

/** The findings as the CLI prints them, narrower terminals showing fewer figures per finding; the heading coloured by severity. */
export function bottleneckLines(state: BottlenecksState, width: number): string[] {
  if (state.status === 'reading') return [style.dim(`reading ${formatDuration(state.windowMs / 1000)} of history…`)];
  if (state.status === 'failed') return wrapWords(`cannot analyse: ${state.message}`, width).map((l) => style.bad(l));
  const { findings, hosts } = state.report;
  if (findings.length === 0) return wrapWords(`No bottleneck on ${hosts.length} hosts: no resource was at or past its level for half of the window.`, width);
  const compact = width < 120 ? { evidence: 2, culprits: 2, actions: 3 } : {};
  return findings.flatMap((f, i) => [
    ...findingLines(f, i + 1, width, compact).map((line) => {
      const heading = HEADING.exec(line);
      return heading ? (heading[1] === 'CRITICAL' ? colorFor('critical')(line) : heading[1] === 'WARNING' ? colorFor('warning')(line) : style.bold(line)) : line;
    }),
    '',
  ]);
}

/**
 * "Run Analysis" in the TUI: the bottleneck findings over the window up to the moment shown,
 * read from history (the same analysis and lines as `perfmon bottlenecks`), over the pane.
 */
export function BottlenecksOverlay({ width, height, historyDir, topology, at, live, onClose }: BottlenecksOverlayProps) {
  useModal('bottlenecks');
  const { state, nextWindow } = useBottlenecks(historyDir, topology, at);
  const lines = useMemo(() => bottleneckLines(state, width), [state, width]);
  const [top, setTop] = useState(0);
  const room = Math.max(1, height - 1);
  const scroll = (by: number) => setTop((t) => Math.max(0, Math.min(Math.max(0, lines.length - room), t + by)));
  useCommand('modal.close', onClose);
  useCommand('bottlenecks.close', onClose);
  useCommand('bottlenecks.window', () => {
    setTop(0);
    nextWindow();
  });
  useCommand('modal.down', () => scroll(1));
  useCommand('modal.up', () => scroll(-1));
  useCommand('modal.pageDown', () => scroll(room - 1));
  useCommand('modal.pageUp', () => scroll(-(room - 1)));
  const found = state.status === 'done' ? state.report.findings.length : null;
  const count = found === null ? '' : ` · ${found} finding${found === 1 ? '' : 's'}`;
  const more = lines.length > room ? ` · ${top + 1}–${Math.min(lines.length, top + room)}/${lines.length} ↓↑` : '';
  const title = `${style.title('Bottlenecks')} ${formatDuration(state.windowMs / 1000)} to ${clockTime(at)}${live ? '' : ' (replay)'}${count}${style.dim(`${more} · w window · Esc close`)}`;
  return <Lines lines={[title, ...lines.slice(top, top + room)]} />;
}
