/**
 * A load run as it goes, for whoever watches it from another process (the TUI's Load pane):
 * `perfmon load` rewrites one small JSON file per run every second under
 * $PERFMON_STATE_DIR/load-runs/live/ (atomically: a reader never sees half a file) and removes
 * it when the run ends. A file whose process is gone (killed) is not a live run.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SecondFigures } from './load-summary.js';
import { runsDir } from './run-store.js';
import type { Stage } from './scenario-schema.js';

/** Seconds kept in the file: the pane's charts show no more. */
const KEPT_SECONDS = 300;

export interface LiveRun {
  pid: number;
  scenario: string;
  scenarioPath: string;
  model: 'open' | 'closed';
  targets: string[];
  stages: Stage[];
  /** The scenario's thresholds (the analyzer's latency limit); absent from an older perfmon. */
  thresholds?: string[];
  startedAt: string;
  durationSeconds: number;
  peak: number;
  seconds: SecondFigures[];
  /** Set once the run is stopping (a signal came): it ramps down and ends. */
  stopping?: boolean;
}

export function liveDir(stateDir: string): string {
  return join(runsDir(stateDir), 'live');
}

export class LiveRunWriter {
  private readonly path: string;
  private readonly run: LiveRun;

  constructor(
    private readonly dir: string,
    header: Omit<LiveRun, 'seconds' | 'pid'>,
  ) {
    mkdirSync(dir, { recursive: true });
    this.run = { ...header, pid: process.pid, seconds: [] };
    this.path = join(dir, `${process.pid}.json`);
    this.write();
  }

  second(figures: SecondFigures): void {
    this.run.seconds.push(figures);
    if (this.run.seconds.length > KEPT_SECONDS) this.run.seconds.shift();
    this.write();
  }

  stopping(): void {
    this.run.stopping = true;
    this.write();
  }

  close(): void {
    rmSync(this.path, { force: true });
  }

  private write(): void {
    // Watching is a convenience: a full disk must not stop the load test.
    try {
      const temporary = join(this.dir, `.${process.pid}.json.tmp`);
      writeFileSync(temporary, JSON.stringify(this.run));
      renameSync(temporary, this.path);
    } catch {
      /* the next second tries again */
    }
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The runs going on now, newest first; never throws (no directory: none). */
export function readLiveRuns(dir: string): LiveRun[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => /^\d+\.json$/.test(name));
  } catch {
    return [];
  }
  const runs: LiveRun[] = [];
  for (const name of names) {
    try {
      const run = JSON.parse(readFileSync(join(dir, name), 'utf8')) as LiveRun;
      if (alive(run.pid)) runs.push(run);
    } catch {
      /* removed while being read, or not ours: skip */
    }
  }
  return runs.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
}

/** Asks a run to stop as Ctrl-C would: no more requests, connections closed. */
export function stopLiveRun(run: Pick<LiveRun, 'pid'>): void {
  process.kill(run.pid, 'SIGINT');
}
