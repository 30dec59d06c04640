/**
 * A run's figures as plain data — per second while it runs, and for the whole run at the end,
 * with the thresholds judged — for the progress lines, `--json` and the exit code.
 */
import type { EndReason, RunOutcome, SecondReport } from './load-generator.js';
import type { LoadWindow } from './load-stats.js';
import { evaluateThresholds, type ThresholdResult } from './thresholds.js';

export interface LatencyFigures {
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
  mean: number;
}

export interface SecondFigures {
  type: 'second';
  second: number;
  /** Responses completed in this second. */
  rps: number;
  /** Milliseconds. */
  latency: LatencyFigures;
  errors: number;
  checksPassed: number;
  checksTotal: number;
  dropped: number;
  late: number;
  inFlight: number;
  /** Arrival rate asked for (open) or users running (closed). */
  level: number;
}

export interface RunSummary {
  type: 'summary';
  scenario: string;
  model: 'open' | 'closed';
  startedAt: string;
  endReason: EndReason;
  sendingSeconds: number;
  elapsedSeconds: number;
  requests: number;
  rps: number;
  latency: LatencyFigures;
  /** How late the generator sent requests after their intended start (open model), ms. */
  scheduleLag: { p50: number; p99: number; max: number };
  errors: number;
  errorKinds: Record<string, number>;
  dropped: number;
  late: number;
  checks: Record<string, { passed: number; failed: number }>;
  byRequest: Record<string, { requests: number; errors: number }>;
  thresholds: ThresholdResult[];
  passed: boolean;
}

function latencyOf(window: LoadWindow): LatencyFigures {
  const ms = (us: number): number => (window.requests === 0 ? 0 : us / 1000);
  return {
    p50: window.latencyMs(50),
    p90: window.latencyMs(90),
    p99: window.latencyMs(99),
    p999: window.latencyMs(99.9),
    max: ms(window.latency.maxValue),
    mean: ms(window.latency.mean),
  };
}

export function secondFigures(report: SecondReport): SecondFigures {
  const { window } = report;
  return {
    type: 'second',
    second: report.second,
    rps: window.requests,
    latency: latencyOf(window),
    errors: window.errors,
    checksPassed: window.checksPassed,
    checksTotal: window.checksTotal,
    dropped: window.dropped,
    late: window.late,
    inFlight: report.inFlight,
    level: Math.round(report.level * 10) / 10,
  };
}

export function summarize(scenario: { name: string; model: 'open' | 'closed'; thresholds: readonly string[] }, outcome: RunOutcome): RunSummary {
  const { total } = outcome;
  // Throughput over the time requests were being sent, so the drain at the end does not dilute it.
  const seconds = outcome.sendingSeconds > 0 ? outcome.sendingSeconds : outcome.elapsedSeconds;
  const rps = seconds > 0 ? total.requests / seconds : 0;
  const latency = latencyOf(total);
  const sentAny = total.lag.totalCount > 0;
  const results: ThresholdResult[] = evaluateThresholds(scenario.thresholds, {
    latencyAt: (percentile) => total.latencyMs(percentile),
    meanMs: latency.mean,
    maxMs: latency.max,
    requests: total.requests,
    errors: total.errors,
    dropped: total.dropped,
    late: total.late,
    checksPassed: total.checksPassed,
    checksTotal: total.checksTotal,
    rps,
  });
  return {
    type: 'summary',
    scenario: scenario.name,
    model: scenario.model,
    startedAt: outcome.startedAt.toISOString(),
    endReason: outcome.endReason,
    sendingSeconds: round(outcome.sendingSeconds, 3),
    elapsedSeconds: round(outcome.elapsedSeconds, 3),
    requests: total.requests,
    rps: round(rps, 1),
    latency,
    scheduleLag: {
      p50: sentAny ? total.lag.getValueAtPercentile(50) / 1000 : 0,
      p99: sentAny ? total.lag.getValueAtPercentile(99) / 1000 : 0,
      max: sentAny ? total.lag.maxValue / 1000 : 0,
    },
    errors: total.errors,
    errorKinds: Object.fromEntries(total.errorKinds),
    dropped: total.dropped,
    late: total.late,
    checks: Object.fromEntries(total.checks),
    byRequest: Object.fromEntries(total.byRequest),
    thresholds: results.map((result) => ({ ...result, measured: round(result.measured, 3) })),
    // A run cut short proves nothing either way: it does not pass.
    passed: results.every((result) => result.passed) && outcome.endReason !== 'stopped',
  };
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
