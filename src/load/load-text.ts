/**
 * How `perfmon load` prints: the preview before a run, one progress line per second, and the
 * final summary. Every figure carries its unit.
 */
import { formatDuration } from '../config/duration.js';
import { formatCount, formatMillis, formatPercent } from '../format/units.js';
import type { RunSummary, SecondFigures } from './load-summary.js';
import type { Scenario } from './scenario-schema.js';
import { peakLevel, plannedRequests, totalDuration } from './stage-plan.js';
import { formatThresholdResult } from './thresholds.js';

export function previewLines(scenario: Scenario, origins: readonly string[], scenarioPath: string): string[] {
  const peak = peakLevel(scenario.stages);
  const load =
    scenario.model === 'open'
      ? `open model, peak ${formatCount(peak)} requests/s, about ${formatCount(plannedRequests(scenario.stages))} requests`
      : `closed model, peak ${formatCount(peak)} users${typeof scenario.thinkTime === 'number' && scenario.thinkTime === 0 ? '' : ', with think time'}`;
  const stages = scenario.stages.map((stage) => `${formatDuration(stage.duration)}→${formatCount(stage.target)}`).join(', ');
  return [
    `Load test ${scenario.name} (${scenarioPath})`,
    `  targets:  ${origins.join(', ')}`,
    `  load:     ${load}`,
    `  duration: ${formatDuration(totalDuration(scenario.stages))} (stages ${stages})`,
    `  mix:      ${scenario.requests.map((request) => `${request.name} ${request.method} ×${request.weight}`).join(', ')}`,
    ...(scenario.thresholds.length > 0 ? [`  thresholds: ${scenario.thresholds.join('; ')}`] : []),
  ];
}

function checksText(passed: number, total: number): string {
  return total === 0 ? 'checks —' : `checks ${formatPercent((100 * passed) / total)}`;
}

/** `  12s  401 req/s  p50 1.2ms  p90 3ms  p99 8.1ms  errors 0  checks 100%  in flight 3` */
export function secondLine(figures: SecondFigures, model: 'open' | 'closed'): string {
  const { latency } = figures;
  const level = model === 'open' ? `asked ${formatCount(figures.level)}/s` : `${formatCount(figures.level)} users`;
  const generator = [figures.dropped > 0 ? `dropped ${figures.dropped}` : '', figures.late > 0 ? `late ${figures.late}` : ''].filter(Boolean).join('  ');
  return [
    `${String(figures.second).padStart(4)}s`,
    `${formatCount(figures.rps).padStart(5)} req/s (${level})`,
    `p50 ${formatMillis(latency.p50)}`,
    `p90 ${formatMillis(latency.p90)}`,
    `p99 ${formatMillis(latency.p99)}`,
    `errors ${figures.errors}`,
    checksText(figures.checksPassed, figures.checksTotal),
    `in flight ${figures.inFlight}`,
    generator,
  ]
    .filter(Boolean)
    .join('  ');
}

export function summaryLines(summary: RunSummary): string[] {
  const { latency } = summary;
  const errorRate = summary.requests === 0 ? 0 : (100 * summary.errors) / summary.requests;
  const checks = Object.values(summary.checks).reduce((sum, c) => ({ passed: sum.passed + c.passed, total: sum.total + c.passed + c.failed }), { passed: 0, total: 0 });
  const ended = summary.endReason === 'done' ? '' : ` (${summary.endReason})`;
  const lines = [
    `Summary of ${summary.scenario}${ended}: ${summary.requests} requests in ${summary.sendingSeconds.toFixed(1)}s, ${summary.rps.toFixed(1)} req/s`,
    `  latency: p50 ${formatMillis(latency.p50)}  p90 ${formatMillis(latency.p90)}  p99 ${formatMillis(latency.p99)}  p99.9 ${formatMillis(latency.p999)}  max ${formatMillis(latency.max)}  mean ${formatMillis(latency.mean)}` +
      (summary.model === 'open' ? '  (from each request’s intended start)' : ''),
    `  errors: ${summary.errors} (${errorRate.toFixed(2)}%)${Object.keys(summary.errorKinds).length > 0 ? ` — ${Object.entries(summary.errorKinds).map(([kind, n]) => `${kind} ×${n}`).join(', ')}` : ''}`,
    `  ${checksText(checks.passed, checks.total)}${Object.entries(summary.checks)
      .filter(([, c]) => c.failed > 0)
      .map(([label, c]) => `; ${label} failed ${c.failed}/${c.passed + c.failed}`)
      .join('')}`,
  ];
  if (summary.model === 'open') {
    lines.push(
      `  generator: dropped ${summary.dropped}, late ${summary.late}; send lag p50 ${formatMillis(summary.scheduleLag.p50)}, p99 ${formatMillis(summary.scheduleLag.p99)}, max ${formatMillis(summary.scheduleLag.max)}` +
        (summary.dropped + summary.late > 0 ? ' — the generator could not keep up: figures understate the load asked for' : ''),
    );
  }
  for (const [name, counts] of Object.entries(summary.byRequest)) lines.push(`  ${name}: ${counts.requests} requests, ${counts.errors} errors`);
  for (const threshold of summary.thresholds) lines.push(`  threshold ${formatThresholdResult(threshold)}`);
  lines.push(summary.passed ? 'Result: pass' : summary.endReason === 'stopped' ? 'Result: stopped before the end (not a pass)' : 'Result: FAIL');
  return lines;
}
