import { Text } from 'ink';
import { useEffect, useRef } from 'react';
import { Lines } from '../components/lines.js';
import { fitColumns, headerLine, rowLine, scrollOffset, type Column } from '../components/table.js';
import { useListNavigation } from '../components/use-list-navigation.js';
import { useCommand } from '../keys/use-command.js';
import { style } from '../theme.js';
import type { ViewProps } from './emergency-pane.js';
import type { RunSummary } from './run-desk.js';
import type { EmergencyAction, EmergencyState } from './use-emergency-state.js';
import { clockTime } from '../../src/format/units.js';

function when(iso: string): string {
  const date = new Date(iso);
  const today = new Date().toDateString() === date.toDateString();
  return today ? clockTime(date) : date.toISOString().slice(0, 10);
}

export function runColumns(): Column<RunSummary>[] {
  return [
    { header: 'RUN', width: 34, flex: true, maxWidth: 44, priority: 10, cell: (r) => r.runId },
    { header: 'COMPONENT', width: 12, priority: 8, cell: (r) => r.component },
    { header: 'STATUS', width: 11, priority: 10, cell: (r) => ({ text: r.runningIn ? 'running' : r.status, paint: r.runningIn ? style.warn : style.bad }) },
    { header: 'DONE', width: 5, align: 'right', priority: 9, cell: (r) => `${r.done}/${r.total}` },
    { header: 'UPDATED', width: 10, priority: 6, cell: (r) => when(r.updatedAt) },
    { header: 'WHY', width: 30, priority: 5, cell: (r) => (r.runningIn ? `running in ${r.runningIn}` : (r.reason ?? '')) },
  ];
}

/** Runs whose journal says they did not complete: resumable here as with perfmon restart --resume. */
export function RunsView({ desk, width, height, prepare, state, dispatch, runs }: ViewProps & { state: EmergencyState; dispatch: (action: EmergencyAction) => void; runs: RunSummary[] | null }) {
  useEffect(() => void desk.runs.listRuns(), [desk]);
  const list = runs ?? [];
  const found = list.findIndex((r) => r.runId === state.run);
  const selected = found >= 0 ? found : 0;
  const chosen = list[selected];
  const listHeight = Math.max(1, height - 3);
  const offset = useRef(0);
  offset.current = scrollOffset(list.length, listHeight, selected, offset.current);
  useListNavigation(list.length, selected, listHeight, (i) => dispatch({ type: 'selectRun', runId: list[i]?.runId ?? null }));
  const refusal = chosen === undefined ? 'no stopped run' : chosen.runningIn !== undefined ? `run ${chosen.runId} is running in ${chosen.runningIn}` : desk.runs.refusal('restart');
  useCommand('pane.emergency.resumeRun', () => chosen !== undefined && prepare(() => desk.runs.prepareResume(chosen.runId)), refusal ?? null);

  if (runs === null) return <Text dimColor>Reading the run journals…</Text>;
  if (list.length === 0) return <Text dimColor>No stopped runs: every run in {desk.setup.stateDir} completed.</Text>;
  const columns = fitColumns(runColumns(), width);
  const lines = [
    style.dim(`Runs that did not complete (journals in ${desk.setup.stateDir}); u resumes the selected one: nothing done is done again.`),
    style.bold(headerLine(columns)),
    ...list.slice(offset.current, offset.current + listHeight).map((r) => {
      const line = rowLine(columns, r);
      return r.runId === chosen?.runId ? style.selected(line) : line;
    }),
  ];
  return <Lines lines={lines.slice(0, height)} />;
}
