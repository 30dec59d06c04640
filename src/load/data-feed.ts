/**
 * CSV data for templates: rows read once at start, then handed out per request in the
 * source's mode — sequential (in turn, wrapping), random (any row), unique (each row once;
 * `next()` returns undefined when they are used up, which ends the run).
 */
import { parse } from 'csv-parse/sync';

export type DataMode = 'sequential' | 'random' | 'unique';
export type Row = Readonly<Record<string, string>>;

export interface DataTable {
  columns: string[];
  rows: Row[];
}

/** CSV text with a header line → its columns and rows; throws with the line on malformed input. */
export function parseCsv(text: string): DataTable {
  const records = parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true }) as Record<string, string>[];
  const header = parse(text, { to_line: 1, trim: true, bom: true }) as string[][];
  const columns = header[0] ?? [];
  if (columns.length === 0) throw new Error('the file is empty: a CSV data file needs a header line');
  if (records.length === 0) throw new Error('the file has a header line and no rows');
  return { columns, rows: records };
}

export class DataFeed {
  private position = 0;

  constructor(
    readonly table: DataTable,
    readonly mode: DataMode,
    private readonly random: () => number = Math.random,
  ) {}

  /** The next row, or undefined when a unique source is used up. */
  next(): Row | undefined {
    const { rows } = this.table;
    if (this.mode === 'random') return rows[Math.floor(this.random() * rows.length)];
    if (this.mode === 'unique') return rows[this.position++];
    const row = rows[this.position];
    this.position = (this.position + 1) % rows.length;
    return row;
  }
}
