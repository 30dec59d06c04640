import { createContext, useContext, useLayoutEffect, useRef, useSyncExternalStore } from 'react';
import type { AvailableCommand, CommandHandler, KeyRouter, TextSink } from './key-router.js';

export const KeyRouterContext = createContext<KeyRouter | null>(null);

export function useKeyRouter(): KeyRouter {
  const router = useContext(KeyRouterContext);
  if (!router) throw new Error('useKeyRouter needs a <KeyRouterContext.Provider>');
  return router;
}

/**
 * Binds a registry command to a handler while the component is mounted. The handler may
 * change every render (it is read through a ref), so registration happens once — no
 * re-subscribing on each frame. Registration is a layout effect: a pane's keys work from the
 * frame it first appears in (passive effects may run only after the next key). `disabledReason` keeps the key registered but explains why
 * it does nothing here. `label` replaces the registry's footer words while it applies (a toggle
 * says what it will do: `resume run` while paused).
 */
export function useCommand(id: string, handler: CommandHandler, disabledReason: string | null = null, label?: string): void {
  const router = useKeyRouter();
  const ref = useRef(handler);
  ref.current = handler;
  useLayoutEffect(() => router.register(id, (press) => ref.current(press), disabledReason, label), [router, id, disabledReason, label]);
}

/** Marks a dialog open while mounted: it captures the keyboard (modal → pane → global). */
export function useModal(id: string): void {
  const router = useKeyRouter();
  useLayoutEffect(() => router.openModal(id), [router, id]);
}

/** A text field of dialog `modal`: typed characters and Backspace reach `sink`. */
export function useTextCapture(modal: string, sink: TextSink): void {
  const router = useKeyRouter();
  const ref = useRef(sink);
  ref.current = sink;
  useLayoutEffect(
    () =>
      router.captureText(modal, {
        onText: (text) => ref.current.onText(text),
        onBackspace: () => ref.current.onBackspace(),
      }),
    [router, modal],
  );
}

/** The commands with a mounted handler; re-renders the caller when that set changes. */
export function useAvailableCommands(): AvailableCommand[] {
  const router = useKeyRouter();
  useSyncExternalStore(router.subscribe, router.getVersion);
  return router.available();
}
