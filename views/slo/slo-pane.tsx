import { useCallback, useMemo } from 'react';
import type { PaneProps } from '../app-context.js';
import { ListDetailPane, listSummary } from '../components/list-detail-pane.js';
import type { ListDetailState } from '../components/list-detail.js';
import { platformNotice } from '../components/platform-notice.js';
import { useStoreSelector } from '../store/use-store.js';
import { coverageNote, sloColumns, sloDetailLines, sloRows, SLO_SORT_KEYS, sortSloRows, type SloRow, type SloSortKey } from './slo-rows.js';

const SORT_NAMES = { worst: 'worst first', name: 'name', budget: 'budget left' } as const;

type State = ListDetailState<SloSortKey>;
const shown = (all: readonly SloRow[], s: State) => sortSloRows(all, s.sort, s.reverse, s.filter);
const columns = (s: State) => sloColumns(s.sort, s.reverse);

/**
 * Every SLO of every component: the SLI now and over the window, the objective, the error
 * budget left, the page and ticket burn rates (short/long window) and whether they fire.
 * Enter: one SLO with its windows and thresholds.
 */
export function SloPane({ width, height }: PaneProps) {
  const platform = useStoreSelector((s) => s.platform);
  const readings = platform.applications;
  const all = useMemo(() => sloRows(readings ?? []), [readings]);
  const summary = useCallback(
    (s: State, count: number) => {
      const paging = all.filter((r) => r.slo.status === 'page').length;
      const newest = Math.max(0, ...(readings ?? []).map((r) => r.timeMs));
      return listSummary({ title: 'SLO', total: all.length, noun: 'objective', alarm: paging ? `${paging} PAGE` : undefined, note: coverageNote(all), sortNames: SORT_NAMES, state: s, shown: count, readMs: newest });
    },
    [all, readings],
  );
  return (
    <ListDetailPane
      pane="slo"
      sortKeys={SLO_SORT_KEYS}
      width={width}
      height={height}
      notice={platformNotice(platform, 'slos', all.length > 0)}
      all={all}
      shown={shown}
      columns={columns}
      summary={summary}
      detail={sloDetailLines}
      gone="That SLO has no reading any more. Esc goes back."
    />
  );
}
