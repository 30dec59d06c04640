import { useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import type { LogLine } from '../../src/logs/follow-logs.js';
import { truncate, wrapWords } from '../../src/format/text.js';
import { useAppConfig, useUiState, type PaneProps } from '../app-context.js';
import { PaneFilterPrompt } from '../components/filter-prompt.js';
import { filterReducer, type FilterAction, type FilterState } from '../components/filter-state.js';
import { Lines } from '../components/lines.js';
import { useListNavigation } from '../components/use-list-navigation.js';
import { useCommand } from '../keys/use-command.js';
import { usePaneReducer } from '../store/use-pane-memory.js';
import { style } from '../theme.js';
import type { LogsDesk } from './logs-desk.js';
import { filterLogLines, logLineText, logsTitle } from './log-view-lines.js';

interface LogsViewState extends FilterState {
  /** Lines scrolled back from the newest (0: the newest at the bottom, following). */
  back: number;
}

type LogsViewAction = FilterAction | { type: 'back'; to: number };

function reducer(state: LogsViewState, action: LogsViewAction): LogsViewState {
  return action.type === 'back' ? { ...state, back: action.to } : filterReducer(state, action);
}

const INITIAL: LogsViewState = { filter: '', filtering: false, back: 0 };

/**
 * A component's log on its hosts as it is written, the hosts' lines interleaved with their
 * names: `/` filters as you type, `p` pauses (lines keep coming in behind), ↑ PgUp scroll back
 * (the view holds still), End follows again; `n` / `N` another component, `r` reconnects.
 */
export function LogsPane({ width, height }: PaneProps) {
  const { logs } = useAppConfig();
  if (!logs) return <Lines lines={wrapWords('No logs in this session: they are read over the fleet’s SSH connections (an inventory whose components say logs: {unit: …} or {file: …}).', width).map(style.dim)} />;
  return <LogsView desk={logs} width={width} height={height} />;
}

function LogsView({ desk, width, height }: { desk: LogsDesk } & PaneProps) {
  const state = useSyncExternalStore(desk.subscribe, desk.getSnapshot);
  const { paused } = useUiState();
  const [view, dispatch] = usePaneReducer('logs', reducer, INITIAL);
  const first = state.sources[0]?.component;
  useEffect(() => {
    if (state.component === null && first !== undefined) desk.show(first);
  }, [desk, state.component, first]);

  // Paused or scrolled back, the lines on screen hold still while new ones keep arriving.
  const heldAt = useRef<{ lines: readonly LogLine[]; received: number } | null>(null);
  const holding = paused || view.back > 0;
  if (!holding) heldAt.current = null;
  else heldAt.current ??= { lines: [...desk.lines()], received: state.received };
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const live = useMemo(() => [...desk.lines()], [desk, state.received, state.component]);
  const source = heldAt.current?.lines ?? live;
  const shown = useMemo(() => filterLogLines(source, view.filter), [source, view.filter]);

  const index = state.sources.findIndex((s) => s.component === state.component);
  const step = (by: number) => {
    const next = state.sources[(index + by + state.sources.length) % state.sources.length];
    if (next) {
      dispatch({ type: 'back', to: 0 });
      desk.show(next.component);
    }
  };
  const single = state.sources.length > 1 ? null : 'only one component has logs';
  useCommand('pane.logs.next', () => step(1), single);
  useCommand('pane.logs.previous', () => step(-1), single);
  useCommand('pane.logs.reconnect', () => (state.component === null ? false : desk.show(state.component)));
  useCommand('list.filter', () => dispatch({ type: 'startFilter' }));
  useCommand('list.back', () => (view.filter ? dispatch({ type: 'clearFilter' }) : false));

  const ended = Object.entries(state.ended);
  const titleRows = logsTitle({ state, filter: view.filter, shown: 0, total: 0, held: null }, width).length;
  const room = Math.max(1, height - titleRows - ended.length - (view.filtering ? 1 : 0));
  const maxBack = Math.max(0, shown.length - room);
  const back = Math.min(view.back, maxBack);
  useListNavigation(maxBack + 1, maxBack - back, room, (i) => dispatch({ type: 'back', to: maxBack - i }));

  const lines = useMemo(() => {
    const info = state.sources.find((s) => s.component === state.component);
    const hostWidth = Math.max(1, ...(info?.hosts ?? []).map((h) => h.length));
    const held = heldAt.current === null ? null : { why: paused ? ('paused' as const) : ('scrolled' as const), newer: state.received - heldAt.current.received };
    const title = logsTitle({ state, filter: view.filter, shown: shown.length, total: source.length, held }, width);
    const body = shown.slice(Math.max(0, shown.length - room - back), shown.length - back).map((l) => logLineText(l, hostWidth, width));
    const empty = shown.length === 0 ? [style.dim(source.length === 0 ? 'No line yet: waiting for the hosts to write one.' : `No line holds “${view.filter}”.`)] : [];
    return [...title, ...ended.map(([host, why]) => style.bad(truncate(`✖ ${host}: ${why}  (r reconnects)`, width))), ...empty, ...body];
  }, [state, view.filter, shown, source, back, room, width, paused, ended]);

  if (state.sources.length === 0) {
    return <Lines lines={wrapWords('No component says where its logs are. Add logs: {unit: engine.service} or logs: {file: /var/log/engine.log} to a component of the inventory.', width).map(style.dim)} />;
  }
  return (
    <>
      <Lines lines={lines} />
      <PaneFilterPrompt state={view} dispatch={dispatch} width={width} />
    </>
  );
}
