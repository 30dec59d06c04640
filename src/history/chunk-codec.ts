/**
 * The history store's compression (Gorilla-style, tuned for collector readings).
 *
 * - Timestamps: delta-of-delta in milliseconds. A host's series are all sampled at the same
 *   instants, so the store keeps ONE timestamp column per host and window; a series column
 *   holds only values, with a run-length map of the instants it is missing from.
 * - Values: the collectors print decimals (tenths of a percent, whole bytes, counts), so a
 *   column whose every value is an exact decimal of ≤ 9 places is scaled to integers and stored
 *   as deltas divided by their common factor (memory moves in whole KiB pages), zigzagged, in
 *   a prefix code whose two widths are chosen per column from its own deltas; long runs of
 *   unchanged values cost 15 bits. Anything else (NaN, ±Infinity, irrational rates) falls back
 *   to Gorilla's XOR of the IEEE 754 bits, which is lossless for every double.
 *
 * Every decode returns exactly what was encoded, bit for bit (-0 and NaN included).
 */
import { BitReader, BitWriter, unzigzag, zigzag } from './bit-io.js';

const MAX_DECIMALS = 9;
/** Scaled integers stay below this so a delta between two of them is still an exact double. */
const MAX_SCALED = 2 ** 50;
/** Zero deltas in a run at least this long are coded as one run (15 bits) rather than one bit each. */
const MIN_ZERO_RUN = 14;
const ZERO_RUN_BITS = 10;
const MAX_ZERO_RUN = MIN_ZERO_RUN + 2 ** ZERO_RUN_BITS - 1;

// ---------------------------------------------------------------------------------------------
// Integer sequences: first value, then deltas in an adaptive prefix code.

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** Bits needed for a non-negative integer below 2^53. */
function bitLength(z: number): number {
  return z < 2 ** 32 ? 32 - Math.clz32(z) : 64 - Math.clz32(Math.floor(z / 2 ** 32));
}

/** Zero runs at least MIN_ZERO_RUN long, as [start, length] pairs, so the width choice can leave them out. */
function zeroRuns(z: readonly number[]): Map<number, number> {
  const runs = new Map<number, number>();
  for (let i = 0; i < z.length; ) {
    if (z[i] !== 0) {
      i++;
      continue;
    }
    let end = i;
    while (end < z.length && z[end] === 0) end++;
    if (end - i >= MIN_ZERO_RUN) runs.set(i, end - i);
    i = end;
  }
  return runs;
}

/**
 * Codes: `0` zero · `10`+w1 bits · `110`+w2 bits · `1110`+6-bit length+bits · `1111`+10 bits:
 * a run of zeros. w1 and w2 minimise this column's size (prefix sums over its bit lengths).
 */
function chooseWidths(z: readonly number[], runs: Map<number, number>): [number, number] {
  const counts = new Array<number>(54).fill(0);
  for (let i = 0; i < z.length; i++) {
    const run = runs.get(i);
    if (run !== undefined) {
      i += run - 1;
      continue;
    }
    counts[bitLength(z[i]!)]!++;
  }
  // cost(len) under (w1, w2): 2+w1 if len ≤ w1, 3+w2 if len ≤ w2, else 10+len.
  // Prefix sums: upTo[w] values of 1..w bits; rawAbove[w] the escape-code cost of the longer ones.
  const upTo = new Array<number>(54).fill(0);
  for (let len = 1; len <= 53; len++) upTo[len] = upTo[len - 1]! + counts[len]!;
  const rawAbove = new Array<number>(55).fill(0);
  for (let len = 53; len >= 0; len--) rawAbove[len] = rawAbove[len + 1]! + (len < 53 ? counts[len + 1]! * (10 + len + 1) : 0);
  const maxLen = counts.reduce((m, c, len) => (c > 0 ? len : m), 0);
  let best: [number, number] = [1, 2];
  let bestCost = Infinity;
  for (let w1 = 1; w1 <= Math.max(1, Math.min(maxLen, 52)); w1++) {
    for (let w2 = w1 + 1; w2 <= Math.max(w1 + 1, Math.min(maxLen, 53)); w2++) {
      const cost = upTo[w1]! * (2 + w1) + (upTo[w2]! - upTo[w1]!) * (3 + w2) + rawAbove[w2]!;
      if (cost < bestCost) {
        bestCost = cost;
        best = [w1, w2];
      }
    }
  }
  return best;
}

/** Small signed integers (deltas, deltas of deltas): their common factor, then the prefix code. */
function writeSmallInts(w: BitWriter, xs: readonly number[]): void {
  const factor = xs.reduce((g, x) => gcd(g, Math.abs(x)), 0) || 1;
  w.writeVarUint(factor);
  const z = xs.map((x) => zigzag(x / factor));
  const runs = zeroRuns(z);
  const [w1, w2] = chooseWidths(z, runs);
  w.write(w1, 6);
  w.write(w2, 6);
  for (let i = 0; i < z.length; i++) {
    let run = runs.get(i);
    if (run !== undefined) {
      i += run - 1;
      while (run > 0) {
        const part = Math.min(run, MAX_ZERO_RUN);
        if (part < MIN_ZERO_RUN) {
          for (let k = 0; k < part; k++) w.writeBit(0);
        } else {
          w.write(0b1111, 4);
          w.write(part - MIN_ZERO_RUN, ZERO_RUN_BITS);
        }
        run -= part;
      }
      continue;
    }
    const value = z[i]!;
    const len = bitLength(value);
    if (value === 0) w.writeBit(0);
    else if (len <= w1) {
      w.write(0b10, 2);
      w.write(value, w1);
    } else if (len <= w2) {
      w.write(0b110, 3);
      w.write(value, w2);
    } else {
      w.write(0b1110, 4);
      w.write(len, 6);
      w.write(value, len);
    }
  }
}

function readSmallInts(r: BitReader, count: number): number[] {
  const factor = r.readVarUint();
  const w1 = r.read(6);
  const w2 = r.read(6);
  const out: number[] = [];
  while (out.length < count) {
    if (r.readBit() === 0) out.push(0);
    else if (r.readBit() === 0) out.push(unzigzag(r.read(w1)) * factor);
    else if (r.readBit() === 0) out.push(unzigzag(r.read(w2)) * factor);
    else if (r.readBit() === 0) out.push(unzigzag(r.read(r.read(6))) * factor);
    else for (let run = r.read(ZERO_RUN_BITS) + MIN_ZERO_RUN; run > 0; run--) out.push(0);
  }
  if (out.length > count) throw new RangeError('history chunk has a zero run past its end (corrupt)');
  return out.map((x) => x || 0); // 0 * factor can be -0 after unzigzag; keep plain zeros
}

/** Exact integers: count, the first (zigzag), then the deltas. */
function writeIntegers(w: BitWriter, ints: readonly number[]): void {
  w.writeVarUint(ints.length);
  if (ints.length === 0) return;
  w.writeVarUint(zigzag(ints[0]!));
  const deltas: number[] = [];
  for (let i = 1; i < ints.length; i++) deltas.push(ints[i]! - ints[i - 1]!);
  writeSmallInts(w, deltas);
}

function readIntegers(r: BitReader): number[] {
  const count = r.readVarUint();
  if (count === 0) return [];
  const out = [unzigzag(r.readVarUint())];
  for (const delta of readSmallInts(r, count - 1)) out.push(out[out.length - 1]! + delta);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Timestamps

/** Millisecond timestamps, in any order (a clock that steps back still round-trips). */
export function encodeTimestamps(times: readonly number[]): Uint8Array {
  const w = new BitWriter();
  for (const t of times) if (!Number.isSafeInteger(t) || t < 0) throw new RangeError(`timestamp ${t} is not a whole number of ms since 1970`);
  w.writeVarUint(times.length);
  if (times.length > 0) {
    w.writeVarUint(times[0]!);
    const deltas: number[] = [];
    for (let i = 1; i < times.length; i++) deltas.push(times[i]! - times[i - 1]!);
    writeIntegers(w, deltas); // the deltas' deltas are what gets the prefix code
  }
  return w.finish();
}

export function decodeTimestamps(bytes: Uint8Array): number[] {
  const r = new BitReader(bytes);
  const count = r.readVarUint();
  if (count === 0) return [];
  const out = [r.readVarUint()];
  for (const delta of readIntegers(r)) out.push(out[out.length - 1]! + delta);
  if (out.length !== count) throw new RangeError('history timestamp column is inconsistent (corrupt)');
  return out;
}

// ---------------------------------------------------------------------------------------------
// Values

/** The fewest decimal places that represent every value exactly, or undefined when none do. */
function decimalPlaces(values: readonly number[]): number | undefined {
  // -0 scales to an integer that reads back as 0; only the XOR coding keeps its sign.
  if (values.some((v) => Object.is(v, -0))) return undefined;
  for (let places = 0; places <= MAX_DECIMALS; places++) {
    const scale = 10 ** places;
    const exact = values.every((v) => {
      const scaled = Math.round(v * scale);
      return Math.abs(scaled) < MAX_SCALED && scaled / scale === v;
    });
    if (exact) return places;
  }
  return undefined;
}

const float = new DataView(new ArrayBuffer(8));

function bitsOf(v: number): [number, number] {
  float.setFloat64(0, v);
  return [float.getUint32(0), float.getUint32(4)];
}

function trailingZeros32(x: number): number {
  return 31 - Math.clz32(x & -x);
}

/** Gorilla's XOR coding for doubles that are not short decimals. */
function writeXor(w: BitWriter, values: readonly number[]): void {
  w.writeVarUint(values.length);
  if (values.length === 0) return;
  let [prevHi, prevLo] = bitsOf(values[0]!);
  w.write(prevHi, 32);
  w.write(prevLo, 32);
  let windowLeading = -1;
  let windowTrailing = -1;
  for (let i = 1; i < values.length; i++) {
    const [hi, lo] = bitsOf(values[i]!);
    const xh = (hi ^ prevHi) >>> 0;
    const xl = (lo ^ prevLo) >>> 0;
    prevHi = hi;
    prevLo = lo;
    if (xh === 0 && xl === 0) {
      w.writeBit(0);
      continue;
    }
    const leading = xh !== 0 ? Math.clz32(xh) : 32 + Math.clz32(xl);
    const trailing = xl !== 0 ? trailingZeros32(xl) : 32 + trailingZeros32(xh);
    let useLeading = leading;
    let useTrailing = trailing;
    if (windowLeading >= 0 && leading >= windowLeading && trailing >= windowTrailing) {
      w.write(0b10, 2);
      useLeading = windowLeading;
      useTrailing = windowTrailing;
    } else {
      w.write(0b11, 2);
      w.write(leading, 6);
      w.write(64 - leading - trailing - 1, 6);
      windowLeading = leading;
      windowTrailing = trailing;
    }
    writeShifted(w, xh, xl, useTrailing, 64 - useLeading - useTrailing);
  }
}

/** Writes `length` bits of the 64-bit (hi, lo) shifted right by `shift`. */
function writeShifted(w: BitWriter, hi: number, lo: number, shift: number, length: number): void {
  let sh: number;
  let sl: number;
  if (shift >= 32) {
    sh = 0;
    sl = hi >>> (shift - 32);
  } else if (shift === 0) {
    sh = hi;
    sl = lo;
  } else {
    sh = hi >>> shift;
    sl = ((lo >>> shift) | (hi << (32 - shift))) >>> 0;
  }
  if (length > 32) {
    w.write(sh, length - 32);
    w.write(sl, 32);
  } else {
    w.write(length === 32 ? sl : sl % 2 ** length, length);
  }
}

function readShifted(r: BitReader, shift: number, length: number): [number, number] {
  const sh = length > 32 ? r.read(length - 32) : 0;
  const sl = r.read(Math.min(length, 32));
  if (shift >= 32) return [(sl << (shift - 32)) >>> 0, 0];
  if (shift === 0) return [sh, sl];
  return [((sh << shift) | (sl >>> (32 - shift))) >>> 0, (sl << shift) >>> 0];
}

function readXor(r: BitReader): number[] {
  const count = r.readVarUint();
  if (count === 0) return [];
  let hi = r.read(32);
  let lo = r.read(32);
  const out: number[] = [];
  const push = () => {
    float.setUint32(0, hi);
    float.setUint32(4, lo);
    out.push(float.getFloat64(0));
  };
  push();
  let leading = 0;
  let trailing = 0;
  while (out.length < count) {
    if (r.readBit() === 1) {
      if (r.readBit() === 1) {
        leading = r.read(6);
        trailing = 64 - leading - (r.read(6) + 1);
        if (trailing < 0) throw new RangeError('history chunk has an impossible XOR window (corrupt)');
      }
      const [xh, xl] = readShifted(r, trailing, 64 - leading - trailing);
      hi = (hi ^ xh) >>> 0;
      lo = (lo ^ xl) >>> 0;
    }
    push();
  }
  return out;
}

function writeValues(w: BitWriter, values: readonly number[]): void {
  const places = decimalPlaces(values);
  if (places === undefined) {
    w.writeBit(1);
    writeXor(w, values);
    return;
  }
  w.writeBit(0);
  w.write(places, 4);
  const scale = 10 ** places;
  writeIntegers(
    w,
    values.map((v) => Math.round(v * scale)),
  );
}

function readValues(r: BitReader): number[] {
  if (r.readBit() === 1) return readXor(r);
  const places = r.read(4);
  if (places > MAX_DECIMALS) throw new RangeError('history value column has an impossible scale (corrupt)');
  const scale = 10 ** places;
  return readIntegers(r).map((n) => n / scale);
}

/** A column of values, dense (every instant has one). */
export function encodeValues(values: readonly number[]): Uint8Array {
  const w = new BitWriter();
  writeValues(w, values);
  return w.finish();
}

export function decodeValues(bytes: Uint8Array): number[] {
  return readValues(new BitReader(bytes));
}

/**
 * A series' values aligned to its host's shared timestamp column; `undefined` where the
 * series has no sample at that instant (a disk that appeared, a process that ended).
 * Presence is stored as alternating run lengths (present, absent, …); none when always present.
 */
export function encodeColumn(values: readonly (number | undefined)[]): Uint8Array {
  const w = new BitWriter();
  const runs: number[] = [];
  let present = true;
  let run = 0;
  for (const v of values) {
    if ((v !== undefined) === present) run++;
    else {
      runs.push(run);
      present = !present;
      run = 1;
    }
  }
  if (runs.length > 0) runs.push(run);
  w.writeVarUint(runs.length);
  for (const r of runs) w.writeVarUint(r);
  writeValues(
    w,
    values.filter((v): v is number => v !== undefined),
  );
  return w.finish();
}

export function decodeColumn(bytes: Uint8Array, length: number): (number | undefined)[] {
  const r = new BitReader(bytes);
  const runCount = r.readVarUint();
  const runs: number[] = [];
  for (let i = 0; i < runCount; i++) runs.push(r.readVarUint());
  const values = readValues(r);
  if (runCount === 0) {
    if (values.length !== length) throw new RangeError(`history column holds ${values.length} values for ${length} instants (corrupt)`);
    return values;
  }
  const out: (number | undefined)[] = [];
  let next = 0;
  runs.forEach((n, i) => {
    for (let k = 0; k < n; k++) out.push(i % 2 === 0 ? values[next++] : undefined);
  });
  if (out.length !== length || next !== values.length) throw new RangeError(`history column does not match its ${length} instants (corrupt)`);
  return out;
}
