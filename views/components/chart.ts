import asciichart from 'asciichart';
import chalk from 'chalk';
import { plotLines } from './line-plot.js';

export type ChartColor = 'green' | 'cyan' | 'magenta' | 'yellow' | 'blue' | 'red';

export interface ChartSeries {
  values: readonly number[];
  color: ChartColor;
}

export interface ChartOptions {
  series: readonly ChartSeries[];
  width: number;
  /** Plot rows (the chart's total height). */
  height: number;
  /** Axis label of a value; its width should not vary. */
  format: (value: number) => string;
  /** Fixed range (percentages: 0–100); otherwise 0 to the largest value shown. */
  min?: number;
  max?: number;
}

const AXIS_WIDTH = 2; // " ┤"

/** The number of samples a chart of `width` columns can show with labels `labelWidth` wide. */
export function chartCapacity(width: number, labelWidth: number): number {
  return Math.max(0, width - labelWidth - AXIS_WIDTH);
}

/**
 * A line chart exactly `width` columns wide and `height` rows high, showing as many of the
 * newest samples as fit; a NaN sample is a gap (nothing drawn across it). Series are coloured
 * only when chalk is (NO_COLOR, --no-color yield plain lines). Returns the rows as strings.
 */
export function lineChart(options: ChartOptions): string[] {
  const { width, height } = options;
  if (height <= 0 || width <= 0) return [];
  const labelWidth = options.format(0).length;
  const capacity = chartCapacity(width, labelWidth);
  const series = options.series.map((s) => s.values.slice(-capacity));
  const longest = Math.max(0, ...series.map((s) => s.length));
  if (longest < 2 || capacity < 2 || !series.some((s) => s.some(Number.isFinite))) {
    return padRows([chalk.dim('collecting…')], width, height);
  }
  // Left-pad shorter series so every series ends at the right edge (now).
  const aligned = series.map((s) => [...new Array<number>(longest - s.length).fill(Number.NaN), ...s]);
  const peak = Math.max(...aligned.flat().filter(Number.isFinite));
  const max = options.max ?? (peak > 0 ? peak : 1);
  const min = options.min ?? 0;
  // Nothing but zeros: one label, 0, not a scale of rounded fractions (1B/s 1B/s 0B/s).
  const flat = options.max === undefined && !(peak > 0);
  const blank = ' '.repeat(labelWidth);
  const plot = plotLines(aligned, {
    height: Math.max(1, height - 1),
    min,
    max,
    format: flat ? (value: number) => (value === min ? options.format(min) : blank) : options.format,
    // Raw escape codes (asciichart's); none at all when chalk has colour off.
    colors: options.series.map((s) => (chalk.level > 0 ? asciichart[s.color] : undefined)),
  });
  return padRows(plot.split('\n'), width, height);
}

function padRows(rows: string[], width: number, height: number): string[] {
  const out = rows.slice(0, height);
  while (out.length < height) out.push('');
  // Plain text length decides padding: strip colour codes before measuring.
  // eslint-disable-next-line no-control-regex
  return out.map((row) => row + ' '.repeat(Math.max(0, width - row.replace(/\u001b\[[0-9;]*m/g, '').length)));
}
