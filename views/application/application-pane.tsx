import { useCallback, useMemo } from 'react';
import type { PaneProps } from '../app-context.js';
import { ListDetailPane, listSummary } from '../components/list-detail-pane.js';
import type { ListDetailState } from '../components/list-detail.js';
import { platformNotice } from '../components/platform-notice.js';
import { rowLine, type Column } from '../components/table.js';
import { useStoreSelector } from '../store/use-store.js';
import { formatDuration } from '../../src/format/units.js';
import { style } from '../theme.js';
import { applicationColumns, applicationDetailLines, applicationRows, APPLICATION_SORT_KEYS, sortApplicationRows, type ApplicationRow, type ApplicationSortKey } from './application-table.js';

const SORT_NAMES = { worst: 'worst first', name: 'name', throughput: 'throughput', latency: 'p99 latency', errors: 'error rate' } as const;

type State = ListDetailState<ApplicationSortKey>;
const shown = (all: readonly ApplicationRow[], s: State) => sortApplicationRows(all, s.sort, s.reverse, s.filter);
const columns = (s: State) => applicationColumns(s.sort, s.reverse);

/** Over what the rates and ratios are computed: `rates over 1m`, `rates over 12s of 1m` while the window fills. */
export function windowNote(rows: readonly ApplicationRow[]): string | undefined {
  const details = rows.flatMap((r) => (r.reading.detail === null ? [] : [r.reading.detail]));
  const window = Math.max(0, ...details.map((d) => d.windowSeconds ?? 0));
  if (window === 0) return undefined;
  const span = Math.min(window, Math.round(Math.min(...details.map((d) => d.spanSeconds ?? 0))));
  return span >= window ? `rates over ${formatDuration(window)}` : `rates over ${formatDuration(span)} of ${formatDuration(window)}`;
}

/** A component never read (its reading failed as a whole): its name, then why. */
function line(row: ApplicationRow, fitted: Column<ApplicationRow>[]): string {
  if (row.reading.report !== null || row.reading.error === null) return rowLine(fitted, row);
  const name = rowLine(fitted.slice(0, 2), row);
  return `${name} ${style.bad(row.reading.error)}`;
}

/**
 * Application metrics per component: throughput, latency percentiles, error rate, SLO state,
 * endpoints; Enter shows one component per host with each endpoint's last scrape.
 */
export function ApplicationPane({ width, height }: PaneProps) {
  const platform = useStoreSelector((s) => s.platform);
  const all = useMemo(() => applicationRows(platform.applications ?? []), [platform.applications]);
  const summary = useCallback(
    (s: State, count: number) =>
      listSummary({
        title: 'Application',
        total: all.length,
        noun: 'component',
        note: windowNote(all),
        sortNames: SORT_NAMES,
        state: s,
        shown: count,
        readMs: Math.max(0, ...all.map((r) => r.reading.timeMs)),
      }),
    [all],
  );
  const detail = useCallback((row: ApplicationRow) => applicationDetailLines(row, width), [width]);
  return (
    <ListDetailPane
      pane="application"
      sortKeys={APPLICATION_SORT_KEYS}
      width={width}
      height={height}
      notice={platformNotice(platform, 'applications', all.length > 0)}
      all={all}
      shown={shown}
      columns={columns}
      summary={summary}
      line={line}
      detail={detail}
      gone="That component has no reading any more. Esc goes back."
    />
  );
}
