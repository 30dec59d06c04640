/** The Logs pane's text: which lines pass the filter, and how a line and the title read. Pure. */
import { stripVTControlCharacters } from 'node:util';
import type { LogLine } from '../../src/logs/follow-logs.js';
import { formatCount } from '../../src/format/units.js';
import { truncate } from '../../src/format/text.js';
import { filterNote } from '../components/list-detail-pane.js';
import { style } from '../theme.js';
import type { LogsState } from './logs-desk.js';

/** Lines whose host or text holds the filter (any case); all for an empty filter. */
export function filterLogLines(lines: readonly LogLine[], filter: string): readonly LogLine[] {
  const needle = filter.trim().toLowerCase();
  if (!needle) return lines;
  return lines.filter((l) => l.text.toLowerCase().includes(needle) || l.host.toLowerCase().includes(needle));
}

/** `lab-0  text`, the host padded to the widest, cut at the screen's edge (never wrapped: one line each). */
export function logLineText(line: LogLine, hostWidth: number, width: number): string {
  const host = style.accent(line.host.padEnd(hostWidth));
  const room = Math.max(1, width - hostWidth - 2);
  const text = truncate(line.text.replace(/\t/g, '    '), room);
  return `${host}  ${line.err ? style.bad(text) : text}`;
}

export interface TitleFacts {
  state: LogsState;
  filter: string;
  shown: number;
  total: number;
  /** Why the lines on screen stand still (paused, scrolled back), with the lines come since. */
  held: { why: 'paused' | 'scrolled'; newer: number } | null;
}

/**
 * `Logs  engine  1,234 lines  following  (n next)  /var/log/engine.log on lab-0, lab-1`: on one
 * line when it fits, else what is read and where on a line of its own (a path is never cut
 * where it fits the screen).
 */
export function logsTitle({ state, filter, shown, total, held }: TitleFacts, width: number): string[] {
  const info = state.sources.find((s) => s.component === state.component);
  const many = state.sources.length > 1 ? '  (n next)' : '';
  const follow = held === null ? style.good('following') : held.why === 'paused' ? style.alarm(`PAUSED, ${formatCount(held.newer)} new (p resumes)`) : style.alarm(`scrolled back, ${formatCount(held.newer)} new (End follows)`);
  const head = `${style.title('Logs')}  ${style.bold(info?.component ?? '')}  ${formatCount(total)} line${total === 1 ? '' : 's'}  ${follow}${filterNote(filter, shown, total)}${many}`;
  const where = info ? `${info.what} on ${info.hosts.join(', ')}` : '';
  const one = `${head}  ${style.dim(where)}`;
  return stripVTControlCharacters(one).length <= width ? [one] : [head, style.dim(where)];
}
