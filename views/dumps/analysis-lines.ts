/**
 * The analysis view of a capture as lines for a `width`-column area: the report of `perfmon
 * analyze` reordered (deadlocks first — threads, locks, who holds what — then lock waits and chains,
 * pools with saturation, hot and stuck threads over a series, stack groups), wrapped so that
 * nothing is cut, deadlocks in red. From 160 columns the sections after the deadlocks stand in
 * two columns so a large terminal shows more without scrolling. Pure.
 */
import { basename } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import type { ThreadDumpAnalysis } from '../../src/diagnostics/analyze-thread-dump.js';
import { formatClassGrowth, formatTopClasses } from '../../src/diagnostics/format-class-histogram.js';
import { formatThreadAnalysis } from '../../src/diagnostics/format-thread-analysis.js';
import { formatProfile } from '../../src/diagnostics/profile/format-profile.js';
import { padEnd } from '../../src/format/text.js';
import { linesOf, wrapLines } from '../emergency/observable.js';
import { style } from '../theme.js';
import type { CaptureAnalysis } from './capture-analysis.js';

export const TWO_COLUMNS_FROM = 160;
const TOP = 20;

/** Sections printed left (what needs action) and right (what to read next) in two columns. */
const LEFT = /^(LOCK WAITS|THREAD POOLS)\b/;

export function analysisLines(result: CaptureAnalysis, width: number): string[] {
  switch (result.kind) {
    case 'thread':
      return threadLines(result.analysis, width);
    case 'histogram': {
      const o = result.output;
      // Classes that neither grew nor shrank say nothing about a leak.
      const changed = 'growth' in o ? o.growth.filter((g) => g.bytesDelta !== 0 || g.instancesDelta !== 0) : [];
      const text = 'growth' in o ? formatClassGrowth(basename(o.before.source), basename(o.after.source), changed) : formatTopClasses(basename(o.source), o.top, o.totalBytes);
      if ('growth' in o && changed.length === 0) return [...paint(wrapLines(linesOf(text), width)).slice(0, 1), 'No class grew or shrank between the two histograms.'];
      const note = 'growth' in o ? [] : ['', style.dim('Take a second histogram of this JVM (c) later: it shows which classes grew, largest growth first.')];
      return [...paint(wrapLines(linesOf(text), width)), ...note];
    }
    case 'heap':
      return wrapLines(result.lines, width);
    case 'profile':
      return paint(wrapLines(linesOf(formatProfile({ ...result.analysis, source: basename(result.analysis.source) })), width));
    case 'error':
      return [style.bad('The capture cannot be analysed:'), ...wrapLines([result.message], width)];
  }
}

function threadLines(analysis: ThreadDumpAnalysis, width: number): string[] {
  // The files are all in the dumps folder: their names are enough.
  const named = { ...analysis, dumps: analysis.dumps.map((d) => ({ ...d, source: basename(d.source) })) };
  const [dumps = [], ...sections] = formatThreadAnalysis(named, TOP).trimEnd().split(/\n\n/).map(linesOf);
  // Deadlocks first, then the thread states, in one piece across the width; the dumps read (the
  // report's heading) last, since the title already names the JVM and the time.
  const at = sections.findIndex((s) => (s[0] ?? '').startsWith('DEADLOCKS'));
  const head = at < 0 ? sections.slice(0, 1) : [sections[at]!, ...sections.slice(0, at)];
  const rest = sections.filter((s) => !head.includes(s));
  const tail = [dumps.map((line, i) => (i === 0 ? line.replace(/^THREAD DUMP ANALYSIS: /, 'DUMPS: ') : line))];
  const join = (parts: string[][]) => parts.flatMap((s, i) => (i === 0 ? s : ['', ...s]));
  if (width < TWO_COLUMNS_FROM) return paint(wrapLines(join([...head, ...rest, ...tail]), width));
  const half = Math.floor((width - 3) / 2);
  const column = (picked: string[][]) => paint(wrapLines(join(picked), half));
  const left = column(rest.filter((s) => LEFT.test(s[0] ?? '')));
  const right = column(rest.filter((s) => !LEFT.test(s[0] ?? '')));
  const rows = Array.from({ length: Math.max(left.length, right.length) }, (_, i) => `${padAnsi(left[i] ?? '', half)} │ ${right[i] ?? ''}`);
  return [...paint(wrapLines(join(head), width)), '', ...rows, '', ...paint(wrapLines(join(tail), width))];
}

/** Pads a painted line to `width` columns (the paint adds no width). */
function padAnsi(line: string, width: number): string {
  return line + padEnd('', Math.max(0, width - stripVTControlCharacters(line).length));
}

/**
 * Colours by section: a deadlock section in red, headings in the title colour, saturated
 * pools in yellow. Works on wrapped lines: a section runs from its heading to the next.
 */
function paint(lines: readonly string[]): string[] {
  let section = '';
  return lines.map((line) => {
    const heading = /^[A-Z][A-Z -]+(:|\(|$)/.test(line) && !line.startsWith(' ');
    if (heading) section = line;
    const deadlocked = section.startsWith('DEADLOCKS:') && !section.startsWith('DEADLOCKS: none');
    if (deadlocked) return style.bad(line);
    if (heading) return style.title(line);
    if (/\bSATURATED\b/.test(line)) return style.warn(line);
    return line;
  });
}
