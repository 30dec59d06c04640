/**
 * The state and keys of a list pane with a detail view (Application, Queues, SLO): a sorted,
 * filterable list whose selection follows a row by id as rows re-sort every reading, and a
 * detail of one row (Enter) that scrolls with the list keys and closes with Esc.
 */
import { useRef } from 'react';
import { scrollOffset } from './table.js';
import { filterReducer, isFilterAction, type FilterAction, type FilterState } from './filter-state.js';
import { useListNavigation } from './use-list-navigation.js';
import { useCommand } from '../keys/use-command.js';
import { usePaneReducer } from '../store/use-pane-memory.js';
import { style } from '../theme.js';

export interface ListDetailState<K extends string> extends FilterState {
  sort: K;
  reverse: boolean;
  /** The selected row's id (the selection follows the row, not the position). */
  selected: string | null;
  /** The row shown in detail, or null for the list. */
  detail: string | null;
  /** First line of the detail shown. */
  detailScroll: number;
}

export type ListDetailAction<K extends string> =
  | { type: 'sort'; key?: K }
  | { type: 'reverse' }
  | { type: 'select'; id: string | null }
  | { type: 'open'; id: string }
  | { type: 'back' }
  | { type: 'scroll'; to: number }
  | FilterAction;

export function listDetailReducer<K extends string>(keys: readonly K[]) {
  return (state: ListDetailState<K>, action: ListDetailAction<K>): ListDetailState<K> => {
    if (isFilterAction(action)) return filterReducer(state, action);
    switch (action.type) {
      case 'sort':
        return { ...state, sort: action.key ?? keys[(keys.indexOf(state.sort) + 1) % keys.length]!, reverse: false };
      case 'reverse':
        return { ...state, reverse: !state.reverse };
      case 'select':
        return { ...state, selected: action.id };
      case 'open':
        return { ...state, detail: action.id, detailScroll: 0 };
      case 'scroll':
        return { ...state, detailScroll: action.to };
      case 'back':
        if (state.detail !== null) return { ...state, detail: null };
        return state.filter ? { ...state, filter: '' } : state;
    }
  };
}

export function initialListDetail<K extends string>(sort: K): ListDetailState<K> {
  return { sort, reverse: false, filter: '', filtering: false, selected: null, detail: null, detailScroll: 0 };
}

/** The pane's list state, kept while the operator is on other panes. */
export function useListDetailState<K extends string>(pane: string, sortKeys: readonly K[]): [ListDetailState<K>, (action: ListDetailAction<K>) => void] {
  const reducer = useRef(listDetailReducer(sortKeys)).current;
  return usePaneReducer(pane, reducer, initialListDetail(sortKeys[0]!));
}

/**
 * Binds the list keys (move, sort, reverse, filter, Enter, Esc) for `ids` — the rows in
 * display order — with `listHeight` rows on screen; in the detail view the movement keys
 * scroll its `detailLines` in `detailHeight` rows instead. Returns the selected row's index
 * among `ids` and the first row to draw.
 */
export function useListDetailKeys<K extends string>(
  state: ListDetailState<K>,
  dispatch: (action: ListDetailAction<K>) => void,
  ids: readonly string[],
  sizes: { listHeight: number; detailLines: number; detailHeight: number },
): { selected: number; offset: number } {
  const found = state.selected === null ? -1 : ids.indexOf(state.selected);
  const selected = found >= 0 ? found : 0;
  const offset = useRef(0);
  offset.current = scrollOffset(ids.length, sizes.listHeight, selected, offset.current);
  const inDetail = state.detail !== null;
  const maxScroll = Math.max(0, sizes.detailLines - sizes.detailHeight);
  const nav = inDetail
    ? { count: maxScroll + 1, index: Math.min(state.detailScroll, maxScroll), page: sizes.detailHeight, go: (to: number) => dispatch({ type: 'scroll', to }) }
    : { count: ids.length, index: selected, page: sizes.listHeight, go: (i: number) => dispatch({ type: 'select', id: ids[i] ?? null }) };
  useListNavigation(nav.count, nav.index, nav.page, nav.go);
  const notHere = inDetail ? 'not in the detail view' : null;
  useCommand('list.sort', () => dispatch({ type: 'sort' }), notHere);
  useCommand('list.reverse', () => dispatch({ type: 'reverse' }), notHere);
  useCommand('list.filter', () => dispatch({ type: 'startFilter' }), notHere);
  useCommand(
    'list.open',
    () => {
      const id = ids[selected];
      if (id === undefined) return false;
      dispatch({ type: 'open', id });
      return true;
    },
    notHere,
  );
  useCommand('list.back', () => (inDetail || state.filter ? dispatch({ type: 'back' }) : false));
  return { selected, offset: offset.current };
}

/** An empty line for <Lines>: Ink gives an empty <Text> no height, so '' would vanish. */
export const BLANK = ' ';

/** Rows for scrolled lines in `height`: all of them, or one less when a scroll note is needed. */
export function scrollRoom(lineCount: number, height: number): number {
  return lineCount > height ? Math.max(1, height - 1) : height;
}

/**
 * The visible part of lines longer than the screen, from `scroll`, with a last line saying what
 * is above and below and how to scroll; lines that fit are returned whole.
 */
export function detailWindow(lines: readonly string[], scroll: number, height: number): string[] {
  const room = scrollRoom(lines.length, height);
  if (room === height) return lines.slice(0, height);
  const top = Math.max(0, Math.min(scroll, lines.length - room));
  const below = lines.length - top - room;
  const note = `${top ? `↑ ${top} above  ` : ''}${below ? `↓ ${below} more` : 'the end'}  (↑↓ PgUp PgDn to scroll)`;
  return [...lines.slice(top, top + room), style.dim(note)];
}
