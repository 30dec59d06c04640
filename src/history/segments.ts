/**
 * A segment: a few seconds of one host's readings for the open window, as the writer flushes
 * them to the write-ahead table every couple of seconds. Its own timestamp column, then each
 * series' column by the series' index within the host. A window's segments joined give the
 * window's columns, which are compressed (chunk-codec.ts) when the window ends.
 *
 * Segments are short-lived and tiny (two instants at the default flush), so they are stored
 * plain — doubles and a presence bitmap — rather than compressed: compressing 2-value columns
 * saved little and was most of the recorder's CPU.
 *
 * Layout (little-endian): u8 format (1), u32 instants n, u32 columns k, n × f64 times, then
 * per column: u32 series index, ⌈n/8⌉ presence bytes, n × f64 values (0 where absent).
 */

export interface WindowData {
  times: number[];
  /** By series index (within the host); aligned to `times`, undefined where absent. */
  columns: Map<number, (number | undefined)[]>;
}

const FORMAT = 1;
const HEADER = 9;

export function encodeSegment(data: WindowData): Uint8Array {
  const n = data.times.length;
  const columnBytes = 4 + Math.ceil(n / 8) + 8 * n;
  const bytes = new Uint8Array(HEADER + 8 * n + data.columns.size * columnBytes);
  const view = new DataView(bytes.buffer);
  view.setUint8(0, FORMAT);
  view.setUint32(1, n, true);
  view.setUint32(5, data.columns.size, true);
  let at = HEADER;
  for (const t of data.times) view.setFloat64((at += 8) - 8, t, true);
  for (const [index, column] of data.columns) {
    view.setUint32(at, index, true);
    const presence = at + 4;
    const values = presence + Math.ceil(n / 8);
    for (let i = 0; i < n; i++) {
      const v = column[i]; // a series missing from the last instants ends in gaps
      if (v === undefined) continue;
      bytes[presence + (i >>> 3)]! |= 1 << (i & 7);
      view.setFloat64(values + 8 * i, v, true);
    }
    at += columnBytes;
  }
  return bytes;
}

export function decodeSegment(bytes: Uint8Array): WindowData {
  const corrupt = (why: string) => new RangeError(`history segment ${why} (corrupt)`);
  if (bytes.length < HEADER) throw corrupt('is shorter than its header');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint8(0) !== FORMAT) throw corrupt(`has format ${view.getUint8(0)}, not ${FORMAT}`);
  const n = view.getUint32(1, true);
  const k = view.getUint32(5, true);
  const columnBytes = 4 + Math.ceil(n / 8) + 8 * n;
  if (bytes.length !== HEADER + 8 * n + k * columnBytes) throw corrupt(`of ${bytes.length} bytes does not hold the ${n} instants and ${k} series it names`);
  const times: number[] = [];
  let at = HEADER;
  for (let i = 0; i < n; i++, at += 8) times.push(view.getFloat64(at, true));
  const columns = new Map<number, (number | undefined)[]>();
  for (let c = 0; c < k; c++, at += columnBytes) {
    const presence = at + 4;
    const values = presence + Math.ceil(n / 8);
    const column: (number | undefined)[] = [];
    for (let i = 0; i < n; i++) column.push((bytes[presence + (i >>> 3)]! >>> (i & 7)) & 1 ? view.getFloat64(values + 8 * i, true) : undefined);
    columns.set(view.getUint32(at, true), column);
  }
  return { times, columns };
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
