/**
 * How the results analyzer prints: the steps of a stepped run with the one that broke, the
 * knee and the maximum sustainable throughput, and the USL fit of a closed-model run.
 */
import { columnTable } from '../format/text.js';
import { formatCount, formatMillis } from '../format/units.js';
import type { KneeAnalysis, UslSummary } from './run-analysis.js';

function uslLine(usl: UslSummary, bestRps: number): string {
  const coefficients = `λ ${usl.lambda.toFixed(1)} req/s per user, σ ${usl.sigma.toFixed(3)} (contention), κ ${usl.kappa.toFixed(4)} (coherency), R² ${usl.r2.toFixed(3)}`;
  const peak =
    usl.peakN !== null && usl.peakX !== null
      ? `predicted peak ${usl.peakX.toFixed(1)} req/s at ${usl.peakN.toFixed(1)} users, less beyond`
      : usl.peakX !== null
        ? `no peak: throughput approaches ${usl.peakX.toFixed(1)} req/s (λ/σ) however many users`
        : 'no limit in sight: throughput grows linearly over the users tried';
  const headroom = usl.peakX === null || bestRps <= 0 ? '' : `; more users or hosts can add at most ${Math.max(0, 100 * (usl.peakX / bestRps - 1)).toFixed(0)}% over the best step`;
  return `USL fit (users → req/s): ${coefficients}; ${peak}; at ${formatCount(2 * usl.testedN)} users (2× the ${formatCount(usl.testedN)} tried) ${usl.atDoubleN.toFixed(1)} req/s${headroom}`;
}

export function analysisLines(analysis: KneeAnalysis, model: 'open' | 'closed'): string[] {
  if (analysis.note !== undefined) return [`Knee: ${analysis.note}`];
  const level = (value: number): string => (model === 'open' ? `${formatCount(value)}/s` : `${formatCount(value)} user${value === 1 ? '' : 's'}`);
  const limit = analysis.latencyLimit!;
  const rows = analysis.steps.map((step) => [
    level(step.level),
    step.rps.toFixed(1),
    formatMillis(step.latencyMs),
    `${step.errorPercent.toFixed(2)}%`,
    `${step.fromSecond}–${step.toSecond}s${step.unjudgedSeconds > 0 ? ` (${step.unjudgedSeconds} left out)` : ''}`,
    step === analysis.knee ? `KNEE: ${step.broke}` : step.broke === null ? 'held' : `broke: ${step.broke}`,
  ]);
  const table = columnTable(['level', 'req/s', limit.metric, 'errors', 'seconds', 'verdict'], rows)
    .trimEnd()
    .split('\n')
    .map((line) => `  ${line}`);
  const { knee, sustainable } = analysis;
  const verdict =
    knee === null
      ? `No knee: every step held (latency limit ${limit.metric} < ${formatMillis(limit.ms)}: ${limit.from}); the service sustained at least ${sustainable!.rps.toFixed(1)} req/s — step higher to find its limit`
      : sustainable === null
        ? `Knee at the first step (${level(knee.level)}): ${knee.broke} — start lower to find the sustainable throughput`
        : `Knee at ${level(knee.level)}: ${knee.broke}. Maximum sustainable throughput ${sustainable.rps.toFixed(1)} req/s (at ${level(sustainable.level)}; the service carried ${knee.rps.toFixed(1)} req/s at the knee; latency limit ${limit.metric} < ${formatMillis(limit.ms)}: ${limit.from})`;
  const unjudged =
    analysis.unjudgedLevels.length === 0
      ? []
      : [`  not judged: ${analysis.unjudgedLevels.map(level).join(', ')} — the generator sent late in every second of them (a busy machine); run again or from another host`];
  return [`Steps (held stages; the first second of each, and seconds the generator sent late in, left out):`, ...table, ...unjudged, verdict, ...(analysis.usl === null ? [] : [uslLine(analysis.usl, Math.max(...analysis.steps.map((step) => step.rps)))])];
}
