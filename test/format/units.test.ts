import { describe, expect, it } from 'vitest';
import { formatByteRate, formatBytes, formatCount, formatDuration, formatMillis, formatPercent } from '../../src/format/units.js';

describe('units', () => {
  it('formats bytes in binary multiples with at most one decimal', () => {
    expect(formatBytes(0)).toBe('0B');
    expect(formatBytes(999)).toBe('999B');
    expect(formatBytes(1536)).toBe('1.5K');
    expect(formatBytes(25_276_502_016)).toBe('23.5G');
    expect(formatBytes(1024 ** 4 * 3)).toBe('3T');
    expect(formatBytes(-2048)).toBe('-2K');
    expect(formatBytes(Number.NaN)).toBe('—');
    expect(formatByteRate(1_048_576)).toBe('1M/s');
  });

  it('formats counts with k/M/G and a decimal for small fractions', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(3.07)).toBe('3.1');
    expect(formatCount(950)).toBe('950');
    expect(formatCount(12_345)).toBe('12.3k');
    expect(formatCount(2_500_000)).toBe('2.5M');
  });

  it('formats percentages with a decimal below 10 so quiet is not zero', () => {
    expect(formatPercent(0)).toBe('0%');
    expect(formatPercent(0.42)).toBe('0.4%');
    expect(formatPercent(42.4)).toBe('42%');
    expect(formatPercent(100)).toBe('100%');
    expect(formatPercent(null)).toBe('—');
  });

  it('formats durations with their two largest units', () => {
    expect(formatDuration(12)).toBe('12s');
    expect(formatDuration(249)).toBe('4m 09s');
    expect(formatDuration(5 * 3600 + 120)).toBe('5h 02m');
    expect(formatDuration(3 * 86_400 + 4 * 3600 + 59)).toBe('3d 4h');
    expect(formatDuration(-1)).toBe('—');
  });

  it('formats milliseconds', () => {
    expect(formatMillis(0.42)).toBe('0.42ms');
    expect(formatMillis(3.25)).toBe('3.3ms');
    expect(formatMillis(250)).toBe('250ms');
    expect(formatMillis(1234)).toBe('1.23s');
    expect(formatMillis(null)).toBe('—');
  });
});
