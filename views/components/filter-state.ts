/** The `/` filter of a list pane: its text and whether the prompt is open. Shared by every list. */
export interface FilterState {
  filter: string;
  filtering: boolean;
}

export type FilterAction =
  | { type: 'startFilter' }
  | { type: 'appendFilter'; text: string }
  | { type: 'backspaceFilter' }
  | { type: 'endFilter'; keep: boolean }
  | { type: 'clearFilter' };

const FILTER_ACTIONS = new Set(['startFilter', 'appendFilter', 'backspaceFilter', 'endFilter', 'clearFilter']);

export function isFilterAction(action: { type: string }): action is FilterAction {
  return FILTER_ACTIONS.has(action.type);
}

export function filterReducer<S extends FilterState>(state: S, action: FilterAction): S {
  switch (action.type) {
    case 'startFilter':
      // A new `/` starts a new filter; typing after the old one made `engine` + `db` → `enginedb`.
      return { ...state, filtering: true, filter: '' };
    case 'appendFilter':
      return { ...state, filter: state.filter + action.text };
    case 'backspaceFilter':
      return { ...state, filter: state.filter.slice(0, -1) };
    case 'endFilter':
      return { ...state, filtering: false, filter: action.keep ? state.filter : '' };
    case 'clearFilter':
      return { ...state, filter: '' };
  }
}
