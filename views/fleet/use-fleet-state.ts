import { filterReducer, isFilterAction, type FilterAction, type FilterState } from '../components/filter-state.js';
import { usePaneReducer } from '../store/use-pane-memory.js';
import { FLEET_SORT_KEYS, nextGrouping, type FleetSortKey, type Grouping } from './fleet-rows.js';

export interface FleetState extends FilterState {
  sort: FleetSortKey;
  reverse: boolean;
  grouping: Grouping;
  /** The selection follows a host by name as rows re-sort. */
  selected: string | null;
}

export type FleetAction =
  | { type: 'sort' }
  | { type: 'worst' }
  | { type: 'reverse' }
  | { type: 'group'; labelKeys: readonly string[] }
  | { type: 'select'; name: string | null }
  | FilterAction;

export const initialFleetState: FleetState = { sort: 'worst', reverse: false, filter: '', filtering: false, grouping: { kind: 'none' }, selected: null };

export function fleetReducer(state: FleetState, action: FleetAction): FleetState {
  if (isFilterAction(action)) return filterReducer(state, action);
  switch (action.type) {
    case 'sort':
      return { ...state, sort: FLEET_SORT_KEYS[(FLEET_SORT_KEYS.indexOf(state.sort) + 1) % FLEET_SORT_KEYS.length]!, reverse: false };
    case 'worst':
      return { ...state, sort: 'worst', reverse: false };
    case 'reverse':
      return { ...state, reverse: !state.reverse };
    case 'group':
      return { ...state, grouping: nextGrouping(state.grouping, action.labelKeys) };
    case 'select':
      return { ...state, selected: action.name };
  }
}

export function useFleetState() {
  return usePaneReducer('fleet', fleetReducer, initialFleetState);
}
