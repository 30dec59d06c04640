import { padEnd, padStart } from '../../src/format/text.js';

/** A cell: its text, and optionally how to paint it once padded (colour never changes width). */
export interface Cell {
  text: string;
  paint?: (text: string) => string;
}

export interface Column<Row> {
  header: string;
  /** Fixed width in columns; a `flex` column takes what the fixed ones leave. */
  width: number;
  flex?: boolean;
  /** A flex column grows at most to this (a 200-column terminal should not push numbers away). */
  maxWidth?: number;
  align?: 'left' | 'right';
  /** Higher is kept longer: when the terminal is narrow, the lowest priorities go first. */
  priority: number;
  cell(row: Row): Cell | string;
}

const GAP = 1;

/**
 * The columns that fit in `width`, dropping the least important first; a flex column (if any
 * survives) grows to use the rest. Returns the columns with their final widths.
 */
export function fitColumns<Row>(columns: readonly Column<Row>[], width: number): Column<Row>[] {
  let kept = [...columns];
  const needed = (cols: Column<Row>[]) => cols.reduce((sum, c) => sum + c.width, 0) + GAP * Math.max(0, cols.length - 1);
  while (kept.length > 1 && needed(kept) > width) {
    const lowest = kept.reduce((min, c) => (c.priority < min.priority ? c : min));
    kept = kept.filter((c) => c !== lowest);
  }
  const spare = Math.max(0, width - needed(kept));
  const flex = kept.find((c) => c.flex);
  return kept.map((c) => ({ ...c, width: c === flex ? Math.min(c.width + spare, c.maxWidth ?? Infinity) : Math.min(c.width, width) }));
}

export function headerLine<Row>(columns: readonly Column<Row>[]): string {
  return columns.map((c) => align(c.header, c)).join(' '.repeat(GAP));
}

export function rowLine<Row>(columns: readonly Column<Row>[], row: Row): string {
  return columns
    .map((c) => {
      const value = c.cell(row);
      const cell = typeof value === 'string' ? { text: value } : value;
      const padded = align(cell.text, c);
      return cell.paint ? cell.paint(padded) : padded;
    })
    .join(' '.repeat(GAP));
}

function align<Row>(text: string, column: Column<Row>): string {
  return column.align === 'right' ? padStart(text, column.width) : padEnd(text, column.width);
}

/**
 * The first row to show so that `selected` stays visible in `height` rows, moving as little
 * as possible from the previous `offset` (the list scrolls like less, not like a carousel).
 */
export function scrollOffset(count: number, height: number, selected: number, offset: number): number {
  if (height <= 0 || count <= height) return 0;
  let next = Math.min(Math.max(0, offset), count - height);
  if (selected < next) next = selected;
  if (selected >= next + height) next = selected - height + 1;
  return next;
}
