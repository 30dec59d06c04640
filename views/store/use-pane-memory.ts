import { createContext, useContext, useEffect, useReducer, type Reducer } from 'react';

/** Per-pane state that outlives the pane: Tab away and back, the sort and filter are still there. */
export const PaneMemoryContext = createContext<Map<string, unknown> | null>(null);

export function usePaneReducer<S, A>(key: string, reducer: Reducer<S, A>, initial: S): [S, (action: A) => void] {
  const memory = useContext(PaneMemoryContext);
  const [state, dispatch] = useReducer(reducer, (memory?.get(key) as S | undefined) ?? initial);
  useEffect(() => {
    memory?.set(key, state);
  }, [memory, key, state]);
  return [state, dispatch];
}
