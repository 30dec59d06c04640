import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ScheduledTask } from '../../src/runtime/scheduler.js';

/** A task whose runs the test finishes by hand: `finish(i)` ends the i-th run (0-based). */
function handTask(outcome: () => unknown = () => undefined) {
  const ends: Array<() => void> = [];
  const startedAt: number[] = [];
  const task = (): Promise<unknown> => {
    startedAt.push(Date.now());
    return new Promise((resolve) => ends.push(() => resolve(outcome())));
  };
  return { task, startedAt, finish: (i: number) => ends[i]!() };
}

describe('ScheduledTask', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('skips the ticks that come while a run is going, never stacking a second run', async () => {
    const hand = handTask();
    const scheduled = new ScheduledTask(hand.task, { intervalMs: 100 });
    scheduled.start();
    expect(hand.startedAt).toEqual([0]);
    await vi.advanceTimersByTimeAsync(350); // ticks at 100, 200, 300 find the first run going
    expect(hand.startedAt).toEqual([0]);
    expect(scheduled.stats()).toMatchObject({ runs: 1, skipped: 3 });
    hand.finish(0);
    await vi.advanceTimersByTimeAsync(50); // the tick at 400 runs again
    expect(hand.startedAt).toEqual([0, 400]);
    scheduled.stop();
  });

  it('backs off a failing task 1, 2, 4 … intervals up to its ceiling, and a good run restores the interval', async () => {
    let fail = true;
    const runs: number[] = [];
    const errors: number[] = [];
    const scheduled = new ScheduledTask(
      () => {
        runs.push(Date.now());
        if (fail) throw new Error('refused');
      },
      { intervalMs: 100, maxBackoffMs: 400, onError: (_e, failures) => errors.push(failures) },
    );
    scheduled.start();
    await vi.advanceTimersByTimeAsync(1500);
    // Waits after each failure: 1, 2, 4, then 4 intervals (the 400 ms ceiling).
    expect(runs).toEqual([0, 100, 300, 700, 1100, 1500]);
    expect(errors).toEqual([1, 2, 3, 4, 5, 6]);
    fail = false;
    await vi.advanceTimersByTimeAsync(900); // the next run (at 1900) succeeds; then every tick runs
    expect(runs.slice(6)).toEqual([1900, 2000, 2100, 2200, 2300, 2400]);
    expect(scheduled.stats().failures).toBe(0);
    scheduled.stop();
  });

  it('a run that resolves false backs off without an error', async () => {
    const runs: number[] = [];
    const onError = vi.fn();
    const scheduled = new ScheduledTask(
      () => {
        runs.push(Date.now());
        return false;
      },
      { intervalMs: 100, onError },
    );
    scheduled.start();
    await vi.advanceTimersByTimeAsync(700);
    expect(runs).toEqual([0, 100, 300, 700]);
    expect(onError).not.toHaveBeenCalled();
    scheduled.stop();
  });

  it('stop: no run starts after it, the one under way finishes; runNow joins a run under way', async () => {
    const hand = handTask();
    const scheduled = new ScheduledTask(hand.task, { intervalMs: 100, firstRunMs: 30 });
    scheduled.start();
    expect(hand.startedAt).toEqual([]);
    await vi.advanceTimersByTimeAsync(30);
    expect(hand.startedAt).toEqual([30]);
    const joined = scheduled.runNow();
    expect(hand.startedAt).toEqual([30]);
    scheduled.stop();
    expect(scheduled.started).toBe(false);
    hand.finish(0);
    await joined;
    await vi.advanceTimersByTimeAsync(1000);
    expect(hand.startedAt).toEqual([30]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('stopped before its first run, it never runs', async () => {
    const task = vi.fn();
    const scheduled = new ScheduledTask(task, { intervalMs: 100, firstRunMs: 50 });
    scheduled.start();
    scheduled.stop();
    await vi.advanceTimersByTimeAsync(500);
    expect(task).not.toHaveBeenCalled();
  });
});
