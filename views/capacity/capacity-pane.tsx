import { useCallback, useMemo, useState } from 'react';
import { useAppConfig, useUiState, type PaneProps } from '../app-context.js';
import { FilterPrompt } from '../components/filter-prompt.js';
import { ListDetailPane, listSummary } from '../components/list-detail-pane.js';
import type { ListDetailState } from '../components/list-detail.js';
import { useCommand } from '../keys/use-command.js';
import { defaultStoreDir } from '../../src/history/history-command.js';
import { wrapWords } from '../../src/format/text.js';
import { style } from '../theme.js';
import { CAPACITY_SORT_KEYS, capacityColumns, capacityDetailLines, capacityRows, headroomLines, sortCapacityRows, whatIfLines, type CapacityRow, type CapacitySortKey } from './capacity-rows.js';
import { useCapacityState } from './use-capacity-state.js';

const SORT_NAMES = { soonest: 'soonest out first', fullest: 'fullest first', host: 'by host' } as const;

type State = ListDetailState<CapacitySortKey>;
const shown = (all: readonly CapacityRow[], s: State) => sortCapacityRows(all, s.sort, s.reverse, s.filter);
const columns = (s: State) => capacityColumns(s.sort, s.reverse);

/**
 * Capacity: every resource's time to exhaustion from history (what runs out first on top), each
 * component's headroom, and a what-if (`w`, then orders=+50%). Enter: a resource's trends over
 * 6 h, 24 h and 7 d and why the forecast says what it says.
 */
export function CapacityPane({ width, height }: PaneProps) {
  const config = useAppConfig();
  const ui = useUiState();
  const state = useCapacityState(config.historyDir ?? defaultStoreDir(), config.fleet, config.thresholds, ui.replayAt);
  const [typing, setTyping] = useState<string | null>(null);
  useCommand('pane.capacity.refresh', state.refresh);
  useCommand('pane.capacity.whatIf', () => setTyping(''), typing !== null ? 'already typing a what-if' : null);
  const all = useMemo(() => capacityRows(state.report?.resources ?? []), [state.report]);
  const above = useMemo(() => {
    const whatIf = state.whatIfError ? [style.bad(state.whatIfError)] : state.whatIf ? whatIfLines(state.whatIf) : [style.dim('w: what-if (orders=+50%)')];
    const room = Math.max(0, Math.floor((height - 4) / 3));
    const headroom = headroomLines(state.report?.resources ?? []);
    return [...headroom.slice(0, Math.max(1, room - 1)), ...whatIf.flatMap((l) => wrapWords(l, width)).slice(0, Math.max(1, room))].slice(0, Math.max(1, room * 2));
  }, [state.report, state.whatIf, state.whatIfError, height, width]);
  const summary = useCallback(
    (s: State, count: number) => {
      const soon = all.filter((r) => r.soon).length;
      const note = state.report ? `history since ${state.report.from.slice(0, 16).replace('T', ' ')}` : 'reading history';
      return listSummary({ title: 'Capacity', total: all.length, noun: 'resource', alarm: soon ? `${soon} OUT IN 24H` : undefined, note, sortNames: SORT_NAMES, state: s, shown: count, readMs: state.report ? Date.parse(state.report.at) : undefined });
    },
    [all, state.report],
  );
  const notice = state.error
    ? `Capacity: the history store cannot be read (${state.error}). perfmon record keeps the history the forecasts come from.`
    : state.report && all.length === 0
      ? 'Capacity: no resource has enough history for a forecast yet (8 readings). perfmon record keeps the history the forecasts come from.'
      : null;
  return (
    <>
      <ListDetailPane
        pane="capacity"
        sortKeys={CAPACITY_SORT_KEYS}
        width={width}
        height={height - (typing !== null ? 1 : 0)}
        notice={notice}
        all={all}
        shown={shown}
        columns={columns}
        summary={summary}
        above={above}
        detail={capacityDetailLines}
        gone="That resource has no forecast any more. Esc goes back."
      />
      {typing !== null && (
        <FilterPrompt
          modal="capacity-what-if"
          sign="what-if"
          hint="  METRIC=+N% · Enter run · Esc cancel"
          value={typing}
          width={width}
          onAppend={(text) => setTyping((t) => (t ?? '') + text)}
          onBackspace={() => setTyping((t) => (t ?? '').slice(0, -1))}
          onClear={() => setTyping('')}
          onDone={(run) => {
            if (run && typing.trim()) state.runWhatIf(typing.trim());
            setTyping(null);
          }}
        />
      )}
    </>
  );
}
