/**
 * The statistics "what moved with this?" ranks by, over plain number arrays (NaN = no sample):
 * the two-sample Kolmogorov–Smirnov test (did the distribution change between two windows?),
 * Pearson's and Spearman's correlation (did two series move together?), at a lag.
 */

export function finite(values: readonly number[]): number[] {
  return values.filter((v) => Number.isFinite(v));
}

export function mean(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return values.length === 0 ? Number.NaN : sum / values.length;
}

/** Two-sample KS: the statistic D (0 … 1) and its asymptotic two-sided p-value; null below 3 samples each. */
export function kolmogorovSmirnov(a: readonly number[], b: readonly number[]): { d: number; p: number } | null {
  const x = finite(a).sort((p, q) => p - q);
  const y = finite(b).sort((p, q) => p - q);
  if (x.length < 3 || y.length < 3) return null;
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < x.length && j < y.length) {
    const v = Math.min(x[i]!, y[j]!);
    while (i < x.length && x[i]! <= v) i++;
    while (j < y.length && y[j]! <= v) j++;
    d = Math.max(d, Math.abs(i / x.length - j / y.length));
  }
  const n = (x.length * y.length) / (x.length + y.length);
  const lambda = (Math.sqrt(n) + 0.12 + 0.11 / Math.sqrt(n)) * d;
  return { d, p: kolmogorovTail(lambda) };
}

/** Q_KS(λ) = 2 Σ (−1)^(k−1) e^(−2k²λ²) (Numerical Recipes' probks). */
function kolmogorovTail(lambda: number): number {
  if (lambda < 0.2) return 1;
  let sum = 0;
  let sign = 1;
  for (let k = 1; k <= 100; k++) {
    const term = sign * Math.exp(-2 * k * k * lambda * lambda);
    sum += term;
    if (Math.abs(term) < 1e-10) break;
    sign = -sign;
  }
  return Math.min(1, Math.max(0, 2 * sum));
}

/** Pearson's r over the pairs where both have a sample; null below 3 pairs or when either is constant. */
export function pearson(a: readonly number[], b: readonly number[]): number | null {
  let n = 0;
  let sa = 0;
  let sb = 0;
  for (let i = 0; i < a.length && i < b.length; i++) {
    if (!Number.isFinite(a[i]!) || !Number.isFinite(b[i]!)) continue;
    n++;
    sa += a[i]!;
    sb += b[i]!;
  }
  if (n < 3) return null;
  const ma = sa / n;
  const mb = sb / n;
  let cov = 0;
  let va = 0;
  let vb = 0;
  for (let i = 0; i < a.length && i < b.length; i++) {
    if (!Number.isFinite(a[i]!) || !Number.isFinite(b[i]!)) continue;
    const da = a[i]! - ma;
    const db = b[i]! - mb;
    cov += da * db;
    va += da * da;
    vb += db * db;
  }
  if (va <= 0 || vb <= 0) return null;
  return cov / Math.sqrt(va * vb);
}

/** Ranks (1-based, ties get their mean rank); NaN stays NaN. */
export function ranks(values: readonly number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).filter(([v]) => Number.isFinite(v)).sort((p, q) => p[0] - q[0]);
  const out = values.map(() => Number.NaN);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
    for (let k = i; k <= j; k++) out[order[k]![1]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return out;
}

/** Spearman's ρ: Pearson's r of the ranks of the pairs where both have a sample. */
export function spearman(a: readonly number[], b: readonly number[]): number | null {
  const both = a.map((v, i) => Number.isFinite(v) && Number.isFinite(b[i] ?? Number.NaN));
  return pearson(
    ranks(a.map((v, i) => (both[i] ? v : Number.NaN))),
    ranks(b.map((v, i) => (both[i] ? v : Number.NaN))),
  );
}

/**
 * `b` shifted by `lag` steps against `a`: pairs (a[i], b[i − lag]). A positive lag pairs a with
 * what b did `lag` steps earlier — b leads a.
 */
export function lagged(a: readonly number[], b: readonly number[], lag: number): [number[], number[]] {
  const x: number[] = [];
  const y: number[] = [];
  for (let i = Math.max(0, lag); i < a.length && i - lag < b.length; i++) {
    x.push(a[i]!);
    y.push(b[i - lag]!);
  }
  return [x, y];
}

function pairs(a: readonly number[], b: readonly number[]): number {
  let n = 0;
  for (let i = 0; i < a.length && i < b.length; i++) if (Number.isFinite(a[i]!) && Number.isFinite(b[i]!)) n++;
  return n;
}

/**
 * The lag in [−maxLag, maxLag] with the strongest Pearson r (ties: the smallest |lag|), with r and
 * ρ there; only lags where at least `minPairs` pairs have both samples count (a handful of pairs
 * correlates perfectly by chance).
 */
export function bestLag(a: readonly number[], b: readonly number[], maxLag: number, minPairs = 3): { lag: number; pearson: number; spearman: number | null } | null {
  const found: { best: { lag: number; pearson: number } | null } = { best: null };
  const tryLag = (lag: number) => {
    const [x, y] = lagged(a, b, lag);
    if (pairs(x, y) < minPairs) return;
    const r = pearson(x, y);
    const best = found.best;
    if (r !== null && (best === null || Math.abs(r) > Math.abs(best.pearson) + 1e-9 || (Math.abs(r) >= Math.abs(best.pearson) - 1e-9 && Math.abs(lag) < Math.abs(best.lag)))) found.best = { lag, pearson: r };
  };
  // Coarse to fine: every `stride`-th lag, then every lag around the best of those (a lag
  // correlation is smooth at the scale of the step, and the full search costs lags × samples).
  const stride = Math.max(1, Math.floor(maxLag / 32));
  for (let lag = -Math.floor(maxLag / stride) * stride; lag <= maxLag; lag += stride) tryLag(lag);
  const coarse = found.best;
  if (coarse && stride > 1) for (let lag = Math.max(-maxLag, coarse.lag - stride + 1); lag <= Math.min(maxLag, coarse.lag + stride - 1); lag++) tryLag(lag);
  const best = found.best;
  if (!best) return null;
  const [x, y] = lagged(a, b, best.lag);
  return { ...best, spearman: spearman(x, y) };
}
