import { usePaneReducer } from '../store/use-pane-memory.js';
import type { StatementOrder } from './database-lines.js';

export interface DatabaseState {
  /** The server shown, by index in the readings (component and host order of the inventory). */
  server: number;
  /** First line shown. */
  scroll: number;
  order: StatementOrder;
}

export type DatabaseAction = { type: 'server'; step: 1 | -1; count: number } | { type: 'scroll'; to: number } | { type: 'order' };

export const initialDatabaseState: DatabaseState = { server: 0, scroll: 0, order: 'total' };

export function databaseReducer(state: DatabaseState, action: DatabaseAction): DatabaseState {
  switch (action.type) {
    case 'server':
      return action.count === 0 ? state : { ...state, server: (state.server + action.step + action.count) % action.count, scroll: 0 };
    case 'scroll':
      return { ...state, scroll: action.to };
    case 'order':
      return { ...state, order: state.order === 'total' ? 'mean' : 'total' };
  }
}

export function useDatabaseState() {
  return usePaneReducer('database', databaseReducer, initialDatabaseState);
}
