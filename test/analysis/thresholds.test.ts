import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLD, levelOf, worstLevel } from '../../src/analysis/thresholds.js';

describe('thresholds', () => {
  it('warns at 70 % and is critical at 90 % by default', () => {
    expect(levelOf(69.9, DEFAULT_THRESHOLD)).toBe('ok');
    expect(levelOf(70, DEFAULT_THRESHOLD)).toBe('warning');
    expect(levelOf(89.9, DEFAULT_THRESHOLD)).toBe('warning');
    expect(levelOf(90, DEFAULT_THRESHOLD)).toBe('critical');
    expect(levelOf(null, DEFAULT_THRESHOLD)).toBe('ok');
  });

  it('finds the worst level', () => {
    expect(worstLevel(['ok', 'critical', 'warning'])).toBe('critical');
    expect(worstLevel([])).toBe('ok');
  });
});
