import { Text } from 'ink';
import { useMemo, useRef } from 'react';
import { useAppConfig, useUiState, type PaneProps } from '../app-context.js';
import { PaneFilterPrompt } from '../components/filter-prompt.js';
import { HostStatusBanner, bannerRows } from '../components/host-status-banner.js';
import { Lines } from '../components/lines.js';
import { fitColumns, headerLine, rowLine, scrollOffset } from '../components/table.js';
import { useListNavigation } from '../components/use-list-navigation.js';
import { useCommand } from '../keys/use-command.js';
import { useHost } from '../store/use-store.js';
import { style } from '../theme.js';
import { processRows } from './process-rows.js';
import { processColumns, processDetailLines } from './process-table.js';
import { useProcessesState } from './use-processes-state.js';

const SORT_NAMES = { cpu: 'CPU', memory: 'memory', pid: 'PID', user: 'user', command: 'command' } as const;

/** Top processes by CPU and memory: sortable, filterable with `/`, Enter for the full command line. */
export function ProcessesPane({ width, height }: PaneProps) {
  const { hostName } = useUiState();
  const { thresholds } = useAppConfig();
  const host = useHost(hostName);
  const [state, dispatch] = useProcessesState();
  const all = host?.snapshot?.processes;
  const rows = useMemo(() => processRows(all ?? [], state.sort, state.reverse, state.filter), [all, state.sort, state.reverse, state.filter]);
  const detail = state.detailPid === null ? undefined : all?.find((p) => p.pid === state.detailPid);

  const banner = bannerRows(host);
  const listHeight = Math.max(1, height - banner - 2 - (state.filtering ? 1 : 0));
  const found = rows.findIndex((p) => p.pid === state.selectedPid);
  const selected = found >= 0 ? found : 0;
  const offset = useRef(0);
  offset.current = scrollOffset(rows.length, listHeight, selected, offset.current);

  const inDetail = state.detailPid !== null;
  useListNavigation(rows.length, selected, listHeight, (i) => dispatch({ type: 'select', pid: rows[i]?.pid ?? null }), inDetail);
  useCommand('list.sort', () => dispatch({ type: 'sort' }), inDetail ? 'not in the detail view (Esc goes back to the list)' : null);
  // The list's keys say they do nothing here rather than change the list hidden behind the detail.
  const listOnly = inDetail ? 'not in the detail view (Esc goes back to the list)' : null;
  useCommand('list.reverse', () => dispatch({ type: 'reverse' }), listOnly);
  useCommand('pane.processes.byCpu', () => dispatch({ type: 'sort', key: 'cpu' }), listOnly);
  useCommand('pane.processes.byMemory', () => dispatch({ type: 'sort', key: 'memory' }), listOnly);
  useCommand('list.filter', () => dispatch({ type: 'startFilter' }), listOnly);
  useCommand('list.open', () => (rows[selected] ? dispatch({ type: 'open', pid: rows[selected].pid }) : false), listOnly);
  useCommand('list.back', () => (inDetail || state.filter ? dispatch({ type: 'back' }) : false), null, inDetail ? 'back' : undefined);

  const lines = useMemo(() => {
    if (inDetail) {
      return detail
        ? [style.title(`Process ${detail.pid}`), ...processDetailLines(detail, width)]
        : [style.dim(`Process ${state.detailPid} is no longer among the top processes. Esc goes back.`)];
    }
    const columns = fitColumns(processColumns(state.sort, state.reverse, thresholds), width);
    const summary = `${style.title('Processes')}  top by CPU and memory, sorted by ${SORT_NAMES[state.sort]}${state.reverse ? ' (reversed)' : ''}`;
    const filterNote = state.filter ? `  filter ${style.key(state.filter)}: ${rows.length} of ${all?.length ?? 0}` : `  ${rows.length} shown`;
    const visible = rows.slice(offset.current, offset.current + listHeight);
    return [
      summary + filterNote,
      style.bold(headerLine(columns)),
      ...visible.map((p, i) => {
        const line = rowLine(columns, p);
        return offset.current + i === selected ? style.selected(line) : line;
      }),
    ];
  }, [inDetail, detail, state, thresholds, width, rows, all, listHeight, selected]);

  if (!host?.snapshot) return <Text dimColor>Waiting for the first reading of {hostName}…</Text>;
  return (
    <>
      <HostStatusBanner host={host} width={width} />
      <Lines lines={lines} />
      <PaneFilterPrompt state={state} dispatch={dispatch} width={width} />
    </>
  );
}
