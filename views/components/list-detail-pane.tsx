import { wrapWords } from '../../src/format/text.js';
import { useMemo } from 'react';
import { PaneFilterPrompt } from './filter-prompt.js';
import { Lines } from './lines.js';
import { detailWindow, scrollRoom, useListDetailKeys, useListDetailState, type ListDetailState } from './list-detail.js';
import { fitColumns, headerLine, rowLine, type Column } from './table.js';
import { style } from '../theme.js';
import { clockTime } from '../../src/format/units.js';

export interface ListDetailPaneProps<K extends string, Row extends { id: string }> {
  /** The pane's id (its state is remembered under it). */
  pane: string;
  sortKeys: readonly K[];
  width: number;
  height: number;
  /** Said instead of the table (nothing configured, no reading yet); null to show the table. */
  notice: string | null;
  /** Every row, for counts and the detail. */
  all: readonly Row[];
  /** The rows shown: filtered and sorted. */
  shown: (all: readonly Row[], state: ListDetailState<K>) => Row[];
  columns: (state: ListDetailState<K>) => Column<Row>[];
  /** The line above the table (title, counts, sort, read time); `shown` is how many rows pass the filter. */
  summary: (state: ListDetailState<K>, shown: number) => string;
  /** Lines between the summary and the table (errors); they take rows from the list. */
  above?: readonly string[];
  /** A row's line, when some rows are not drawn by the columns (a reading that failed). */
  line?: (row: Row, columns: Column<Row>[]) => string;
  detail: (row: Row) => string[];
  /** What the detail says when its row has gone from the readings. */
  gone: string;
}

/**
 * A list pane with a detail view, as Application, Queues and SLO are: summary, optional lines,
 * table header and the rows that fit; `/` filter prompt; Enter for the selected row's detail
 * (scrolled with the list keys), Esc back.
 */
export function ListDetailPane<K extends string, Row extends { id: string }>(props: ListDetailPaneProps<K, Row>) {
  const { pane, sortKeys, width, height, all, shown, columns, summary, above = [], line, detail, gone, notice } = props;
  const [state, dispatch] = useListDetailState(pane, sortKeys);
  const rows = useMemo(() => shown(all, state), [shown, all, state]);
  const detailRow = state.detail === null ? undefined : all.find((r) => r.id === state.detail);
  const detailLines = useMemo(() => (state.detail === null ? [] : detailRow ? detail(detailRow) : [style.dim(gone)]), [state.detail, detailRow, detail, gone]);
  const listHeight = Math.max(1, height - 2 - above.length - (state.filtering ? 1 : 0));
  const ids = useMemo(() => rows.map((r) => r.id), [rows]);
  const { selected, offset } = useListDetailKeys(state, dispatch, ids, { listHeight, detailLines: detailLines.length, detailHeight: scrollRoom(detailLines.length, height) });

  const lines = useMemo(() => {
    if (state.detail !== null) return detailWindow(detailLines, state.detailScroll, height);
    const fitted = fitColumns(columns(state), width);
    return [
      summary(state, rows.length),
      ...above,
      style.bold(headerLine(fitted)),
      ...rows.slice(offset, offset + listHeight).map((row, i) => {
        const text = line ? line(row, fitted) : rowLine(fitted, row);
        return offset + i === selected ? style.selected(text) : text;
      }),
    ];
  }, [state, detailLines, height, columns, width, summary, rows, above, offset, listHeight, line, selected]);

  if (notice) return <Lines lines={wrapWords(notice, width).map(style.dim)} />;
  return (
    <>
      <Lines lines={lines} />
      <PaneFilterPrompt state={state} dispatch={dispatch} width={width} />
    </>
  );
}

/** "  filter x: 2 of 5" while a filter is set, else ''. */
export function filterNote(filter: string, shown: number, total: number): string {
  return filter ? `  filter ${style.key(filter)}: ${shown} of ${total}` : '';
}

/**
 * The summary line above a list: "Queues  5 queues, 1 IMBALANCE, worst first  filter x: 2 of 5
 * read 12:03:04" — its title, how many, what is alarming (if anything), the sort, the filter,
 * and when the reading on screen was taken.
 */
export function listSummary<K extends string>(parts: {
  title: string;
  total: number;
  noun: string;
  alarm?: string | undefined;
  /** A few words after the count and alarm (`seen 5s/30d`). */
  note?: string | undefined;
  sortNames: Record<K, string>;
  state: Pick<ListDetailState<K>, 'sort' | 'reverse' | 'filter'>;
  shown: number;
  readMs?: number | undefined;
}): string {
  const { title, total, noun, alarm, note, sortNames, state, shown, readMs } = parts;
  return (
    `${style.title(title)}  ${total} ${noun}${total === 1 ? '' : 's'}${alarm ? `, ${style.bad(alarm)}` : ''}${note ? `, ${note}` : ''}, ${sortNote(sortNames, state)}` +
    `${filterNote(state.filter, shown, total)}${readMs === undefined ? '' : `  read ${clockTime(readMs)}`}`
  );
}

/** "worst first (reversed)": the sort named for the summary line. */
export function sortNote<K extends string>(names: Record<K, string>, state: Pick<ListDetailState<K>, 'sort' | 'reverse'>): string {
  return `${names[state.sort]}${state.reverse ? ' (reversed)' : ''}`;
}
