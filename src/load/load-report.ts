/**
 * `perfmon load report [RUN] [--baseline RUN] [--json]`: a stored run's summary, compared with a
 * baseline run when asked (regressions flagged with their p-value); without RUN, the stored runs.
 * Exit 1 when a regression is flagged.
 */
import { reportError, type CliIO, type CliStatus } from '../procedures/cli/cli-support.js';
import { stateDir } from '../procedures/state-dir.js';
import { summaryLines } from './load-text.js';
import { compareRuns, type Comparison } from './run-compare.js';
import { analyseStoredRun, listRuns, readRun } from './run-store.js';
import { analysisLines } from './analysis-text.js';

export interface ReportArgs {
  run?: string | undefined;
  baseline?: string | undefined;
  json?: boolean | undefined;
}

function figure(value: number, unit: Comparison['unit']): string {
  return `${value.toFixed(unit === '%' ? 2 : 1)}${unit}`;
}

/** `p99  12.0ms → 15.5ms  +29.2%  p=0.002  REGRESSION` */
export function comparisonLine(row: Comparison): string {
  const change = row.change === null ? 'n/a' : `${row.change >= 0 ? '+' : ''}${(100 * row.change).toFixed(1)}%`;
  const p = row.p === null ? 'p n/a (under 3 busy seconds)' : `p=${row.p < 0.001 ? '<0.001' : row.p.toFixed(3)}`;
  const verdict = row.regression ? 'REGRESSION' : row.p !== null && row.p < 0.05 && row.change !== null && Math.abs(row.change) >= 0.05 ? 'changed (better)' : 'no significant change';
  return `  ${row.metric.padEnd(6)} ${figure(row.baseline, row.unit).padStart(10)} → ${figure(row.current, row.unit).padEnd(10)} ${change.padStart(7)}  ${p}  ${verdict}`;
}

export async function runLoadReport(args: ReportArgs, io: CliIO): Promise<CliStatus> {
  const say = (line: string): void => void io.out.write(`${line}\n`);
  try {
    const dir = stateDir(io.env);
    if (args.run === undefined) {
      const runs = await listRuns(dir);
      if (args.json) say(JSON.stringify(runs));
      else if (runs.length === 0) say('No stored load runs yet: every perfmon load run is kept, then listed here.');
      else for (const id of runs) say(id);
      return 'ok';
    }
    const run = await readRun(dir, args.run);
    const baseline = args.baseline === undefined ? undefined : await readRun(dir, args.baseline);
    const comparison = baseline === undefined ? [] : compareRuns(run, baseline);
    const analysis = analyseStoredRun(run);
    if (args.json) {
      say(JSON.stringify({ run: run.id, summary: run.summary, seconds: run.seconds, analysis, ...(baseline === undefined ? {} : { baseline: baseline.id, comparison }) }));
    } else {
      say(`Run ${run.id} (${run.scenarioPath}), started ${run.summary.startedAt}, ${run.summary.model} model`);
      for (const line of summaryLines(run.summary)) say(line);
      for (const line of analysisLines(analysis, run.summary.model)) say(line);
      if (baseline !== undefined) {
        say(`Compared with ${baseline.id} (per-second figures, Mann–Whitney U; flagged when ≥ 5% worse at p < 0.05):`);
        for (const row of comparison) say(comparisonLine(row));
      }
    }
    return comparison.some((row) => row.regression) ? 'failure' : 'ok';
  } catch (error) {
    return reportError(io, error);
  }
}
