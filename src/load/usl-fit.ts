/**
 * The Universal Scalability Law: throughput at concurrency N is
 *   X(N) = λN / (1 + σ(N − 1) + κN(N − 1))
 * with λ the throughput of one user alone, σ the share serialised (contention: queueing for a
 * shared resource) and κ the cost of keeping shared data coherent (crosstalk), which makes
 * throughput fall past a peak at N* = √((1 − σ)/κ). Fitted by least squares on the throughput
 * itself: for given σ and κ the best λ is closed-form, and (σ, κ) are searched on a grid
 * (σ in [0, 1], κ from 0 and on a log scale) refined three times around the best cell — no
 * starting guess to get wrong, and σ, κ ≥ 0 by construction.
 */

export interface UslPoint {
  /** Concurrency: users of a closed-model step. */
  n: number;
  /** Throughput measured there, requests/s. */
  x: number;
}

export interface UslFit {
  lambda: number;
  sigma: number;
  kappa: number;
  /** Of the fitted throughput against the measured one, 1 is a perfect fit. */
  r2: number;
  /** Where throughput peaks (κ > 0), or null: it only approaches lambda/sigma. */
  peakN: number | null;
  /** The highest throughput the law predicts: at peakN, else the asymptote λ/σ (null when σ is 0 too). */
  peakX: number | null;
}

type Coefficients = Pick<UslFit, 'lambda' | 'sigma' | 'kappa'>;

export function uslThroughput(fit: Coefficients, n: number): number {
  return (fit.lambda * n) / (1 + fit.sigma * (n - 1) + fit.kappa * n * (n - 1));
}

/** The best λ for σ and κ (X = λ·g(N) is linear in λ) and the squared error it leaves. */
function profile(points: readonly UslPoint[], sigma: number, kappa: number): { lambda: number; sse: number } {
  const g = points.map((p) => p.n / (1 + sigma * (p.n - 1) + kappa * p.n * (p.n - 1)));
  const lambda = points.reduce((sum, p, i) => sum + p.x * g[i]!, 0) / g.reduce((sum, v) => sum + v * v, 0);
  return { lambda, sse: points.reduce((sum, p, i) => sum + (p.x - lambda * g[i]!) ** 2, 0) };
}

const GRID = 60;
/** κ is searched as 10^e for e in [KAPPA_MIN_EXP, 0], and 0 itself. */
const KAPPA_MIN_EXP = -7;

/** The fit, or null with fewer than three distinct concurrencies (three coefficients). */
export function fitUsl(points: readonly UslPoint[]): UslFit | null {
  const usable = points.filter((p) => p.n > 0 && p.x > 0);
  if (new Set(usable.map((p) => p.n)).size < 3) return null;
  // κ on a log scale, with the exponent below KAPPA_MIN_EXP standing for κ = 0.
  const kappaOf = (e: number): number => (e <= KAPPA_MIN_EXP ? 0 : 10 ** e);
  let best = { sigma: 0, e: KAPPA_MIN_EXP, ...profile(usable, 0, 0) };
  let sigmaRange: [number, number] = [0, 1];
  let eRange: [number, number] = [KAPPA_MIN_EXP - 0.5, 0];
  for (let round = 0; round < 4; round++) {
    for (let i = 0; i <= GRID; i++) {
      const sigma = sigmaRange[0] + ((sigmaRange[1] - sigmaRange[0]) * i) / GRID;
      for (let j = 0; j <= GRID; j++) {
        const e = eRange[0] + ((eRange[1] - eRange[0]) * j) / GRID;
        const tried = profile(usable, sigma, kappaOf(e));
        if (tried.sse < best.sse) best = { sigma, e, ...tried };
      }
    }
    const sigmaStep = (sigmaRange[1] - sigmaRange[0]) / GRID;
    const eStep = (eRange[1] - eRange[0]) / GRID;
    sigmaRange = [Math.max(0, best.sigma - 2 * sigmaStep), Math.min(1, best.sigma + 2 * sigmaStep)];
    eRange = [Math.max(KAPPA_MIN_EXP - 0.5, best.e - 2 * eStep), Math.min(0, best.e + 2 * eStep)];
  }
  const fit = { lambda: best.lambda, sigma: best.sigma, kappa: kappaOf(best.e) };
  const mean = usable.reduce((sum, p) => sum + p.x, 0) / usable.length;
  const sst = usable.reduce((sum, p) => sum + (p.x - mean) ** 2, 0);
  const peakN = fit.kappa > 0 ? Math.sqrt((1 - fit.sigma) / fit.kappa) : null;
  const peakX = peakN !== null ? uslThroughput(fit, peakN) : fit.sigma > 0 ? fit.lambda / fit.sigma : null;
  return { ...fit, r2: sst === 0 ? 1 : 1 - best.sse / sst, peakN, peakX };
}
