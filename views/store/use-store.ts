import { createContext, useContext, useRef, useSyncExternalStore } from 'react';
import type { HostState, StoreState } from '../../src/model/store.js';
import type { StoreView } from './store-view.js';

export const StoreViewContext = createContext<StoreView | null>(null);

export function useStoreView(): StoreView {
  const view = useContext(StoreViewContext);
  if (!view) throw new Error('useStoreView needs a <StoreViewContext.Provider>');
  return view;
}

/**
 * Reads the store through a selector. The selector runs only when the store's state object
 * changes (or `key`, which names what the selector depends on besides the state), and the caller re-renders only when the selected value changes (by identity), so a
 * tick on one host does not re-render views of another.
 */
export function useStoreSelector<T>(selector: (state: StoreState) => T, key = ''): T {
  const view = useStoreView();
  const cache = useRef<{ state: StoreState; key: string; value: T } | null>(null);
  const select = () => {
    const state = view.getState();
    if (cache.current?.state !== state || cache.current.key !== key) cache.current = { state, key, value: selector(state) };
    return cache.current.value;
  };
  return useSyncExternalStore(view.subscribe, select);
}

/** One host's state, or undefined before it is known. */
export function useHost(name: string): HostState | undefined {
  return useStoreSelector((s) => s.hosts.find((h) => h.name === name), name);
}
