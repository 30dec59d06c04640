/**
 * Whether two samples differ: Mann–Whitney U (two-sided, normal approximation, ties mid-ranked).
 * Used by load-run comparison (src/load/run-compare.ts) and period-over-period comparison
 * (src/analysis/correlation/compare-periods.ts).
 */

/** Standard normal upper tail, by the Abramowitz–Stegun 7.1.26 approximation of erfc. */
function normalTail(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erfc = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-x * x);
  return erfc / 2;
}

/** Two-sided p-value of Mann–Whitney U for samples a and b (ties get mid-ranks); null below 3 each. */
export function mannWhitneyP(a: readonly number[], b: readonly number[]): number | null {
  if (a.length < 3 || b.length < 3) return null;
  const all = [...a.map((value) => ({ value, fromA: true })), ...b.map((value) => ({ value, fromA: false }))].sort((x, y) => x.value - y.value);
  let rankA = 0;
  let tieTerm = 0;
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j + 1 < all.length && all[j + 1]!.value === all[i]!.value) j++;
    const rank = (i + j) / 2 + 1;
    const ties = j - i + 1;
    tieTerm += ties ** 3 - ties;
    for (let k = i; k <= j; k++) if (all[k]!.fromA) rankA += rank;
    i = j + 1;
  }
  const n1 = a.length;
  const n2 = b.length;
  const n = n1 + n2;
  const u = rankA - (n1 * (n1 + 1)) / 2;
  const mean = (n1 * n2) / 2;
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  if (variance <= 0) return 1;
  return Math.min(1, 2 * normalTail((u - mean) / Math.sqrt(variance)));
}
