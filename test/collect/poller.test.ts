import { describe, expect, it } from 'vitest';
import { Poller } from '../../src/collect/poller.js';

describe('Poller', () => {
  it('never runs the task twice at once, skipping ticks a slow run covered', async () => {
    let running = 0;
    let maxRunning = 0;
    let runs = 0;
    let release: () => void = () => {};
    const slowRunDone = new Promise<void>((resolve) => (release = resolve));
    const poller = new Poller(
      async () => {
        running += 1;
        maxRunning = Math.max(maxRunning, running);
        runs += 1;
        if (runs === 1) await new Promise((r) => setTimeout(r, 55));
        running -= 1;
        if (runs === 2) release();
      },
      { intervalMs: 10 },
    );
    poller.start();
    await slowRunDone;
    poller.stop();
    expect(maxRunning).toBe(1);
    expect(poller.skipped).toBeGreaterThanOrEqual(4);
  });

  it('backs off after failures and reports them', async () => {
    const failures: number[] = [];
    const delays: number[] = [];
    let done: () => void = () => {};
    const finished = new Promise<void>((resolve) => (done = resolve));
    const poller = new Poller(async () => Promise.reject(new Error('refused')), {
      intervalMs: 1,
      backoffMs: (n) => {
        delays.push(n);
        if (n === 3) done();
        return 1;
      },
      onError: (_e, n) => failures.push(n),
    });
    poller.start();
    await finished;
    poller.stop();
    expect(failures.slice(0, 3)).toEqual([1, 2, 3]);
    expect(delays.slice(0, 3)).toEqual([1, 2, 3]);
  });
});
