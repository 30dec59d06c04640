import { usePaneReducer } from '../store/use-pane-memory.js';
import { nextSortKey, type SortKey } from './process-rows.js';

export interface ProcessesState {
  sort: SortKey;
  reverse: boolean;
  filter: string;
  /** The filter prompt is open (typing). */
  filtering: boolean;
  /** The selection follows a process, not a position, as rows re-sort every sample. */
  selectedPid: number | null;
  /** The process shown in detail, or null for the list. */
  detailPid: number | null;
}

export type ProcessesAction =
  | { type: 'sort'; key?: SortKey }
  | { type: 'reverse' }
  | { type: 'select'; pid: number | null }
  | { type: 'startFilter' }
  | { type: 'appendFilter'; text: string }
  | { type: 'backspaceFilter' }
  | { type: 'endFilter'; keep: boolean }
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
  switch (action.type) {
    case 'sort':
      return { ...state, sort: action.key ?? nextSortKey(state.sort), reverse: false };
    case 'reverse':
      return { ...state, reverse: !state.reverse };
    case 'select':
      return { ...state, selectedPid: action.pid };
    case 'startFilter':
      return { ...state, filtering: true };
    case 'appendFilter':
      return { ...state, filter: state.filter + action.text };
    case 'backspaceFilter':
      return { ...state, filter: state.filter.slice(0, -1) };
    case 'endFilter':
      return { ...state, filtering: false, filter: action.keep ? state.filter : '' };
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
