import { Text } from 'ink';
import { useMemo, useRef, useSyncExternalStore } from 'react';
import { useAppConfig } from '../app-context.js';
import { Lines } from '../components/lines.js';
import { fitColumns, headerLine, rowLine, scrollOffset } from '../components/table.js';
import { useListNavigation } from '../components/use-list-navigation.js';
import { useCommand } from '../keys/use-command.js';
import { useStoreSelector } from '../store/use-store.js';
import { style } from '../theme.js';
import { componentColumns, componentDetailLines, componentRows, healthNow, type ComponentRow } from './component-rows.js';
import type { ViewProps } from './emergency-pane.js';
import type { EmergencyAction, EmergencyState } from './use-emergency-state.js';

/** What the operator should know before restarting a component with a host down. */
function restartWarnings(row: ComponentRow): string[] {
  const down = row.hosts.filter((h) => h.mark === 'down');
  return down.map((h) => `WARNING: ${h.host} is down (${h.text}); the run will be refused: the lock is taken on every host first.`);
}


/** Every component with its health, roles, hosts and dependencies; the selected one in detail. */
export function ComponentsView({ desk, width, height, prepare, state, dispatch }: ViewProps & { state: EmergencyState; dispatch: (action: EmergencyAction) => void }) {
  const { readOnly } = useAppConfig();
  const health = useStoreSelector((s) => s.platform.componentHealth);
  const hosts = useStoreSelector((s) => s.hosts);
  // The desk's state decides whether a restart may start (one run at a time) and which hosts stopped runs left drained.
  const { drained } = useSyncExternalStore(desk.runs.subscribe, desk.runs.getSnapshot);
  const rows = useMemo(() => componentRows(desk.inventory, health, hosts, Date.now(), drained), [desk.inventory, health, hosts, drained]);
  const found = rows.findIndex((r) => r.name === state.component);
  const selected = found >= 0 ? found : 0;
  const row = rows[selected];
  const batch = row === undefined ? 1 : Math.min(state.batch[row.name] ?? 1, row.maxUnavailable);
  const refusal = desk.runs.refusal('restart');
  // Read-only is said once, in the title line; other refusals (allow-list, a run under way) here.
  const detail = row === undefined ? [] : componentDetailLines(row, batch, readOnly ? undefined : refusal, width);
  // The table keeps at least three rows (or all of them); the detail gets the rest.
  const listHeight = Math.max(1, Math.min(rows.length, Math.max(3, height - 2 - detail.length)));
  const offset = useRef(0);
  offset.current = scrollOffset(rows.length, listHeight, selected, offset.current);

  useListNavigation(rows.length, selected, listHeight, (i) => dispatch({ type: 'selectComponent', name: rows[i]?.name ?? null }));
  useCommand(
    'pane.emergency.restart',
    () => row !== undefined && prepare(() => desk.runs.prepareRestart(row.name, batch, healthNow(row), restartWarnings(row))),
    row === undefined ? 'no component selected' : (row.notRestartable ?? refusal ?? null),
  );
  useCommand('pane.emergency.batch', () => row !== undefined && dispatch({ type: 'batch', component: row.name, max: row.maxUnavailable }), row?.notRestartable ?? null);

  const columns = fitColumns(componentColumns(), width);
  const visible = rows.slice(offset.current, offset.current + listHeight);
  const table = [
    style.bold(headerLine(columns)),
    ...visible.map((r) => {
      const line = rowLine(columns, r);
      return r.name === row?.name ? style.selected(line) : line;
    }),
  ];
  const lines = [...table, '', ...detail].slice(0, height);

  if (rows.length === 0) return <Text dimColor>No components in the inventory: nothing to restart or recover.</Text>;
  return <Lines lines={lines} />;
}
