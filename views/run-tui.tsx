import { render } from 'ink';
import type { Session } from '../src/runtime/session.js';
import { App } from './app.js';
import type { AppConfig } from './app-context.js';
import type { PaneDef } from './host-panes.js';
import type { PassphraseRequests } from '../src/ssh/passphrase-requests.js';

export interface TuiOptions {
  /** What the UI shows: the session's store, its first host (the caller opens and closes it). */
  session: Pick<Session, 'store' | 'hostName'>;
  panes: readonly PaneDef[];
  config: AppConfig;
  stdout?: NodeJS.WriteStream;
  stdin?: NodeJS.ReadStream;
  passphrases?: PassphraseRequests;
  /** Told how long each frame took to render (bench/fleet's render times). */
  onRender?: (renderMs: number) => void;
}

const ENTER_ALT_SCREEN = '\u001b[?1049h\u001b[H';
const LEAVE_ALT_SCREEN = '\u001b[?1049l';
const SHOW_CURSOR = '\u001b[?25h';

/**
 * Runs the full-screen UI until the operator quits. The alternate screen keeps the shell's
 * scrollback intact; whatever way perfmon ends (quit, signal, crash) the terminal is restored.
 */
export async function runTui(options: TuiOptions): Promise<void> {
  const stdout = options.stdout ?? process.stdout;
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    stdout.write(SHOW_CURSOR + LEAVE_ALT_SCREEN);
  };
  process.once('exit', restore);
  stdout.write(ENTER_ALT_SCREEN);
  const instance = render(<App store={options.session.store} panes={options.panes} config={options.config} hostName={options.session.hostName} passphrases={options.passphrases} />, {
    stdout,
    stdin: options.stdin ?? process.stdin,
    // Ctrl-C is a registry command (app.forceQuit) so that it restores the terminal like q.
    exitOnCtrlC: false,
    // Ink 6's incremental mode misplaces lines in a full-height UI (seen in tmux): redraw whole frames.
    incrementalRendering: false,
    maxFps: 30,
    ...(options.onRender ? { onRender: ({ renderTime }: { renderTime: number }) => options.onRender?.(renderTime) } : {}),
  });
  const onSignal = () => instance.unmount();
  process.once('SIGTERM', onSignal);
  process.once('SIGHUP', onSignal);
  try {
    await instance.waitUntilExit();
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
    restore();
  }
}
