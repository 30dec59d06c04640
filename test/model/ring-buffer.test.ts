import { describe, expect, it } from 'vitest';
import { RingBuffer } from '../../src/model/ring-buffer.js';

describe('RingBuffer', () => {
  it('keeps the newest values, oldest first, and drops the oldest when full', () => {
    const ring = new RingBuffer(3);
    expect(ring.last()).toBeNull();
    for (const v of [1, 2, 3, 4, 5]) ring.push(v);
    expect(ring.length).toBe(3);
    expect(ring.tail()).toEqual([3, 4, 5]);
    expect(ring.tail(2)).toEqual([4, 5]);
    expect(ring.tail(10)).toEqual([3, 4, 5]);
    expect(ring.last()).toBe(5);
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new RingBuffer(0)).toThrow(/positive integer/);
  });
});
