import { filterReducer, isFilterAction, type FilterAction, type FilterState } from '../components/filter-state.js';
import { usePaneReducer } from '../store/use-pane-memory.js';
import { nextSortKey, type SortKey } from './process-rows.js';

export interface ProcessesState extends FilterState {
  sort: SortKey;
  reverse: boolean;
  /** The selection follows a process, not a position, as rows re-sort every sample. */
  selectedPid: number | null;
  /** The process shown in detail, or null for the list. */
  detailPid: number | null;
}

export type ProcessesAction =
  | { type: 'sort'; key?: SortKey }
  | { type: 'reverse' }
  | { type: 'select'; pid: number | null }
  | FilterAction
  | { type: 'open'; pid: number }
  | { type: 'back' };

export const initialProcessesState: ProcessesState = {
  sort: 'cpu',
  reverse: false,
  filter: '',
  filtering: false,
  selectedPid: null,
  detailPid: null,
};

export function processesReducer(state: ProcessesState, action: ProcessesAction): ProcessesState {
  if (isFilterAction(action)) return filterReducer(state, action);
  switch (action.type) {
    case 'sort':
      return { ...state, sort: action.key ?? nextSortKey(state.sort), reverse: false };
    case 'reverse':
      return { ...state, reverse: !state.reverse };
    case 'select':
      return { ...state, selectedPid: action.pid };
    case 'open':
      return { ...state, detailPid: action.pid };
    case 'back':
      if (state.detailPid !== null) return { ...state, detailPid: null };
      return state.filter ? { ...state, filter: '' } : state;
  }
}

export function useProcessesState() {
  return usePaneReducer('processes', processesReducer, initialProcessesState);
}
