/**
 * A run on screen: what it is and where it stands (with the run id to resume it from the
 * command line), a row per host (state, step, elapsed, last health output), the recovery's
 * levels, the engine's latest notes and, once it ends, what is left to do.
 */
import { formatDuration } from '../../src/format/units.js';
import type { HostState } from '../../src/procedures/journal.js';
import type { HostFailure } from '../../src/procedures/run-control.js';
import { fitColumns, headerLine, rowLine, type Column } from '../components/table.js';
import { style } from '../theme.js';
import { wrapLines } from './observable.js';
import type { DeskRun } from './run-desk.js';
import { componentRecoveryState, hostElapsed, type ComponentRecoveryState, type ComponentRun, type HostRow } from './run-progress.js';

const STATE_PAINT: Record<HostState, (text: string) => string> = {
  pending: style.dim,
  draining: style.warn,
  restarting: style.warn,
  waiting: style.warn,
  undraining: style.warn,
  healthy: style.good,
  failed: style.bad,
  skipped: style.bad,
};

const STATE_SYMBOL: Record<HostState, string> = {
  pending: ' ',
  draining: '◐',
  restarting: '◐',
  waiting: '◐',
  undraining: '◐',
  healthy: '●',
  failed: '✖',
  skipped: '▲',
};

/** A working state whose step has finished, in the past tense: what the host is while the run waits. */
const DONE_WORD: Partial<Record<HostState, string>> = { draining: 'drained', restarting: 'restarted', waiting: 'healthy', undraining: 'undrained' };

export function stateText(row: Pick<HostRow, 'state' | 'finished'>): string {
  return (row.finished ? DONE_WORD[row.state] : undefined) ?? row.state;
}

function seconds(ms: number | undefined): string {
  if (ms === undefined) return '';
  return ms < 60_000 ? `${(ms / 1000).toFixed(1)}s` : formatDuration(ms / 1000);
}

/** The cell that says how a host is doing: why it failed or was skipped, else its last health output. */
function outcomeText(row: HostRow): string {
  if (row.state === 'failed' || row.state === 'skipped') return row.detail ?? row.lastHealth ?? '';
  return row.lastHealth ?? row.detail ?? '';
}

export function hostColumns(now: number, nameWidth: number): Column<HostRow>[] {
  return [
    { header: '', width: 1, priority: 10, cell: (r) => ({ text: STATE_SYMBOL[r.state], paint: STATE_PAINT[r.state] }) },
    { header: 'HOST', width: Math.max(4, nameWidth), priority: 10, cell: (r) => r.name },
    { header: 'B', width: 2, align: 'right', priority: 6, cell: (r) => String(r.batch + 1) },
    { header: 'STATE', width: 10, priority: 10, cell: (r) => ({ text: stateText(r), paint: STATE_PAINT[r.state] }) },
    { header: 'STEP', width: 7, priority: 7, cell: (r) => r.step ?? '' },
    { header: 'ELAPSED', width: 7, align: 'right', priority: 9, cell: (r) => seconds(hostElapsed(r, now)) },
    { header: 'LAST HEALTH / OUTCOME', width: 21, flex: true, maxWidth: 90, priority: 8, cell: (r) => outcomeText(r) },
    { header: 'LAST STEP', width: 40, priority: 4, cell: (r) => r.detail ?? '' },
  ];
}

/** The host table of one component's run, at most `room` rows (the busy hosts kept in view). */
export function hostTableLines(run: ComponentRun, width: number, room: number, now: number): string[] {
  const nameWidth = Math.max(...run.hosts.map((h) => h.name.length), 4);
  const columns = fitColumns(hostColumns(now, nameWidth), width);
  const rows = run.hosts;
  const bodyRoom = Math.max(1, room - 1);
  // Long runs scroll with the work: start a little before the first host not yet at rest.
  const busy = rows.findIndex((r) => r.state !== 'healthy' && r.state !== 'skipped' && r.state !== 'failed');
  const start = rows.length <= bodyRoom ? 0 : Math.min(Math.max(0, (busy < 0 ? rows.length : busy) - 1), rows.length - bodyRoom);
  return [style.bold(headerLine(columns)), ...rows.slice(start, start + bodyRoom).map((row) => rowLine(columns, row))];
}

/** `asking`: a host failed and the engine waits for retry, skip or abort. */
export function runPhaseText(run: DeskRun, asking = false): { text: string; paint: (t: string) => string } {
  if (run.phase === 'refused') return { text: 'REFUSED', paint: style.bad };
  if (run.phase === 'starting') return { text: 'TAKING LOCKS', paint: style.warn };
  if (run.phase === 'finished' && run.elsewhere !== undefined) return { text: 'RUNNING ELSEWHERE', paint: style.warn };
  if (run.phase === 'finished') {
    const status = run.ended ?? 'error';
    const skipped = run.restart?.outcome?.skipped.length ?? 0;
    if (status === 'completed') return skipped === 0 ? { text: 'DONE', paint: style.good } : { text: `DONE, ${skipped} SKIPPED`, paint: style.warn };
    return { text: status === 'error' ? 'STOPPED' : status.toUpperCase(), paint: style.bad };
  }
  if (asking) return { text: 'WAITING FOR YOU', paint: style.danger };
  if (run.aborting !== undefined) return { text: run.aborting === 'now' ? 'ABORTING NOW' : 'ABORTING', paint: style.bad };
  if (run.paused) return { text: 'PAUSED', paint: style.selected };
  return { text: 'RUNNING', paint: style.warn };
}

const RECOVERY_PAINT: Record<ComponentRecoveryState, (text: string) => string> = {
  waiting: style.dim,
  restarting: style.warn,
  restarted: style.warn,
  checking: style.warn,
  healthy: style.good,
  failed: style.bad,
};

/** One line per level: its components and where each stands. */
export function recoveryLevelLines(run: DeskRun): string[] {
  const recovery = run.recovery;
  if (recovery === undefined) return [];
  return recovery.plan.levels.map((level, index) => {
    const number = index + 1;
    const marker = recovery.level === number && run.phase === 'running' ? style.key('▶') : ' ';
    const parts = level.map((step) => {
      const state = componentRecoveryState(recovery, step.component, number);
      return `${step.component} ${RECOVERY_PAINT[state](state)}`;
    });
    return `${marker} Level ${number}: ${parts.join(' · ')}`;
  });
}

/** The question the engine waits on, wrapped to `width`. */
export function failureLines(failure: HostFailure, width: number): string[] {
  const retry = failure.attempt > 1 ? ` (tried ${failure.attempt} times)` : '';
  const what = wrapLines([`${failure.host} failed at ${failure.step}${retry}: ${failure.error}`], width).map((line) => style.bad(line));
  const choices = [`r retry the ${failure.step}`, `s skip ${failure.host} (left as it is)`, 'a abort the run'];
  return [...what, choices.map((c) => `${style.key(c[0]!)}${c.slice(1)}`).join('   ')];
}

/** What a host state means when a run ends: the words of the CLI's summary. */
export function runHeadline(run: DeskRun, asking = false): string {
  const id = run.restart?.runId;
  const phase = runPhaseText(run, asking);
  const what = `${run.label}${id === undefined ? '' : ` · run ${id}`}`;
  return `${phase.paint(` ${phase.text} `)} ${what}`;
}

/** How to continue from the command line, while the run can still be continued. */
export function resumeHint(run: DeskRun): string | undefined {
  const id = run.restart?.runId;
  if (id === undefined || run.ended === 'completed' || run.elsewhere !== undefined) return undefined;
  return style.dim(`resume it later with: perfmon restart --resume ${id}`);
}
