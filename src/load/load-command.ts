/**
 * `perfmon load SCENARIO.yaml`: checks the scenario, decides whether it may run (read-only,
 * the inventory's allowed actions, production), previews it, asks for the environment's name
 * when an inventory is in play, audits the run before and after, prints a line per second and
 * the summary, and maps the thresholds to the exit status. Ctrl-C stops at once.
 */
import { resolve } from 'node:path';
import { formatDuration } from '../config/duration.js';
import { formatCount, formatMillis } from '../format/units.js';
import { defaultAuditPath } from '../config/config-paths.js';
import type { Inventory } from '../config/inventory-schema.js';
import { formatProblem } from '../config/problems.js';
import { AuditLog, currentIdentity } from '../procedures/audit-log.js';
import { CliUsageError, confirmTyped, environmentBanner, loadProcedureInventory, reportError, type CliIO, type CliStatus } from '../procedures/cli/cli-support.js';
import { actionRefusal } from '../procedures/safety.js';
import { stateDir } from '../procedures/state-dir.js';
import { LoadGenerator } from './load-generator.js';
import { loadScenario, type LoadedScenario } from './load-scenario.js';
import { secondFigures, summarize, type RunSummary, type SecondFigures } from './load-summary.js';
import { saveRun } from './run-store.js';
import { LiveRunWriter, liveDir } from './live-run.js';
import { analyseRun, type KneeAnalysis } from './run-analysis.js';
import { analysisLines } from './analysis-text.js';
import { previewLines, secondLine, summaryLines } from './load-text.js';
import { RequestMix } from './request-mix.js';
import { peakLevel, totalDuration } from './stage-plan.js';

export interface LoadArgs {
  scenario: string;
  json?: boolean | undefined;
  yes?: boolean | undefined;
  readOnly?: boolean | undefined;
  /** `--config FILE`; without it the default inventory is used when it exists. */
  config?: string | undefined;
}

/** An environment whose name says production: `production`, `prod`, `prod-eu`, `PRODUCTION-2`. */
export function isProductionName(environment: string | undefined): boolean {
  return environment !== undefined && /^prod(uction)?(\b|[-_.\d])/i.test(environment);
}

/**
 * Why this scenario may not run against this inventory, or undefined. A scenario meant for one
 * environment never runs against another, and production is refused unless the scenario says so.
 */
export function environmentRefusal(scenario: LoadedScenario['scenario'], inventory: Pick<Inventory, 'environment'>, configPath: string): string | undefined {
  const environment = inventory.environment;
  if (scenario.environment !== undefined && scenario.environment !== environment) {
    return `load refused: the scenario is for environment ${scenario.environment}, and ${configPath} is ${environment === undefined ? 'not named' : `environment ${environment}`}`;
  }
  if (isProductionName(environment) && scenario.environment !== environment) {
    return `load refused: ${configPath} is environment ${environment}; a load test runs there only when the scenario names it (environment: ${environment})`;
  }
  return undefined;
}

async function inventoryFor(args: LoadArgs, io: CliIO): Promise<{ inventory: Inventory; path: string } | undefined> {
  try {
    return await loadProcedureInventory(args.config, io.env);
  } catch (error) {
    // No inventory at the default place: a load test of a service on its own, as with wrk or k6.
    if (args.config === undefined && error instanceof CliUsageError && error.message.startsWith('no inventory')) return undefined;
    throw error;
  }
}

/** Runs the generator until it ends or a signal stops it; the handlers are removed afterwards. */
async function runUntilStopped(generator: LoadGenerator, note: (line: string) => void) {
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const stop = (signal: string): void => {
    note(`${signal}: stopping the load test now (connections closed)`);
    generator.stop();
  };
  for (const signal of signals) process.on(signal, stop);
  try {
    return await generator.run();
  } finally {
    for (const signal of signals) process.off(signal, stop);
  }
}

export async function runLoadCommand(args: LoadArgs, io: CliIO): Promise<CliStatus> {
  // With --json, stdout carries only JSON lines; everything for the operator goes to stderr.
  const say = (line: string): void => void (args.json ? io.err : io.out).write(`${line}\n`);
  try {
    const parsed = await loadScenario(args.scenario);
    if (!parsed.ok) {
      for (const problem of parsed.problems) io.err.write(`${formatProblem(problem)}\n`);
      io.err.write(`${args.scenario}: invalid scenario, ${parsed.problems.length} problem${parsed.problems.length === 1 ? '' : 's'}\n`);
      return 'usage';
    }
    const loaded = parsed.loaded;
    const { scenario } = loaded;
    const selected = await inventoryFor(args, io);
    if (args.readOnly) throw new CliUsageError('load refused: perfmon runs with --read-only, which allows no action');
    if (selected !== undefined) {
      const refusal = actionRefusal(selected.inventory, 'load', { configPath: selected.path }) ?? environmentRefusal(scenario, selected.inventory, selected.path);
      if (refusal !== undefined) throw new CliUsageError(refusal);
    }

    const origins = new RequestMix(scenario, loaded.data).origins();
    if (selected !== undefined) say(environmentBanner(selected.inventory.environment));
    for (const line of previewLines(scenario, origins, loaded.path)) say(line);
    if (selected !== undefined && !args.yes) {
      const word = selected.inventory.environment ?? scenario.name;
      if (!(await confirmTyped(io, word, `start the load test in ${selected.inventory.environment ?? 'this environment'}`))) {
        say('Not confirmed: nothing was sent.');
        return 'failure';
      }
    }

    const audit = new AuditLog(selected?.inventory.audit.path ?? defaultAuditPath(io.env), currentIdentity());
    const subject = {
      action: 'load',
      host: origins.join(' '),
      command: `load ${loaded.path}`,
      scenario: scenario.name,
      model: scenario.model,
      peak: peakLevel(scenario.stages),
      durationSeconds: totalDuration(scenario.stages),
      ...(selected?.inventory.environment === undefined ? {} : { environment: selected.inventory.environment }),
    };
    const start = new Date().toISOString();
    // detail: one line for the history's events (perfmon history events) and the audit listing.
    await audit.append('before', { ...subject, start, detail: `scenario ${scenario.name}, ${scenario.model} model, peak ${formatCount(subject.peak)}${scenario.model === 'open' ? '/s' : ' users'} for ${formatDuration(subject.durationSeconds)}` });
    let summary: RunSummary;
    let analysis: KneeAnalysis;
    let runId: string;
    const seconds: SecondFigures[] = [];
    const live = new LiveRunWriter(liveDir(stateDir(io.env)), {
      scenario: scenario.name,
      scenarioPath: resolve(loaded.path),
      model: scenario.model,
      targets: origins,
      stages: scenario.stages,
      thresholds: scenario.thresholds,
      startedAt: start,
      durationSeconds: subject.durationSeconds,
      peak: subject.peak,
    });
    try {
      const generator = new LoadGenerator(scenario, loaded.data, {
        onSecond: (report) => {
          const figures = secondFigures(report);
          seconds.push(figures);
          live.second(figures);
          if (args.json) io.out.write(`${JSON.stringify(figures)}\n`);
          else say(secondLine(figures, scenario.model));
        },
      });
      const outcome = await runUntilStopped(generator, (line) => {
        live.stopping();
        say(line);
      });
      summary = summarize(scenario, outcome);
      analysis = analyseRun({ model: scenario.model, stages: scenario.stages, thresholds: scenario.thresholds, seconds });
      runId = await saveRun(stateDir(io.env), { scenarioPath: resolve(loaded.path), summary, seconds, stages: scenario.stages }, outcome.total.latency);
      outcome.total.release();
    } catch (error) {
      await audit.append('after', { ...subject, start, end: new Date().toISOString(), error: (error as Error).message });
      throw error;
    } finally {
      live.close();
    }
    const peakRps = Math.max(0, ...seconds.map((second) => second.rps));
    const found = analysis.knee === null ? '' : `; knee at ${formatCount(analysis.knee.level)}${scenario.model === 'open' ? '/s' : ' users'}${analysis.sustainable === null ? '' : `, sustainable ${analysis.sustainable.rps.toFixed(1)} req/s`}`;
    await audit.append('after', {
      ...subject,
      start,
      end: new Date().toISOString(),
      runId,
      // As perfmon load exits: 0 when every threshold held, 1 otherwise (or stopped).
      exitStatus: summary.passed ? 0 : 1,
      endReason: summary.endReason,
      requests: summary.requests,
      rps: summary.rps,
      p99Ms: summary.latency.p99,
      errors: summary.errors,
      passed: summary.passed,
      // The busiest second, and what the analyzer found on a stepped run: history and reports read these.
      peakRps,
      ...(analysis.sustainable === null ? {} : { sustainableRps: analysis.sustainable.rps }),
      ...(analysis.knee === null ? {} : { kneeLevel: analysis.knee.level }),
      detail: `${summary.endReason}: ${summary.requests} requests, peak ${peakRps} req/s, p99 ${formatMillis(summary.latency.p99)}, ${summary.errors} errors, ${summary.passed ? 'pass' : 'FAIL'}${found}`,
    });
    if (args.json) io.out.write(`${JSON.stringify(summary)}\n`);
    else for (const line of summaryLines(summary)) say(line);
    if (analysis.note === undefined) {
      if (args.json) io.out.write(`${JSON.stringify({ type: 'analysis', ...analysis })}\n`);
      else for (const line of analysisLines(analysis, scenario.model)) say(line);
    }
    say(`Saved as run ${runId}: perfmon load report ${runId} [--baseline RUN]`);
    return summary.passed ? 'ok' : 'failure';
  } catch (error) {
    return reportError(io, error);
  }
}
