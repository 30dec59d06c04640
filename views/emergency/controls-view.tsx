import { Text } from 'ink';
import { useEffect, useRef, useSyncExternalStore } from 'react';
import { formatDuration } from '../../src/format/units.js';
import { Lines } from '../components/lines.js';
import { fitColumns, headerLine, rowLine, scrollOffset } from '../components/table.js';
import { useListNavigation } from '../components/use-list-navigation.js';
import { useCommand } from '../keys/use-command.js';
import { style } from '../theme.js';
import { wrapLines } from './observable.js';
import { controlColumns, controlItems, pendingLines, TIME_BOXES, timeBoxText } from './control-lines.js';
import { messageLine, type ViewProps } from './emergency-pane.js';
import type { EmergencyAction, EmergencyState } from './use-emergency-state.js';

/** States are read again this often while the view is shown (and after every change). */
const REREAD_MS = 15_000;

/** Degradation controls with their state read back, profiles, pending reverts. */
export function ControlsView({ desk, width, height, prepare, state, dispatch }: ViewProps & { state: EmergencyState; dispatch: (action: EmergencyAction) => void }) {
  const degrade = useSyncExternalStore(desk.degrade.subscribe, desk.degrade.getSnapshot);
  useEffect(() => {
    void desk.degrade.refresh();
    const timer = setInterval(() => void desk.degrade.refresh(), REREAD_MS);
    return () => clearInterval(timer);
  }, [desk]);
  const items = controlItems(desk.inventory, degrade);
  const found = items.findIndex((i) => i.key === state.control);
  const selected = found >= 0 ? found : 0;
  const item = items[selected];
  const box = TIME_BOXES[state.timeBox];
  const refusal = desk.degrade.refusal();

  const age = degrade.readAt === undefined ? 'not read yet' : `read ${formatDuration((Date.now() - degrade.readAt) / 1000)} ago`;
  const status = `${style.bold('States')} ${degrade.reading ? 'reading…' : age}${degrade.readError ? style.bad(`  read failed: ${degrade.readError}`) : ''}   time box of the next change: ${style.key(timeBoxText(box))}`;
  const pending = degrade.pending.length === 0 ? [] : [style.bold('Pending reverts'), ...pendingLines(degrade.pending)];
  const result = degrade.result.length === 0 ? [] : [style.bold('Last change'), ...wrapLines(degrade.result, width)];
  const message = degrade.message === null ? [] : [messageLine(degrade.message)];
  const tail = [...message, ...pending, ...result];
  const listHeight = Math.max(1, Math.min(items.length, height - 2 - tail.length));
  const offset = useRef(0);
  offset.current = scrollOffset(items.length, listHeight, selected, offset.current);

  useListNavigation(items.length, selected, listHeight, (i) => dispatch({ type: 'selectControl', key: items[i]?.key ?? null }));
  useCommand(
    'pane.emergency.switch',
    () =>
      item !== undefined &&
      prepare(() => (item.kind === 'control' ? desk.degrade.prepareControl(item.component, item.control, box) : desk.degrade.prepareProfile(item.name, box))),
    item === undefined ? 'no control or profile in the inventory' : (refusal ?? null),
  );
  useCommand('pane.emergency.timebox', () => dispatch({ type: 'timeBox' }), refusal ?? null);
  useCommand('pane.emergency.revert', () => prepare(() => desk.degrade.prepareRevert()), degrade.pending.length === 0 ? 'nothing is pending revert' : (refusal ?? null));

  if (!desk.degrade.configured) return <Text dimColor>No degradation controls or profiles in the inventory.</Text>;
  const columns = fitColumns(controlColumns(), width);
  const visible = items.slice(offset.current, offset.current + listHeight);
  const lines = [
    status,
    style.bold(headerLine(columns)),
    ...visible.map((i) => {
      const line = rowLine(columns, i);
      return i.key === item?.key ? style.selected(line) : line;
    }),
    ...tail,
  ];
  return <Lines lines={lines.slice(0, height)} />;
}
