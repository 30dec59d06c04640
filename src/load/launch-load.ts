/**
 * A load test started from the TUI: the scenario checked and previewed here (the same preview
 * and environment rules as `perfmon load`), then run as its own `perfmon load … --yes` process
 * once the operator has typed the name — so it is audited, stored and stoppable exactly like
 * one started from a shell, and the Load pane attaches to it like to any other. It is stopped
 * (SIGINT) when the TUI exits.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatProblem } from '../config/problems.js';
import { environmentRefusal } from './load-command.js';
import { loadScenario } from './load-scenario.js';
import { previewLines } from './load-text.js';
import { RequestMix } from './request-mix.js';

export interface LaunchPlan {
  scenarioPath: string;
  scenarioName: string;
  preview: string[];
  /** What the operator types to start it: the environment's name, else the scenario's. */
  confirmText: string;
}

/** The plan for a scenario file, or why it cannot run (the first problems, file:line). */
export async function planLaunch(scenarioPath: string, environment: string | null, configPath: string | undefined): Promise<{ ok: true; plan: LaunchPlan } | { ok: false; problem: string }> {
  const parsed = await loadScenario(scenarioPath);
  if (!parsed.ok) return { ok: false, problem: parsed.problems.slice(0, 2).map(formatProblem).join('; ') };
  const { scenario, data, path } = parsed.loaded;
  const refusal = environmentRefusal(scenario, { environment: environment ?? undefined }, configPath ?? 'the inventory');
  if (refusal !== undefined) return { ok: false, problem: refusal };
  const origins = new RequestMix(scenario, data).origins();
  return { ok: true, plan: { scenarioPath: path, scenarioName: scenario.name, preview: previewLines(scenario, origins, path), confirmText: environment ?? scenario.name } };
}

/** perfmon's own entry point, found upwards from this module (dist/ when bundled, src/load/ in tests). */
function perfmonBin(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const bin = join(dir, 'bin', 'perfmon.js');
    if (existsSync(bin)) return bin;
    if (dirname(dir) === dir) return process.argv[1]!;
  }
}

/** Starts the confirmed plan; `onEnd` gets the exit code and what it said on stderr. */
export function launchLoad(plan: LaunchPlan, configPath: string | undefined, onEnd: (code: number | null, stderr: string) => void): void {
  const bin = perfmonBin();
  const child = spawn(process.execPath, [bin, 'load', plan.scenarioPath, '--yes', ...(configPath === undefined ? [] : ['--config', configPath])], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const stop = (): void => void child.kill('SIGINT');
  process.once('exit', stop);
  child.once('close', (code) => {
    process.off('exit', stop);
    onEnd(code, stderr);
  });
}
