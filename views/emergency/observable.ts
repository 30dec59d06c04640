/**
 * State that outlives the emergency pane (a run goes on while the operator looks elsewhere),
 * read by the pane with useSyncExternalStore: getSnapshot returns the same object until
 * something changes.
 */
export class Observable<S extends object> {
  private readonly listeners = new Set<() => void>();

  constructor(private current: S) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): S => this.current;

  protected update(patch: Partial<S> | ((state: S) => Partial<S>)): void {
    const changes = typeof patch === 'function' ? patch(this.current) : patch;
    this.current = { ...this.current, ...changes };
    for (const listener of [...this.listeners]) listener();
  }
}

/** A line for the operator about the last thing done, and how it went. */
export interface DeskMessage {
  text: string;
  tone: 'info' | 'good' | 'bad';
}

/** An action ready to be confirmed: what the ConfirmDialog shows, and what Enter starts. */
export interface Prepared {
  title: string;
  preview: string[];
  /** What the operator types to go ahead. */
  confirmText: string;
  go(): void;
  /** A run: the pane shows its progress once it starts. */
  followRun?: boolean;
}

/** Text lines of a multi-line block, without the trailing newline. */
export function linesOf(text: string): string[] {
  return text.trimEnd().split('\n');
}
