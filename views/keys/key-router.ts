import type { Key } from 'ink';
import { commandById, commandsFor, layerOf, type CommandSpec } from './commands.js';
import { isText, keyName } from './key-names.js';

export interface KeyPress {
  /** The registry's name of the key ("j", "enter", "3"). */
  name: string;
  input: string;
}

/** Return `false` to let the key go on to the next layer; anything else consumes it. */
export type CommandHandler = (press: KeyPress) => boolean | void;

interface Registration {
  spec: CommandSpec;
  handler: CommandHandler;
  disabledReason: string | null;
  /** The footer's words for it now, when they differ from the registry's (`resume run` while paused). */
  label: string | undefined;
}

export interface TextSink {
  onText(text: string): void;
  onBackspace(): void;
}

export interface AvailableCommand {
  spec: CommandSpec;
  /** Why the command can't run right now (shown in the help); null when it can. */
  disabledReason: string | null;
  /** The footer's words for it now (the registry's label unless the pane said otherwise). */
  label: string | undefined;
}

/**
 * Routes key presses to the handlers the mounted components registered for commands of the
 * registry: the open dialog first (it captures everything), then the shown pane, then the
 * global commands. Knows nothing of React; `use-command.ts` binds components to it.
 */
export class KeyRouter {
  private readonly registrations = new Map<string, Registration[]>();
  private readonly modals: string[] = [];
  private readonly textSinks: { modal: string; sink: TextSink }[] = [];
  private readonly listeners = new Set<() => void>();
  private version = 0;
  /** Why commands that change a host are refused right now (replaying the past); null: they run. */
  private refusal: string | null = null;
  readonly commands: readonly CommandSpec[];

  constructor(
    readonly readOnly: boolean,
    /** Told when a key hits a command that is disabled here, with the reason. */
    private readonly onDisabled: (spec: CommandSpec, reason: string) => void = () => {},
  ) {
    this.commands = commandsFor(readOnly);
  }

  register(id: string, handler: CommandHandler, disabledReason: string | null = null, label?: string): () => void {
    const spec = commandById(id);
    if (this.readOnly && spec.dangerous) return () => {};
    const registration: Registration = { spec, handler, disabledReason, label: label ?? spec.label };
    const stack = this.registrations.get(id) ?? [];
    stack.push(registration);
    this.registrations.set(id, stack);
    this.changed();
    return () => {
      const current = this.registrations.get(id) ?? [];
      const index = current.indexOf(registration);
      if (index >= 0) current.splice(index, 1);
      this.changed();
    };
  }

  /**
   * Refuses every dangerous command with `reason` (or allows them again with null): while the
   * UI shows the past, an action would act on a present the operator is not looking at.
   */
  refuseDangerous(reason: string | null): void {
    if (reason === this.refusal) return;
    this.refusal = reason;
    this.changed();
  }

  private disabledReason(registration: Registration): string | null {
    // Replaying overrides a pane's own reason: no action of any kind runs on a past view.
    return (registration.spec.dangerous ? this.refusal : null) ?? registration.disabledReason;
  }

  /** A dialog opened: until it closes, only its commands (and `always` ones) run. */
  openModal(id: string): () => void {
    this.modals.push(id);
    this.changed();
    return () => {
      const index = this.modals.lastIndexOf(id);
      if (index >= 0) this.modals.splice(index, 1);
      this.changed();
    };
  }

  /** A text field inside dialog `modal`: printable keys and Backspace go to it. */
  captureText(modal: string, sink: TextSink): () => void {
    const entry = { modal, sink };
    this.textSinks.push(entry);
    return () => {
      const index = this.textSinks.indexOf(entry);
      if (index >= 0) this.textSinks.splice(index, 1);
    };
  }

  get activeModal(): string | null {
    return this.modals.at(-1) ?? null;
  }

  dispatch(input: string, key: Key): boolean {
    const name = keyName(input, key);
    const modal = this.activeModal;
    const sink = modal ? this.textSinks.findLast((t) => t.modal === modal)?.sink : undefined;
    if (sink && isText(input, key)) {
      sink.onText(input);
      return true;
    }
    // Keys typed faster than the terminal is read arrive in one chunk ("/java", "j\r"); outside
    // a text field each one is a key of its own. The rest of the chunk waits until React has
    // drawn what the first key did: "/" must open its prompt before "java" can be typed in it.
    if (name === null && input.length > 1 && !key.ctrl && !key.meta) {
      const [first, ...rest] = [...input];
      const handled = this.dispatch(...splitKey(first!, key));
      if (rest.length > 0) {
        deferredKeys += 1;
        setImmediate(() => {
          deferredKeys -= 1;
          if (rest.length === 1) this.dispatch(...splitKey(rest[0]!, key));
          else this.dispatch(rest.join(''), key);
          if (deferredKeys === 0) for (const resolve of settledWaiters.splice(0)) resolve();
        });
      }
      return handled;
    }
    if (name === null) return false;
    if (sink && name === 'backspace') {
      sink.onBackspace();
      return true;
    }
    const press: KeyPress = { name, input };
    let bound = false;
    for (const registration of this.candidates(name, modal)) {
      bound = true;
      const disabledReason = this.disabledReason(registration);
      if (disabledReason !== null) {
        this.onDisabled(registration.spec, disabledReason);
        return true;
      }
      if (registration.handler(press) !== false) return true;
    }
    // A key of another pane pressed here: say so, rather than nothing.
    if (!bound && modal === null) {
      const panes = [...new Set(this.commands.filter((s) => s.keys.includes(name) && s.scope.startsWith('pane:')).map((s) => s.scope.slice('pane:'.length)))];
      const spec = this.commands.find((s) => s.keys.includes(name));
      if (spec !== undefined && panes.length > 0) {
        const where = panes.map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join(', ');
        this.onDisabled({ ...spec, keys: [name] }, `nothing here (a key of ${where}; ? lists this pane's)`);
        return true;
      }
    }
    return false;
  }

  /** Runs a command as if its first key was pressed (the palette does this). */
  run(id: string): boolean {
    const registration = this.registrations.get(id)?.at(-1);
    if (!registration) return false;
    const disabledReason = this.disabledReason(registration);
    if (disabledReason !== null) {
      this.onDisabled(registration.spec, disabledReason);
      return false;
    }
    registration.handler({ name: registration.spec.keys[0] ?? '', input: '' });
    return true;
  }

  /** Commands with a mounted handler, in registry order; what the footer, help and palette show. */
  available(): AvailableCommand[] {
    const out: AvailableCommand[] = [];
    for (const spec of this.commands) {
      const registration = this.registrations.get(spec.id)?.at(-1);
      if (registration) out.push({ spec, disabledReason: this.disabledReason(registration), label: registration.label });
    }
    return out;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getVersion = (): number => this.version;

  private *candidates(name: string, modal: string | null): Generator<Registration> {
    const layers = modal ? (['modal'] as const) : (['pane', 'global'] as const);
    for (const spec of this.commands) {
      if (!spec.keys.includes(name) || !spec.always) continue;
      const registration = this.registrations.get(spec.id)?.at(-1);
      if (registration) yield registration;
    }
    for (const layer of layers) {
      for (const spec of this.commands) {
        if (spec.always || layerOf(spec.scope) !== layer || !spec.keys.includes(name)) continue;
        if (layer === 'modal' && spec.scope !== 'modal' && spec.scope !== `modal:${modal}`) continue;
        const registration = this.registrations.get(spec.id)?.at(-1);
        if (registration) yield registration;
      }
    }
  }

  private changed(): void {
    this.version += 1;
    for (const listener of this.listeners) listener();
  }
}

/** Keys of a chunk still waiting for their turn (see dispatch). */
let deferredKeys = 0;
const settledWaiters: (() => void)[] = [];

/** Resolves once every key typed so far has been dispatched (tests wait on it). */
export function whenKeysSettled(): Promise<void> {
  return deferredKeys === 0 ? Promise.resolve() : new Promise((resolve) => settledWaiters.push(resolve));
}

const NO_KEY_FLAGS = { return: false, tab: false, backspace: false, escape: false } as const;

/** One character of a multi-key chunk as Ink would have reported it alone. */
function splitKey(ch: string, key: Key): [string, Key] {
  const base: Key = { ...key, ...NO_KEY_FLAGS };
  if (ch === '\r' || ch === '\n') return ['', { ...base, return: true }];
  if (ch === '\t') return ['', { ...base, tab: true }];
  if (ch === '\u007f' || ch === '\b') return ['', { ...base, backspace: true }];
  return [ch, base];
}
