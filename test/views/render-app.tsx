import { render as inkRender } from 'ink';
import { render } from 'ink-testing-library';
import { FakeStdin, SizedStdout } from './sized-terminal.js';
import { readFileSync } from 'node:fs';
import { DEFAULT_THRESHOLDS } from '../../src/analysis/thresholds.js';
import type { HostSnapshot } from '../../src/model/host-snapshot.js';
import { MetricStore } from '../../src/model/store.js';
import { App } from '../../views/app.js';
import type { AppConfig } from '../../views/app-context.js';
import { HOST_PANES, type PaneDef } from '../../views/panes.js';
import { whenKeysSettled } from '../../views/keys/key-router.js';

/** A real reading of a 2-core VM, captured with `perfmon snapshot --json`. */
export function capturedSnapshot(): HostSnapshot {
  const parsed = JSON.parse(readFileSync(new URL('../../fixtures/snapshots/local-vm.json', import.meta.url), 'utf8')) as { hosts: HostSnapshot[] };
  return parsed.hosts[0]!;
}

export const tick = (ms = 20) => new Promise((resolve) => setTimeout(resolve, ms));

export const KEYS = { down: '\u001B[B', up: '\u001B[A', enter: '\r', tab: '\t', shiftTab: '\u001B[Z', esc: '\u001B', backspace: '\u007F', ctrlC: '\u0003' };

export interface RenderedApp extends ReturnType<typeof render> {
  store: MetricStore;
  /** How many times the app asked to quit. */
  quits(): number;
  /** Types keys one at a time, waiting a tick after each (Ink handles one chunk per event). */
  press(...keys: string[]): Promise<void>;
  frame(): string;
}

export interface RenderOptions {
  config?: Partial<AppConfig>;
  panes?: readonly PaneDef[];
  snapshots?: HostSnapshot[];
}

function setup(options: RenderOptions) {
  const store = new MetricStore();
  const snapshots = options.snapshots ?? [capturedSnapshot()];
  for (const s of snapshots) store.record(s);
  const config: AppConfig = { thresholds: DEFAULT_THRESHOLDS, intervalMs: 1000, readOnly: false, environment: null, fleet: null, ...options.config };
  const counter = { quits: 0 };
  const tree = <App store={store} panes={options.panes ?? HOST_PANES} config={config} hostName={snapshots[0]?.name ?? 'vm'} onQuit={() => (counter.quits += 1)} />;
  return { store, tree, counter };
}

/** The app in ink-testing-library's 100-column terminal. */
export async function renderApp(options: RenderOptions = {}): Promise<RenderedApp> {
  const { store, tree, counter } = setup(options);
  const rendered = render(tree);
  await tick();
  return {
    ...rendered,
    store,
    quits: () => counter.quits,
    frame: () => rendered.lastFrame() ?? '',
    press: async (...keys: string[]) => {
      for (const key of keys) {
        rendered.stdin.write(key);
        await settle();
      }
    },
  };
}

/** After a key: every key of its chunk dispatched, and React's render of them done. */
export async function settle(): Promise<void> {
  await tick();
  await whenKeysSettled();
  await tick();
}

/** The app in a terminal of exactly `columns` × `rows`, resizable. */
export async function renderSized(columns: number, rows: number, options: RenderOptions = {}) {
  const { store, tree } = setup(options);
  const stdout = new SizedStdout(columns, rows);
  const stdin = new FakeStdin();
  const instance = inkRender(tree, { stdout: stdout as never, stdin: stdin as never, debug: true, exitOnCtrlC: false, patchConsole: false });
  await tick();
  return {
    store,
    stdout,
    unmount: () => instance.unmount(),
    frame: () => stdout.lastFrame(),
    press: async (...keys: string[]) => {
      for (const key of keys) {
        stdin.write(key);
        await settle();
      }
    },
  };
}
