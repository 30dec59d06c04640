import { usePaneReducer } from '../store/use-pane-memory.js';
import { TIME_BOXES } from './control-lines.js';

export const EMERGENCY_VIEWS = ['components', 'run', 'controls', 'runs', 'runbook'] as const;
export type EmergencyView = (typeof EMERGENCY_VIEWS)[number];

export const VIEW_TITLES: Record<EmergencyView, string> = { components: 'Components', run: 'Run', controls: 'Controls', runs: 'Stopped runs', runbook: 'Runbook' };

/** What the operator chose on the pane; the runs themselves live in the EmergencyDesk. */
export interface EmergencyState {
  view: EmergencyView;
  /** Selections follow names, not row numbers. */
  component: string | null;
  control: string | null;
  run: string | null;
  /** Hosts per batch of the next rolling restart, per component (default 1). */
  batch: Readonly<Record<string, number>>;
  /** Index into TIME_BOXES for the next switch or profile. */
  timeBox: number;
}

export type EmergencyAction =
  | { type: 'nextView' }
  | { type: 'view'; view: EmergencyView }
  | { type: 'selectComponent'; name: string | null }
  | { type: 'selectControl'; key: string | null }
  | { type: 'selectRun'; runId: string | null }
  | { type: 'batch'; component: string; max: number }
  | { type: 'timeBox' };

export const initialEmergencyState: EmergencyState = { view: 'components', component: null, control: null, run: null, batch: {}, timeBox: 0 };

export function emergencyReducer(state: EmergencyState, action: EmergencyAction): EmergencyState {
  switch (action.type) {
    case 'nextView':
      return { ...state, view: EMERGENCY_VIEWS[(EMERGENCY_VIEWS.indexOf(state.view) + 1) % EMERGENCY_VIEWS.length]! };
    case 'view':
      return { ...state, view: action.view };
    case 'selectComponent':
      return { ...state, component: action.name };
    case 'selectControl':
      return { ...state, control: action.key };
    case 'selectRun':
      return { ...state, run: action.runId };
    case 'batch': {
      const next = (state.batch[action.component] ?? 1) + 1;
      return { ...state, batch: { ...state.batch, [action.component]: next > action.max ? 1 : next } };
    }
    case 'timeBox':
      return { ...state, timeBox: (state.timeBox + 1) % TIME_BOXES.length };
  }
}

export function useEmergencyState() {
  return usePaneReducer('emergency', emergencyReducer, initialEmergencyState);
}
