import { describe, expect, it } from 'vitest';
import { fitWords, padEnd, padStart, truncate, wrapWords } from '../../src/format/text.js';

describe('text', () => {
  it('truncates with an ellipsis only when it must', () => {
    expect(truncate('abcdef', 6)).toBe('abcdef');
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abcdef', 1)).toBe('…');
    expect(truncate('abcdef', 0)).toBe('');
  });

  it('pads to an exact width either side', () => {
    expect(padEnd('ab', 4)).toBe('ab  ');
    expect(padStart('ab', 4)).toBe('  ab');
    expect(padEnd('abcdef', 4)).toBe('abc…');
  });

  it('keeps whole words that fit and never cuts one', () => {
    expect(fitWords(['load 1.0', '2 cores', 'up 3d'], 17)).toEqual(['load 1.0', '2 cores']);
    expect(fitWords(['toolongword'], 5)).toEqual([]);
  });

  it('word-wraps, never splitting a word: one longer than a line stays whole (paths, frames, run ids copy as they are)', () => {
    expect(wrapWords('Move down a page', 9)).toEqual(['Move down', 'a page']);
    expect(wrapWords('abcdefghij', 4)).toEqual(['abcdefghij']);
    expect(wrapWords('see /srv/perfmon/dumps/oms-1-4242-heap.hprof.gz now', 20)).toEqual(['see', '/srv/perfmon/dumps/oms-1-4242-heap.hprof.gz', 'now']);
  });
});
