/**
 * A chart of history columns: each column one bucket, its min–max band shaded (░), its mean
 * marked (●), optionally a second line (the worst host ▴) and the same window a period earlier
 * (·, dim); a column with nothing recorded stays empty. Under it a time axis: the first and last
 * bucket's time, the span, and ^ under the peak.
 */
import chalk from 'chalk';
import type { TrendColumn } from '../../src/history/trend-query.js';
import { padStart } from '../../src/format/text.js';
import type { ChartColor } from '../components/chart.js';

export interface BandChartOptions {
  columns: readonly TrendColumn[];
  /** Second figure per column (a group's worst host), drawn ▴. */
  worst?: readonly number[] | undefined;
  /** A second series' means (disk writes beside reads), drawn ○. */
  second?: readonly number[] | undefined;
  secondColor?: ChartColor;
  /** The same columns a period earlier (their means), drawn · dim. */
  overlay?: readonly number[] | undefined;
  color: ChartColor;
  width: number;
  /** Rows of plot plus one of time axis. */
  height: number;
  format: (value: number) => string;
  /** Fixed scale (percentages: 0–100); else 0 to the highest figure shown. */
  max?: number;
  /** The time axis's words for a column's start (`14:05`, `12-03`). */
  time: (t: number) => string;
  /** `1h`, `7d`: said in the middle of the time axis. */
  span: string;
}

/** The axis labels' width: as wide as the widest value the scale prints, so none is cut. */
export function bandLabelWidth(format: (value: number) => string, top: number): number {
  return Math.max(4, ...[0, 0.5, 1].map((f) => format(top * f).length));
}

/** How many columns a chart `width` wide shows beside labels of `labelWidth`. */
export function bandCapacity(width: number, labelWidth: number): number {
  return Math.max(2, width - labelWidth - 2);
}

export function bandChart(options: BandChartOptions): string[] {
  const { columns, width, height, format } = options;
  const plotRows = Math.max(1, height - 1);
  const figures = [...columns.flatMap((c) => [c.max]), ...(options.worst ?? []), ...(options.overlay ?? []), ...(options.second ?? [])].filter(Number.isFinite);
  const peak = figures.length > 0 ? Math.max(...figures) : 0;
  const top = options.max ?? (peak > 0 ? peak : 1);
  const flat = options.max === undefined && !(peak > 0);
  const labels = bandLabelWidth(format, top);
  const capacity = bandCapacity(width, labels);
  const shown = columns.slice(-capacity);
  const offset = columns.length - shown.length;
  const rowOf = (v: number) => plotRows - 1 - Math.round((Math.min(Math.max(v, 0), top) / top) * (plotRows - 1));
  const grid: string[][] = Array.from({ length: plotRows }, () => new Array<string>(shown.length).fill(' '));
  const paint = (x: number, v: number | undefined, glyph: string) => {
    if (v === undefined || !Number.isFinite(v)) return;
    grid[rowOf(v)]![x] = glyph;
  };
  const colour = chalk.level > 0;
  const band = colour ? chalk.dim('░') : '░';
  const mean = colour ? chalk[options.color]('●') : '●';
  const worst = colour ? chalk.red('▴') : '▴';
  const before = colour ? chalk.dim('·') : '·';
  const other = colour ? chalk[options.secondColor ?? 'magenta']('○') : '○';
  shown.forEach((c, x) => {
    if (Number.isFinite(c.min) && Number.isFinite(c.max)) for (let r = rowOf(c.max); r <= rowOf(c.min); r++) grid[r]![x] = band;
    paint(x, options.overlay?.[x + offset], before);
    paint(x, options.second?.[x + offset], other);
    paint(x, c.mean, mean);
    paint(x, options.worst?.[x + offset], worst);
  });
  const blank = ' '.repeat(labels);
  const label = (r: number) => {
    if (flat) return r === plotRows - 1 ? padStart(format(0), labels) : blank;
    if (r === 0) return padStart(format(top), labels);
    if (r === plotRows - 1) return padStart(format(0), labels);
    if (plotRows >= 5 && r === Math.round((plotRows - 1) / 2)) return padStart(format(top / 2), labels);
    return blank;
  };
  const rows = grid.map((cells, r) => `${label(r)} ┤${cells.join('')}`);
  return [...rows, timeAxis(shown, labels, options)].slice(0, height);
}

/** `  14:00 ───── 1h ───── 15:00`, with ^ under the peak column. */
function timeAxis(shown: readonly TrendColumn[], labels: number, options: BandChartOptions): string {
  const room = shown.length;
  if (room === 0) return '';
  const first = options.time(shown[0]!.t);
  const last = options.time(shown.at(-1)!.t);
  const cells = new Array<string>(room).fill('─');
  const put = (at: number, text: string) => {
    for (let i = 0; i < text.length && at + i < room; i++) if (at + i >= 0) cells[at + i] = text[i]!;
  };
  const middle = ` ${options.span} `;
  if (first.length + last.length + middle.length + 2 <= room) {
    put(0, first);
    put(room - last.length, last);
    put(Math.floor((room - middle.length) / 2), middle);
  } else if (middle.length <= room) put(Math.floor((room - middle.length) / 2), middle);
  let peakAt = -1;
  shown.forEach((c, x) => {
    if (Number.isFinite(c.max) && (peakAt < 0 || c.max > shown[peakAt]!.max)) peakAt = x;
  });
  // Where a time would be cut by it, the peak goes unmarked on the axis (the title says when it was).
  if (peakAt >= 0 && cells[peakAt] === '─') cells[peakAt] = '^';
  return `${' '.repeat(labels)} └${cells.join('')}`;
}
