import { describe, expect, it } from 'vitest';
import { Backoff, nextBackoffMs, Retry } from '../../src/runtime/backoff.js';

const fixed = (r: number) => () => r;

describe('nextBackoffMs', () => {
  it('doubles the ceiling each attempt up to maxMs (full jitter scales it)', () => {
    const almostOne = fixed(0.999999);
    const ceilings = [0, 1, 2, 3, 4, 5, 6, 7].map((a) => nextBackoffMs(a, { baseMs: 500, maxMs: 30_000, random: almostOne }));
    expect(ceilings).toEqual([499, 999, 1999, 3999, 7999, 15999, 29999, 29999]);
  });

  it('picks uniformly in [0, ceiling): the random draw maps linearly', () => {
    expect(nextBackoffMs(3, { baseMs: 1000, random: fixed(0) })).toBe(0);
    expect(nextBackoffMs(3, { baseMs: 1000, random: fixed(0.25) })).toBe(2000);
    expect(nextBackoffMs(3, { baseMs: 1000, random: fixed(0.5) })).toBe(4000);
  });

  it('uses 1 s and 60 s by default and stays finite for huge attempts', () => {
    expect(nextBackoffMs(0, { random: fixed(0.5) })).toBe(500);
    expect(nextBackoffMs(5000, { random: fixed(0.5) })).toBe(30_000);
  });

  it('spreads a fleet that failed together', () => {
    let seed = 42;
    const lcg = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const delays = Array.from({ length: 100 }, () => nextBackoffMs(4, { baseMs: 1000, random: lcg }));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...delays)).toBeLessThan(16_000);
    expect(new Set(delays).size).toBeGreaterThan(90);
  });

  it('without jitter waits the ceiling itself: the doubling a failing read is retried on', () => {
    const waits = [0, 1, 2, 3, 4, 5].map((a) => nextBackoffMs(a, { baseMs: 1000, maxMs: 30_000, jitter: false, random: fixed(0) }));
    expect(waits).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000]);
  });

  it('rejects nonsense', () => {
    expect(() => nextBackoffMs(-1)).toThrow(/attempt/);
    expect(() => nextBackoffMs(1.5)).toThrow(/attempt/);
    expect(() => nextBackoffMs(1, { baseMs: 0 })).toThrow(/baseMs/);
    expect(() => nextBackoffMs(1, { baseMs: 10, maxMs: 5 })).toThrow(/maxMs/);
    expect(() => nextBackoffMs(1, { random: fixed(1) })).toThrow(/random/);
  });
});

describe('Backoff', () => {
  it('counts failures in a row and waits longer for each, the shortest again after a success', () => {
    const backoff = new Backoff({ baseMs: 100, maxMs: 350, jitter: false });
    expect([backoff.fail(), backoff.fail(), backoff.fail(), backoff.fail()]).toEqual([100, 200, 350, 350]);
    expect(backoff.failures).toBe(4);
    backoff.succeeded();
    expect(backoff.failures).toBe(0);
    expect(backoff.fail()).toBe(100);
  });
});

describe('Retry', () => {
  it('runs one attempt after the wait; a cancelled one never runs', async () => {
    const retry = new Retry({ baseMs: 20, maxMs: 40, jitter: false });
    const started = Date.now();
    await new Promise<void>((resolve) => expect(retry.after(resolve)).toBe(20));
    expect(Date.now() - started).toBeGreaterThanOrEqual(19);
    expect(retry.pending).toBe(false);
    let ran = false;
    expect(retry.after(() => (ran = true))).toBe(40);
    expect(retry.pending).toBe(true);
    retry.cancel();
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(ran).toBe(false);
    expect(retry.failures).toBe(2);
    retry.succeeded();
    retry.after(() => undefined);
    retry.cancel();
    expect(retry.failures).toBe(1);
  });

  it('keeps one attempt pending: a second failure replaces the first', async () => {
    const retry = new Retry({ baseMs: 10, maxMs: 10, jitter: false });
    const runs: string[] = [];
    retry.after(() => runs.push('first'));
    await new Promise<void>((resolve) => retry.after(() => (runs.push('second'), resolve())));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(runs).toEqual(['second']);
  });
});
