/**
 * Lines of values on a character grid, asciichart's way (its symbols, its axis and label
 * layout, so charts look as they always did), with one difference that matters: a value that
 * is not finite (NaN: a gap, the host was down) is not plotted and no segment is drawn to or
 * from it: the line stops with ╴ before the gap, the gap's column stays empty, and the line
 * goes on from the next reading.
 */
export interface PlotOptions {
  /** Scaled rows above the bottom one. */
  height: number;
  min: number;
  max: number;
  /** The axis label of a value (its width should not vary). */
  format: (value: number) => string;
  /** Per series, an escape sequence that colours it (undefined: plain). */
  colors: readonly (string | undefined)[];
}

const AXIS_ZERO = '┼';
const AXIS = '┤';
const END = '╴';
const FLAT = '─';
const DOWN_FROM = '╮';
const DOWN_TO = '╰';
const UP_FROM = '╯';
const UP_TO = '╭';
const RISE = '│';
/** Columns before the plot: the label, a space, the axis. */
const OFFSET = 3;
const RESET = '\u001b[0m';

export function plotLines(series: readonly (readonly number[])[], options: PlotOptions): string {
  const { min, max, height } = options;
  const range = max - min;
  const ratio = range !== 0 ? height / range : 1;
  const min2 = Math.round(min * ratio);
  const max2 = Math.round(max * ratio);
  const rows = Math.abs(max2 - min2);
  const width = Math.max(0, ...series.map((s) => s.length)) + OFFSET;
  const grid = Array.from({ length: rows + 1 }, () => new Array<string>(width).fill(' '));
  for (let y = min2; y <= max2; y += 1) {
    const label = options.format(rows > 0 ? max - ((y - min2) * range) / rows : y);
    const row = grid[y - min2]!;
    row[Math.max(OFFSET - label.length, 0)] = label;
    row[OFFSET - 1] = y === 0 ? AXIS_ZERO : AXIS;
  }
  // The row of a value, kept on the grid (a value past max or below min sits on the edge).
  const rowOf = (value: number): number => rows - Math.min(rows, Math.max(0, Math.round(value * ratio) - min2));
  series.forEach((values, j) => {
    const color = options.colors[j % Math.max(1, options.colors.length)];
    const put = (row: number, column: number, symbol: string) => {
      grid[row]![column] = color === undefined ? symbol : color + symbol + RESET;
    };
    if (Number.isFinite(values[0])) put(rowOf(values[0]!), OFFSET - 1, AXIS_ZERO);
    for (let x = 0; x < values.length - 1; x += 1) {
      const a = values[x]!;
      const b = values[x + 1]!;
      const column = x + OFFSET;
      if (!Number.isFinite(a)) continue;
      if (!Number.isFinite(b)) {
        put(rowOf(a), column, END);
        continue;
      }
      const from = rowOf(a);
      const to = rowOf(b);
      if (from === to) {
        put(from, column, FLAT);
        continue;
      }
      // Rows count downwards: a larger row is a smaller value.
      const falling = to > from;
      put(to, column, falling ? DOWN_TO : UP_TO);
      put(from, column, falling ? DOWN_FROM : UP_FROM);
      for (let r = Math.min(from, to) + 1; r < Math.max(from, to); r += 1) put(r, column, RISE);
    }
  });
  return grid.map((row) => row.join('')).join('\n');
}
