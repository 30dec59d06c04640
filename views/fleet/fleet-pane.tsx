import { Text } from 'ink';
import { useMemo, useRef } from 'react';
import { useAppConfig, useUiActions, useUiState, type PaneProps } from '../app-context.js';
import { PaneFilterPrompt } from '../components/filter-prompt.js';
import { Lines } from '../components/lines.js';
import { fitColumns, headerLine, rowLine, scrollOffset } from '../components/table.js';
import { useListNavigation } from '../components/use-list-navigation.js';
import { useCommand } from '../keys/use-command.js';
import { useStoreSelector } from '../store/use-store.js';
import { style } from '../theme.js';
import { truncate } from '../../src/format/text.js';
import { fleetColumns } from './fleet-table.js';
import { downSummary } from '../components/down-summary.js';
import { filterFleetRows, fleetRows, groupFleetRows, groupingName, sortFleetRows, type FleetRow, type Grouping } from './fleet-rows.js';
import { keyFigures } from '../application/key-metrics.js';
import type { ApplicationReading } from '../../src/model/platform-readings.js';
import { useFleetState } from './use-fleet-state.js';

const SORT_NAMES = { worst: 'worst first', name: 'name', cpu: 'CPU', memory: 'memory', disk: 'disk', filesystem: 'filesystem', network: 'network', load: 'load' } as const;

type Line = { kind: 'group'; text: string } | { kind: 'host'; row: FleetRow };

/** Every host in one table, the sickest first; Enter opens the host's overview. */
export function FleetPane({ width, height }: PaneProps) {
  const { thresholds, fleet } = useAppConfig();
  const actions = useUiActions();
  // Replaying, "last seen … ago" counts from the moment shown.
  const { replayAt } = useUiState();
  const hosts = useStoreSelector((s) => s.hosts);
  const applications = useStoreSelector((s) => s.platform.applications);
  const [state, dispatch] = useFleetState();

  const lines = useMemo((): Line[] => {
    const rows = filterFleetRows(sortFleetRows(fleetRows(hosts, fleet, thresholds), state.sort, state.reverse), state.filter);
    return groupFleetRows(rows, state.grouping).flatMap((group): Line[] => [
      ...(group.title ? [{ kind: 'group' as const, text: groupTitle(group.title, group.rows, componentFigures(state.grouping, group.title, applications)) }] : []),
      ...group.rows.map((row) => ({ kind: 'host' as const, row })),
    ]);
  }, [hosts, fleet, thresholds, state.sort, state.reverse, state.filter, state.grouping, applications]);

  // Selection moves over host lines only (group titles are not selectable).
  const hostLines = lines.map((l, i) => (l.kind === 'host' ? i : -1)).filter((i) => i >= 0);
  const found = hostLines.findIndex((i) => (lines[i] as { row: FleetRow }).row.name === state.selected);
  const selected = found >= 0 ? found : 0;
  const selectedRow = (lines[hostLines[selected] ?? -1] as { row: FleetRow } | undefined)?.row;
  const listHeight = Math.max(1, height - 2 - (state.filtering ? 1 : 0));
  const offset = useRef(0);
  offset.current = scrollOffset(lines.length, listHeight, hostLines[selected] ?? 0, offset.current);

  useListNavigation(hostLines.length, selected, listHeight, (i) => {
    const line = lines[hostLines[i] ?? -1];
    dispatch({ type: 'select', name: line?.kind === 'host' ? line.row.name : null });
  });
  useCommand('list.sort', () => dispatch({ type: 'sort' }));
  useCommand('list.reverse', () => dispatch({ type: 'reverse' }));
  useCommand('pane.fleet.worst', () => dispatch({ type: 'worst' }));
  useCommand('pane.fleet.group', () => dispatch({ type: 'group', labelKeys: fleet?.labelKeys ?? [] }));
  useCommand('list.filter', () => dispatch({ type: 'startFilter' }));
  useCommand('list.back', () => (state.filter ? dispatch({ type: 'clearFilter' }) : false));
  useCommand('list.open', () => {
    if (!selectedRow) return false;
    actions.selectHost(selectedRow.name);
    actions.gotoPane('overview');
    return true;
  });

  const trendWidth = Math.max(8, Math.min(40, width - 70));
  const rendered = useMemo(() => {
    const columns = fitColumns(fleetColumns(state.sort, state.reverse, thresholds, trendWidth), width);
    const nameEnd = (columns[0]?.width ?? 0) + 1 + (columns[1]?.width ?? 0) + 1;
    const visible = lines.slice(offset.current, offset.current + listHeight);
    return [
      style.bold(headerLine(columns)),
      ...visible.map((line) => {
        if (line.kind === 'group') return style.title(truncate(line.text, width));
        let text = rowLine(columns, line.row);
        // A down host: its reason across the figure columns, never stale figures.
        if (line.row.host.status === 'down') text = `${rowLine(columns.slice(0, 2), line.row)} ${style.bad(truncate(downSummary(line.row.host, replayAt ?? Date.now()), width - nameEnd))}`;
        return line.row.name === selectedRow?.name ? style.selected(text) : text;
      }),
    ];
  }, [lines, listHeight, width, thresholds, trendWidth, state.sort, state.reverse, selectedRow?.name, replayAt]);

  const shown = lines.filter((l) => l.kind === 'host').length;
  const summary = `${style.title('Fleet')}  ${SORT_NAMES[state.sort]}${state.reverse ? ' (reversed)' : ''}${state.grouping.kind === 'none' ? '' : `, grouped by ${groupingName(state.grouping)}`}${state.filter ? `  filter ${style.key(state.filter)}: ${shown} of ${hosts.length}` : ''}`;
  if (hosts.length === 0) return <Text dimColor>No hosts in the inventory.</Text>;
  return (
    <>
      <Text wrap="truncate-end">{summary}</Text>
      <Lines lines={rendered} />
      <PaneFilterPrompt state={state} dispatch={dispatch} width={width} />
    </>
  );
}

function groupTitle(title: string, rows: readonly FleetRow[], figures: string): string {
  const down = rows.filter((r) => r.host.status === 'down').length;
  return `── ${title} · ${rows.length} host${rows.length === 1 ? '' : 's'}${down ? ` · ${down} down` : ''}${figures ? ` · ${figures}` : ''} ──`;
}

/** Grouped by component: its key application figures ("13 orders/s p99 423ms"), when it has any. */
function componentFigures(grouping: Grouping, component: string, applications: readonly ApplicationReading[] | undefined): string {
  if (grouping.kind !== 'component') return '';
  const report = applications?.find((a) => a.component === component)?.report;
  return report ? keyFigures(report.appMetrics) : '';
}
