/** The CPU bar and the figure beside it count the same thing: busy time, not iowait. */
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS } from '../../src/analysis/thresholds.js';
import { cpuLines } from '../../views/overview/cpu-section.js';
import { capturedSnapshot } from './render-app.js';

describe('CPU bar', () => {
  it('draws as much of the bar as the figure says, with iowait only in the breakdown', () => {
    const s = capturedSnapshot();
    // A disk-bound host: 73 % busy, 25 % waiting for I/O.
    const cpu = { ...s.cpu, usage: 73, user: 60, system: 13, iowait: 25, steal: 0 };
    const [line] = cpuLines({ ...s, cpu }, 100, 1, 0, DEFAULT_THRESHOLDS, false).map(stripVTControlCharacters);
    const bar = /^CPU +([█▓▒░·]+) /.exec(line!)![1]!;
    const filled = [...bar].filter((c) => c !== '·').length;
    expect(Math.round((filled / bar.length) * 100)).toBeGreaterThanOrEqual(70);
    expect(Math.round((filled / bar.length) * 100)).toBeLessThanOrEqual(76);
    expect(bar).not.toContain('▒');
    expect(line).toMatch(/73% +usr +60 sys +13 iow +25 st/);
  });
});
