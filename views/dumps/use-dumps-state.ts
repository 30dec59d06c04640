import { filterReducer, isFilterAction, type FilterAction, type FilterState } from '../components/filter-state.js';
import { usePaneReducer } from '../store/use-pane-memory.js';
import { JVM_SORT_KEYS, type JvmSortKey } from './jvm-rows.js';
import type { FlameCursor } from '../components/flame-graph.js';
import type { FlameKind } from '../../src/diagnostics/profile/profile-exports.js';

/** What is open over the lists: a JVM's figures, or a capture's analysis. */
export type DumpsView = { kind: 'jvm'; id: string } | { kind: 'capture'; id: string };

/** What the operator chose on the Dumps pane; the captures themselves live in the DumpsDesk. */
export interface DumpsState extends FilterState {
  sort: JvmSortKey;
  reverse: boolean;
  /** Which list the movement keys and Enter act on. */
  focus: 'jvms' | 'captures';
  /** Selections follow a JVM (`host:pid`) and a capture (its id), not a row number. */
  jvm: string | null;
  capture: string | null;
  open: DumpsView | null;
  /** First line shown of what is open. */
  scroll: number;
  /** The last thread-dump series asked for: the dialog starts from it. */
  series: { count: number; every: number };
  /** The last profile length asked for, in seconds. */
  profileSeconds: number;
  /** An open profile: the flame graph (which, zoom and selection) or its report. */
  profile: ProfileViewState;
}

export interface ProfileViewState {
  mode: 'flame' | 'report';
  flame: FlameKind;
  cursor: FlameCursor;
}

const FRESH_PROFILE: ProfileViewState = { mode: 'flame', flame: 'cpu', cursor: { zoom: [], selected: [] } };

export type DumpsAction =
  | { type: 'sort' }
  | { type: 'reverse' }
  | { type: 'focus'; to?: DumpsState['focus'] }
  | { type: 'selectJvm'; id: string | null }
  | { type: 'selectCapture'; id: string | null }
  | { type: 'open'; view: DumpsView }
  | { type: 'back' }
  | { type: 'scroll'; to: number }
  | { type: 'series'; count: number; every: number }
  | { type: 'profileSeconds'; seconds: number }
  | { type: 'profileView'; change: Partial<ProfileViewState> }
  | FilterAction;

export const initialDumpsState: DumpsState = {
  sort: 'host',
  reverse: false,
  filter: '',
  filtering: false,
  focus: 'jvms',
  jvm: null,
  capture: null,
  open: null,
  scroll: 0,
  series: { count: 3, every: 10 },
  profileSeconds: 30,
  profile: FRESH_PROFILE,
};

export function dumpsReducer(state: DumpsState, action: DumpsAction): DumpsState {
  if (isFilterAction(action)) return filterReducer(state, action);
  switch (action.type) {
    case 'sort':
      return { ...state, sort: JVM_SORT_KEYS[(JVM_SORT_KEYS.indexOf(state.sort) + 1) % JVM_SORT_KEYS.length]!, reverse: false };
    case 'reverse':
      return { ...state, reverse: !state.reverse };
    case 'focus':
      return { ...state, focus: action.to ?? (state.focus === 'jvms' ? 'captures' : 'jvms') };
    case 'selectJvm':
      return { ...state, jvm: action.id };
    case 'selectCapture':
      return { ...state, capture: action.id };
    case 'open':
      return { ...state, open: action.view, scroll: 0, profile: FRESH_PROFILE };
    case 'back':
      if (state.open !== null) return { ...state, open: null };
      return state.filter ? { ...state, filter: '' } : state;
    case 'scroll':
      return { ...state, scroll: action.to };
    case 'series':
      return { ...state, series: { count: action.count, every: action.every } };
    case 'profileSeconds':
      return { ...state, profileSeconds: action.seconds };
    case 'profileView':
      return { ...state, profile: { ...state.profile, ...action.change } };
  }
}

export function useDumpsState() {
  return usePaneReducer('dumps', dumpsReducer, initialDumpsState);
}
