/**
 * Every load run is kept: its scenario, the summary, the per-second figures and the whole run's
 * latency histogram (HdrHistogram's compressed base64, so runs can be merged or re-read
 * exactly), one JSON file per run under $PERFMON_STATE_DIR/load-runs/.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import hdr from 'hdr-histogram-js';
import type { Histogram } from './load-stats.js';
import { analyseRun, type KneeAnalysis } from './run-analysis.js';
import type { RunSummary, SecondFigures } from './load-summary.js';
import type { Stage } from './scenario-schema.js';

export interface StoredRun {
  id: string;
  scenarioPath: string;
  summary: RunSummary;
  seconds: SecondFigures[];
  /** The scenario's stages (absent in runs stored before they were kept). */
  stages?: Stage[];
  /** The whole run's latency histogram, microseconds. */
  histogram: string;
}

export function runsDir(stateDir: string): string {
  return join(stateDir, 'load-runs');
}

/** `quotes-baseline-20261203-141509`: the scenario and the start time (UTC), unique per second. */
function runId(summary: RunSummary): string {
  const stamp = summary.startedAt.replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${summary.scenario}-${stamp}`;
}

export async function saveRun(stateDir: string, run: Omit<StoredRun, 'id' | 'histogram'>, histogram: Histogram): Promise<string> {
  const dir = runsDir(stateDir);
  await mkdir(dir, { recursive: true });
  const base = runId(run.summary);
  for (let attempt = 0; ; attempt++) {
    const id = attempt === 0 ? base : `${base}-${attempt + 1}`;
    const record: StoredRun = { id, ...run, histogram: hdr.encodeIntoCompressedBase64(histogram) };
    try {
      // 'wx': two runs started in the same second get two files.
      await writeFile(join(dir, `${id}.json`), `${JSON.stringify(record)}\n`, { flag: 'wx' });
      return id;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 100) throw error;
    }
  }
}

export class RunNotFoundError extends Error {}

/** A run by id (as printed after it) or by the path of its file. */
export async function readRun(stateDir: string, idOrPath: string): Promise<StoredRun> {
  const path = idOrPath.endsWith('.json') ? idOrPath : join(runsDir(stateDir), `${idOrPath}.json`);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new RunNotFoundError(`no load run ${idOrPath} (looked for ${path}); perfmon load report lists the runs`);
    throw error;
  }
  try {
    return JSON.parse(text) as StoredRun;
  } catch (error) {
    throw new RunNotFoundError(`${path} is not a stored load run: ${(error as Error).message}`);
  }
}

/** Stored run ids, by name (the scenario, then the start time). */
export async function listRuns(stateDir: string): Promise<string[]> {
  try {
    const names = await readdir(runsDir(stateDir));
    return names.filter((name) => name.endsWith('.json')).map((name) => name.slice(0, -5)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** The knee analysis of a stored run (not a stepped one when its stages were not kept). */
export function analyseStoredRun(run: StoredRun): KneeAnalysis {
  return analyseRun({ model: run.summary.model, stages: run.stages ?? [], thresholds: run.summary.thresholds.map((t) => t.text), seconds: run.seconds });
}

/** The stored histogram, for exact percentiles of a past run. */
export function runHistogram(run: StoredRun): Histogram {
  return hdr.decodeFromCompressedBase64(run.histogram, 32, false) as Histogram;
}
