import { describe, expect, it } from 'vitest';
import { maxFailPolicy, RunControl } from '../../src/procedures/run-control.js';

describe('RunControl', () => {
  it('lets every step through until told otherwise', async () => {
    const control = new RunControl();
    for (const step of ['drain', 'restart', 'stop', 'start', 'wait', 'undrain'] as const) expect(await control.checkpoint(step)).toBe(true);
  });

  it('abort starts nothing that takes a host down, but lets hosts under way come back', async () => {
    const control = new RunControl();
    control.abort();
    expect(control.aborting).toBe('finish-hosts');
    expect(control.signal.aborted).toBe(false);
    const answers = await Promise.all((['drain', 'restart', 'stop', 'start', 'wait', 'undrain'] as const).map((s) => control.checkpoint(s)));
    expect(answers).toEqual([false, false, false, true, true, true]);
  });

  it('abort now stops every step and interrupts waits; it cannot be weakened', async () => {
    const control = new RunControl();
    control.abort('now', 'fire');
    control.abort('finish-hosts');
    expect(control.aborting).toBe('now');
    expect(control.abortReason).toBe('fire');
    expect(control.signal.aborted).toBe(true);
    expect(await control.checkpoint('undrain')).toBe(false);
  });

  it('pause holds checkpoints until resume; an abort ends the pause', async () => {
    const control = new RunControl();
    const changes: string[] = [];
    control.onChange(() => changes.push(`${control.paused ? 'paused' : 'running'} ${control.aborting ?? ''}`.trim()));
    control.pause();
    let passed: boolean | undefined;
    const waiting = control.checkpoint('drain').then((ok) => (passed = ok));
    await Promise.resolve();
    expect(passed).toBeUndefined();
    control.resume();
    await waiting;
    expect(passed).toBe(true);

    control.pause();
    const held = control.checkpoint('wait');
    control.abort();
    expect(await held).toBe(true);
    expect(changes).toEqual(['paused', 'running', 'paused', 'running finish-hosts']);
  });
});

describe('maxFailPolicy', () => {
  it('continues while failures are within --max-fail, then stops', () => {
    const failure = { host: 'h', step: 'wait' as const, error: 'x', attempt: 1 };
    expect(maxFailPolicy({ ...failure, failures: 1, maxFail: 0 })).toBe('abort');
    expect(maxFailPolicy({ ...failure, failures: 1, maxFail: 1 })).toBe('continue');
    expect(maxFailPolicy({ ...failure, failures: 2, maxFail: 1 })).toBe('abort');
  });
});
