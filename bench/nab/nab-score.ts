/**
 * perfmon's own scorer for the Numenta Anomaly Benchmark (the rules of NAB's paper and README,
 * written here from them; no NAB code). A file is scored from the row indices its detector
 * flagged and its labelled windows (row index ranges, both ends included):
 *
 * - each window is worth one true positive, credited to its earliest detection and scaled by
 *   σ(y) = 2/(1+e^(5y)) − 1 of the detection's relative position y in the window (−1 at the
 *   window's first row → ≈ 0.987, 0 just past its last row); later detections in the same
 *   window neither add nor cost;
 * - a window without a detection costs a false negative (weight fn);
 * - a detection outside every window costs a false positive (weight fp): a full one before the
 *   first window, and fp·σ(distance past the previous window's end / its width) after one, so a
 *   detection just after a window costs almost nothing and one far past it (y > 3) costs fully;
 * - detections in the probation period (the first min(⌊0.15·n⌋, 750) rows) are not counted.
 *
 * Totals are normalised 100·(raw − null)/(perfect − null): `null` flags nothing (every window
 * a false negative), `perfect` flags each window's first row.
 */
export interface Profile {
  name: string;
  tp: number;
  fp: number;
  fn: number;
}

export const STANDARD: Profile = { name: 'standard', tp: 1, fp: 0.11, fn: 1 };
export const LOW_FP: Profile = { name: 'low-FP', tp: 1, fp: 0.22, fn: 1 };

/** A labelled window as first and last row index (both included). */
export type RowWindow = [first: number, last: number];

export interface FileScore {
  raw: number;
  null: number;
  perfect: number;
  truePositives: number;
  falseNegatives: number;
  /** Counted detections outside every window (after probation). */
  falsePositives: number;
}

/** NAB's scaled sigmoid: ≈ 1 at y = −1, 0 at y = 0, ≈ −1 for y ≥ 1; −1 past y = 3. */
export function scaledSigmoid(y: number): number {
  if (y > 3) return -1;
  return 2 / (1 + Math.exp(5 * y)) - 1;
}

export function probationRows(rows: number): number {
  return Math.min(Math.floor(0.15 * rows), 750);
}

/** Scores one file: `rows` rows, sorted non-overlapping `windows`, the `flagged` row indices. */
export function scoreFile(rows: number, windows: readonly RowWindow[], flagged: readonly number[], profile: Profile): FileScore {
  const probation = probationRows(rows);
  const credit: (number | undefined)[] = windows.map(() => undefined);
  let raw = 0;
  let falsePositives = 0;
  for (const row of [...flagged].sort((a, b) => a - b)) {
    if (row < probation || row >= rows) continue;
    const inside = windows.findIndex(([first, last]) => row >= first && row <= last);
    if (inside >= 0) {
      if (credit[inside] !== undefined) continue; // the earliest detection already took this window
      const [first, last] = windows[inside]!;
      const width = last - first + 1;
      credit[inside] = scaledSigmoid(-(last - row + 1) / width);
      continue;
    }
    falsePositives++;
    const before = windows.filter(([, last]) => last < row).at(-1);
    if (before === undefined) raw -= profile.fp;
    else {
      const width = before[1] - before[0] + 1;
      raw += profile.fp * scaledSigmoid((row - before[1]) / Math.max(width - 1, 1));
    }
  }
  let truePositives = 0;
  for (const c of credit) {
    if (c === undefined) raw -= profile.fn;
    else {
      raw += profile.tp * c;
      truePositives++;
    }
  }
  return {
    raw,
    null: -profile.fn * windows.length,
    perfect: profile.tp * scaledSigmoid(-1) * windows.length,
    truePositives,
    falseNegatives: windows.length - truePositives,
    falsePositives,
  };
}

/** 100·(raw − null)/(perfect − null) over several files' scores; 0 when there are no windows. */
export function normalisedScore(scores: readonly FileScore[]): number {
  const sum = (pick: (s: FileScore) => number) => scores.reduce((total, s) => total + pick(s), 0);
  const span = sum((s) => s.perfect) - sum((s) => s.null);
  return span === 0 ? 0 : (100 * (sum((s) => s.raw) - sum((s) => s.null))) / span;
}

/** Row index range of a [start, end] timestamp window over a file's sorted row times (ms). */
export function windowRows(times: readonly number[], start: number, end: number): RowWindow | undefined {
  let first = times.findIndex((t) => t >= start);
  if (first < 0) return undefined;
  let last = first;
  while (last + 1 < times.length && times[last + 1]! <= end) last++;
  if (times[first]! > end) return undefined;
  first = Math.max(first, 0);
  return [first, last];
}
