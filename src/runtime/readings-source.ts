/**
 * Where a TUI's live readings come from (src/runtime/monitor-session.ts decides): a recorder's
 * relay, or the TUI's own collection (recording or not, and why). Kept apart from the session
 * so the header can show it without loading the fleet.
 */
export type ReadingsSource =
  | { readonly kind: 'recorder'; readonly pid: number }
  | { readonly kind: 'self'; readonly recording: boolean; readonly note: string | null };

/** A value that changes now and then, with listeners (the useSyncExternalStore contract). */
export class SourceWatch {
  private value: ReadingsSource;
  private readonly listeners = new Set<() => void>();

  constructor(initial: ReadingsSource) {
    this.value = initial;
  }

  get = (): ReadingsSource => this.value;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  set(value: ReadingsSource): void {
    this.value = value;
    for (const listener of this.listeners) listener();
  }
}

/** The header's words for it: `via recorder pid 4242`, `collecting · recording`, `collecting · store held by pid 4242` … */
export function sourceLabel(source: ReadingsSource): string {
  if (source.kind === 'recorder') return `via recorder pid ${source.pid}`;
  return `collecting${source.recording ? ' · recording' : ''}${source.note === null ? '' : ` · ${source.note}`}`;
}
