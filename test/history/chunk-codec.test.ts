import { describe, expect, it } from 'vitest';
import { decodeColumn, decodeTimestamps, decodeValues, encodeColumn, encodeTimestamps, encodeValues } from '../../src/history/chunk-codec.js';
import { fixtureColumns } from '../../fixtures/history/read-fixture.js';

describe('chunk codec', () => {
  it('round-trips timestamps, including a clock that steps back and irregular gaps', () => {
    const times = [1_764_770_000_000, 1_764_770_001_003, 1_764_770_001_998, 1_764_769_999_000, 1_764_770_100_000, 1_764_770_100_000];
    expect(decodeTimestamps(encodeTimestamps(times))).toEqual(times);
    expect(decodeTimestamps(encodeTimestamps([]))).toEqual([]);
    expect(() => encodeTimestamps([1.5])).toThrow(/whole number of ms/);
  });

  it('keeps decimals exact and falls back to XOR for any other double (NaN, Infinity, tiny, huge)', () => {
    const decimals = [12.3, 12.3, 12.4, 99.9, 0, 0.1, 100, 55.55];
    expect(decodeValues(encodeValues(decimals))).toEqual(decimals);
    const awkward = [Math.PI, -0, NaN, Infinity, -Infinity, Number.MIN_VALUE, Number.MAX_VALUE, 1 / 3, -2.5e-300, 1 / 3];
    expect(decodeValues(encodeValues(awkward))).toEqual(awkward);
    const bytes = [8_236_204_032, 8_236_204_032 + 4096 * 3, 8_236_204_032 - 4096 * 100, 2 ** 49];
    expect(decodeValues(encodeValues(bytes))).toEqual(bytes);
    const flat = new Array<number>(5000).fill(42.5);
    const encoded = encodeValues(flat);
    expect(decodeValues(encoded)).toEqual(flat);
    expect(encoded.length).toBeLessThan(30); // long runs of an unchanged value cost almost nothing
  });

  it('round-trips random walks of every magnitude', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    for (const step of [0.1, 1, 1000, 1e9]) {
      const values: number[] = [];
      let v = 0;
      for (let i = 0; i < 700; i++) values.push((v = Math.round((v + (random() - 0.5) * step * 20) / step) * step));
      expect(decodeValues(encodeValues(values))).toEqual(values);
    }
  });

  it('keeps the instants a series is missing from as gaps', () => {
    const column = [undefined, undefined, 1, 2, undefined, 3, 3, 3, undefined];
    expect(decodeColumn(encodeColumn(column), column.length)).toEqual(column);
    expect(() => decodeColumn(encodeColumn(column), column.length + 1)).toThrow(/corrupt/);
  });

  it('reports a truncated chunk instead of returning made-up values', () => {
    const encoded = encodeValues([1.5, 2.5, 3.25, 1000.125, 7]);
    expect(() => decodeValues(encoded.subarray(0, 3))).toThrow(/truncated or corrupt/);
  });

  it('round-trips real collector readings at ≤ 1.5 bytes per sample with one shared timestamp column', () => {
    const { times, columns } = fixtureColumns();
    expect(times.length).toBeGreaterThan(600);
    expect(columns.size).toBeGreaterThan(50);
    let bytes = 0;
    let samples = 0;
    // Windows of 600 readings (10 minutes at 1 s), as the store cuts them.
    for (let start = 0; start < times.length; start += 600) {
      const windowTimes = times.slice(start, start + 600);
      const encodedTimes = encodeTimestamps(windowTimes);
      expect(decodeTimestamps(encodedTimes)).toEqual(windowTimes);
      bytes += encodedTimes.length;
      for (const [id, column] of columns) {
        const part = column.slice(start, start + 600);
        if (part.every((v) => v === undefined)) continue;
        const encoded = encodeColumn(part);
        expect(decodeColumn(encoded, part.length), id).toEqual(part);
        bytes += encoded.length;
        samples += part.filter((v) => v !== undefined).length;
      }
    }
    expect(bytes / samples).toBeLessThanOrEqual(1.5);
  });
});
