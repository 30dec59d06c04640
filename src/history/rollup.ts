/**
 * Rollup buckets (min, max, sum, count per bucket) and how a chunk of them is stored: five
 * columns of the chunk codec, framed with their lengths.
 */
import { BitReader, BitWriter } from './bit-io.js';
import { decodeTimestamps, decodeValues, encodeTimestamps, encodeValues } from './chunk-codec.js';

export interface Bucket {
  /** Start of the bucket, ms since 1970. */
  t: number;
  min: number;
  max: number;
  sum: number;
  count: number;
}

/** Buckets of `width` ms from samples (times ascending), skipping undefined (gaps stay gaps). */
export function rollUp(times: readonly number[], values: readonly (number | undefined)[], width: number): Bucket[] {
  const out: Bucket[] = [];
  let current: Bucket | undefined;
  times.forEach((time, i) => {
    const v = values[i];
    if (v === undefined || Number.isNaN(v)) return;
    const t = Math.floor(time / width) * width;
    if (current && current.t === t) {
      current.min = Math.min(current.min, v);
      current.max = Math.max(current.max, v);
      current.sum += v;
      current.count++;
    } else out.push((current = { t, min: v, max: v, sum: v, count: 1 }));
  });
  return out;
}

/** Two sorted bucket lists as one; buckets with the same start combine. */
export function mergeBuckets(a: readonly Bucket[], b: readonly Bucket[]): Bucket[] {
  const out: Bucket[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = a[i];
    const y = b[j];
    if (x && (!y || x.t < y.t)) {
      out.push({ ...x });
      i++;
    } else if (y && (!x || y.t < x.t)) {
      out.push({ ...y });
      j++;
    } else if (x && y) {
      out.push({ t: x.t, min: Math.min(x.min, y.min), max: Math.max(x.max, y.max), sum: x.sum + y.sum, count: x.count + y.count });
      i++;
      j++;
    }
  }
  return out;
}

/** Several byte columns as one value: each length, then the bytes. */
export function packColumns(columns: readonly Uint8Array[]): Uint8Array {
  const header = new BitWriter();
  header.writeVarUint(columns.length);
  for (const c of columns) header.writeVarUint(c.length);
  const head = header.finish();
  const out = new Uint8Array(head.length + columns.reduce((n, c) => n + c.length, 0));
  out.set(head);
  let at = head.length;
  for (const c of columns) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

export function unpackColumns(bytes: Uint8Array): Uint8Array[] {
  const r = new BitReader(bytes);
  const count = r.readVarUint();
  const lengths: number[] = [];
  for (let i = 0; i < count; i++) lengths.push(r.readVarUint());
  let at = r.bytesRead();
  const out: Uint8Array[] = [];
  for (const length of lengths) {
    if (at + length > bytes.length) throw new RangeError('history value is shorter than its frame says (truncated or corrupt)');
    out.push(bytes.subarray(at, at + length));
    at += length;
  }
  return out;
}

export function encodeBuckets(buckets: readonly Bucket[]): Uint8Array {
  return packColumns([
    encodeTimestamps(buckets.map((b) => b.t)),
    encodeValues(buckets.map((b) => b.min)),
    encodeValues(buckets.map((b) => b.max)),
    encodeValues(buckets.map((b) => b.sum)),
    encodeValues(buckets.map((b) => b.count)),
  ]);
}

export function decodeBuckets(bytes: Uint8Array): Bucket[] {
  const [t, min, max, sum, count] = unpackColumns(bytes);
  if (!t || !min || !max || !sum || !count) throw new RangeError('history rollup chunk lacks a column (corrupt)');
  const times = decodeTimestamps(t);
  const columns = [decodeValues(min), decodeValues(max), decodeValues(sum), decodeValues(count)];
  if (columns.some((c) => c.length !== times.length)) throw new RangeError('history rollup chunk has columns of unequal length (corrupt)');
  return times.map((time, i) => ({ t: time, min: columns[0]![i]!, max: columns[1]![i]!, sum: columns[2]![i]!, count: columns[3]![i]! }));
}
