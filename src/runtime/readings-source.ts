/**
 * Where a TUI's live readings come from (src/runtime/monitor-session.ts decides): a recorder's
 * relay, or the TUI's own collection (recording or not, and why). Kept apart from the session
 * so the header can show it without loading the fleet.
 */
export type ReadingsSource =
  | { readonly kind: 'recorder'; readonly pid: number }
  | {
      readonly kind: 'self';
      readonly recording: boolean;
      /** A few words for the header (`recorder 4242 gone 03:12:05`, `store held by pid 4242`). */
      readonly note: string | null;
      /** The whole story when there is more (a store problem's message), for the footer. */
      readonly detail?: string;
    };

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

/**
 * The header's words for it: `via recorder pid 4242`, `collecting · recording`, `collecting ·
 * recorder 4242 gone 03:12:05`, `collecting · store held by pid 4242`; `compact` (a narrow
 * terminal) leaves the pid and the note out.
 */
export function sourceLabel(source: ReadingsSource, compact = false): string {
  if (source.kind === 'recorder') return compact ? 'via recorder' : `via recorder pid ${source.pid}`;
  if (compact) return `collecting${source.recording ? ' · recording' : ''}`;
  return `collecting${source.recording ? ' · recording' : ''}${source.note === null ? '' : ` · ${source.note}`}`;
}
