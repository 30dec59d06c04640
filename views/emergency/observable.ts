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
  /** A second confirmation (an override) asked once this one is typed; its go() runs instead. */
  next?: Prepared | undefined;
}

/** Text lines of a multi-line block, without the trailing newline. */
export function linesOf(text: string): string[] {
  return text.trimEnd().split('\n');
}

/**
 * Lines longer than `width` broken at a space, the rest indented under the line's own
 * indentation: a command in a plan must be readable in full, not cut. A word longer than the
 * room (a path, a stack frame) is never broken: it goes whole, and the terminal clips it.
 */
export function wrapLines(lines: readonly string[], width: number): string[] {
  const out: string[] = [];
  for (const line of lines) {
    const indent = /^ */.exec(line)![0];
    const more = `${indent}    `;
    let rest = line;
    let prefix = '';
    while (prefix.length + rest.length > width && width > more.length + 10) {
      const room = width - prefix.length;
      const cut = rest.lastIndexOf(' ', room);
      // A space too near the start would leave a stub: the long word goes whole, up to the next space.
      const after = rest.indexOf(' ', room);
      const at = cut > (prefix === '' ? indent.length : 0) + 10 ? cut : after;
      if (at <= 0) break;
      out.push(prefix + rest.slice(0, at));
      rest = rest.slice(at).trimStart();
      prefix = more;
    }
    out.push(prefix + rest);
  }
  return out;
}
