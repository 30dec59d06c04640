/**
 * A segment: a few seconds of one host's readings for the open window, as the writer flushes
 * them to the write-ahead table. Its own timestamp column, then each series' column by the
 * series' index within the host. A window's segments joined give the window's columns.
 */
import { decodeColumn, decodeTimestamps, decodeValues, encodeColumn, encodeTimestamps, encodeValues } from './chunk-codec.js';
import { packColumns, unpackColumns } from './rollup.js';

export interface WindowData {
  times: number[];
  /** By series index (within the host); aligned to `times`, undefined where absent. */
  columns: Map<number, (number | undefined)[]>;
}

export function encodeSegment(data: WindowData): Uint8Array {
  const indexes = [...data.columns.keys()];
  const columns = indexes.map((i) => {
    const column = data.columns.get(i)!;
    column.length = data.times.length; // a series missing from the last instants ends in gaps
    return encodeColumn(column);
  });
  return packColumns([encodeTimestamps(data.times), encodeValues(indexes), ...columns]);
}

export function decodeSegment(bytes: Uint8Array): WindowData {
  const [times, indexes, ...columns] = unpackColumns(bytes);
  if (!times || !indexes) throw new RangeError('history segment lacks its header columns (corrupt)');
  const t = decodeTimestamps(times);
  const ids = decodeValues(indexes);
  if (ids.length !== columns.length) throw new RangeError('history segment has a column count that does not match its index (corrupt)');
  return { times: t, columns: new Map(ids.map((id, k) => [id, decodeColumn(columns[k]!, t.length)])) };
}

/** Segments in time order as one window. */
export function joinSegments(parts: readonly WindowData[]): WindowData {
  const times: number[] = [];
  const columns = new Map<number, (number | undefined)[]>();
  for (const part of parts) {
    const offset = times.length;
    times.push(...part.times);
    for (const [index, values] of part.columns) {
      let column = columns.get(index);
      if (!column) columns.set(index, (column = []));
      column.length = offset;
      column.push(...values);
    }
  }
  for (const column of columns.values()) column.length = times.length;
  // A column made longer by `length =` has holes; holes read as undefined, which is what a gap is.
  return { times, columns };
}
