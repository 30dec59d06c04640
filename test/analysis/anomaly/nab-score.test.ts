import { describe, expect, it } from 'vitest';
import { LOW_FP, normalisedScore, probationRows, STANDARD, scaledSigmoid, scoreFile, windowRows } from '../../../bench/nab/nab-score.js';

// Hand-made files of 1000 rows: probation is the first 150 rows.
const ROWS = 1000;

describe('NAB scorer', () => {
  it("uses NAB's scaled sigmoid and probation", () => {
    expect(scaledSigmoid(-1)).toBeCloseTo(0.98661, 5);
    expect(scaledSigmoid(0)).toBe(0);
    expect(scaledSigmoid(3.5)).toBe(-1);
    expect(probationRows(1000)).toBe(150);
    expect(probationRows(10_000)).toBe(750);
  });

  it('credits the earliest detection of a window by its position, ignores later ones in it', () => {
    const windows: [number, number][] = [[400, 499]];
    const early = scoreFile(ROWS, windows, [400, 450, 480], STANDARD);
    expect(early).toMatchObject({ truePositives: 1, falseNegatives: 0, falsePositives: 0 });
    expect(early.raw).toBeCloseTo(scaledSigmoid(-1), 10);
    const middle = scoreFile(ROWS, windows, [450], STANDARD);
    expect(middle.raw).toBeCloseTo(scaledSigmoid(-50 / 100), 10);
    expect(middle.raw).toBeLessThan(early.raw);
  });

  it('costs a missed window fn, a detection before any window a full fp, one just after a window almost nothing', () => {
    const windows: [number, number][] = [[400, 499]];
    expect(scoreFile(ROWS, windows, [], STANDARD).raw).toBe(-1);
    const before = scoreFile(ROWS, windows, [300], STANDARD);
    expect(before.raw).toBeCloseTo(-1 - 0.11, 10);
    const justAfter = scoreFile(ROWS, windows, [400, 501], STANDARD);
    expect(justAfter.raw).toBeCloseTo(scaledSigmoid(-1) + 0.11 * scaledSigmoid(2 / 99), 10);
    expect(justAfter.raw).toBeGreaterThan(scaledSigmoid(-1) - 0.011);
    const farAfter = scoreFile(ROWS, windows, [400, 900], LOW_FP);
    expect(farAfter.raw).toBeCloseTo(scaledSigmoid(-1) - 0.22, 10);
    expect(farAfter.falsePositives).toBe(1);
  });

  it('does not count detections in probation', () => {
    expect(scoreFile(ROWS, [[400, 499]], [10, 149], STANDARD)).toMatchObject({ raw: -1, falsePositives: 0 });
  });

  it('normalises over files: nothing flagged is 0, every window at its start is 100', () => {
    const files = [
      { windows: [[200, 299], [600, 699]] as [number, number][], perfect: [200, 600] },
      { windows: [[500, 599]] as [number, number][], perfect: [500] },
    ];
    const none = files.map((f) => scoreFile(ROWS, f.windows, [], STANDARD));
    const perfect = files.map((f) => scoreFile(ROWS, f.windows, f.perfect, STANDARD));
    const half = files.map((f, i) => scoreFile(ROWS, f.windows, i === 0 ? f.perfect : [], STANDARD));
    expect(normalisedScore(none)).toBe(0);
    expect(normalisedScore(perfect)).toBeCloseTo(100, 10);
    expect(normalisedScore(half)).toBeCloseTo(66.667, 2);
    expect(normalisedScore([scoreFile(ROWS, [], [500], STANDARD)])).toBe(0);
  });

  it('maps a timestamp window onto the rows it covers', () => {
    const times = [0, 10, 20, 30, 40, 50];
    expect(windowRows(times, 15, 40)).toEqual([2, 4]);
    expect(windowRows(times, 0, 5)).toEqual([0, 0]);
    expect(windowRows(times, 41, 49)).toBeUndefined();
    expect(windowRows(times, 60, 70)).toBeUndefined();
  });
});
