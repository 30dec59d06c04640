import { Box, useApp, useInput } from 'ink';
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { PassphraseRequests } from '../src/ssh/passphrase-requests.js';
import { PassphrasePrompt } from './components/passphrase-prompt.js';
import type { MetricStore } from '../src/model/store.js';
import { AppConfigContext, UiActionsContext, UiStateContext, useAppConfig, useUiActions, useUiState, type AppConfig, type UiActions, type UiState } from './app-context.js';
import { CommandPalette, type PaletteEntry } from './components/command-palette.js';
import { Footer } from './components/footer.js';
import { Header } from './components/header.js';
import { useDegradedBadge } from './emergency/degraded-badge.js';
import { useAlertBadge } from './store/use-alert-badge.js';
import { HelpOverlay } from './components/help-overlay.js';
import { KeyRouter } from './keys/key-router.js';
import { displayKey } from './keys/key-names.js';
import { KeyRouterContext, useKeyRouter } from './keys/use-command.js';
import { LiveCommand, useGlobalCommands } from './global-commands.js';
import { HOST_PANES, type PaneDef } from './host-panes.js';
import { PaneMemoryContext } from './store/use-pane-memory.js';
import { StoreView } from './store/store-view.js';
import { StoreViewContext, useHost, useStoreSelector } from './store/use-store.js';
import type { StoreState } from '../src/model/store.js';
import type { ComponentTopology } from '../src/analysis/bottlenecks/impact.js';
import { useTerminalSize } from './use-terminal-size.js';
import { clockTime } from '../src/format/units.js';
import { wrapWords } from '../src/format/text.js';
import { Lines } from './components/lines.js';
import { pastMoment } from '../src/format/moment.js';
import { defaultStoreDir } from '../src/history/history-command.js';
import { TimeCursor } from './store/time-cursor.js';
import { sourceLabel, type ReadingsSource } from '../src/runtime/readings-source.js';
import { BottlenecksOverlay } from './bottlenecks/bottlenecks-overlay.js';

export interface AppProps {
  store: MetricStore;
  panes: readonly PaneDef[];
  config: AppConfig;
  /** The host the host panes show first. */
  hostName: string;
  /** Called once when the operator quits (q, Ctrl-C), before Ink unmounts. */
  onQuit?: () => void;
  /** Questions for the operator from the SSH layer (key passphrases), shown as a dialog. */
  passphrases?: PassphraseRequests;
}

const FLASH_MS = 3000;

/** Header, the active pane (or a dialog over it), footer; keys routed through one registry. */
export function App({ store, panes, config, hostName, onQuit, passphrases }: AppProps) {
  const { exit } = useApp();
  const [ui, setUi] = useState<UiState>({ pane: panes[0]?.id ?? '', modal: null, paused: false, hostName, flash: null, replayAt: null });
  const view = useMemo(() => new StoreView(store), [store]);
  const memory = useMemo(() => new Map<string, unknown>(), []);
  const flashTimer = useRef<NodeJS.Timeout | null>(null);
  const flash = useCallback((message: string) => {
    setUi((s) => ({ ...s, flash: message }));
    if (flashTimer.current) clearTimeout(flashTimer.current);
    flashTimer.current = setTimeout(() => setUi((s) => ({ ...s, flash: null })), FLASH_MS);
  }, []);
  useEffect(() => () => void (flashTimer.current && clearTimeout(flashTimer.current)), []);
  const router = useMemo(() => new KeyRouter(config.readOnly, (spec, reason) => flash(`${spec.keys[0]}: ${reason}`)), [config.readOnly, flash]);
  const cursor = useMemo(
    () =>
      new TimeCursor(config.historyDir ?? defaultStoreDir(), view, {
        onMoment: (at) => {
          router.refuseDangerous(at === null ? null : `refused while replaying ${clockTime(at)}: actions act on the present (. or Esc: back to live)`);
          setUi((s) => ({ ...s, replayAt: at, flash: null }));
        },
        onReading: (at) => flash(`reading history at ${clockTime(at)}…`),
        onProblem: flash,
      }),
    [config.historyDir, view, router, flash],
  );
  useEffect(() => () => cursor.live(), [cursor]);

  const actions = useMemo<UiActions>(
    () => ({
      gotoPane: (id) => setUi((s) => ({ ...s, pane: id, modal: null })),
      openModal: (modal) => setUi((s) => ({ ...s, modal })),
      closeModal: () => setUi((s) => ({ ...s, modal: null })),
      togglePause: () => {
        const paused = !view.paused;
        view.setPaused(paused);
        setUi((s) => ({ ...s, paused }));
      },
      flash,
      selectHost: (name) => setUi((s) => ({ ...s, hostName: name })),
      showMoment: (at) => void cursor.show(at),
      stepTime: (ms) => void cursor.step(ms),
      goLive: () => cursor.live(),
      quit: () => {
        onQuit?.();
        exit();
      },
    }),
    [view, exit, onQuit, flash, cursor],
  );

  const onKey = useCallback((input: string, key: Parameters<Parameters<typeof useInput>[0]>[1]) => void router.dispatch(input, key), [router]);
  useInput(onKey);

  return (
    <AppConfigContext.Provider value={config}>
      <StoreViewContext.Provider value={view}>
        <KeyRouterContext.Provider value={router}>
          <UiActionsContext.Provider value={actions}>
            <UiStateContext.Provider value={ui}>
              <PaneMemoryContext.Provider value={memory}>
                <Shell panes={panes} passphrases={passphrases} />
              </PaneMemoryContext.Provider>
            </UiStateContext.Provider>
          </UiActionsContext.Provider>
        </KeyRouterContext.Provider>
      </StoreViewContext.Provider>
    </AppConfigContext.Provider>
  );
}

function Shell({ panes, passphrases }: { panes: readonly PaneDef[]; passphrases: PassphraseRequests | undefined }) {
  const { columns, rows } = useTerminalSize();
  const ui = useUiState();
  const actions = useUiActions();
  const config = useAppConfig();
  const router = useKeyRouter();
  useGlobalCommands(panes);
  // One row is left free: Ink clears the whole screen on every frame once its output is as
  // tall as the terminal, and that flickers.
  const height = Math.max(3, rows - 1);
  const contentHeight = height - 2;
  const pane = panes.find((p) => p.id === ui.pane) ?? panes[0];
  const host = useHost(ui.hostName);
  const counts = useStoreSelector(hostCounts);
  const newest = useStoreSelector(newestReading);
  // Facts drop from the end when the header is short of room. A host's panes are about the
  // host chosen (its name first, its reading time on the clock); the others are about the
  // fleet (the counts, the newest reading): the host last opened means nothing there.
  const onHost = !config.fleet || HOST_PANES.some((p) => p.id === ui.pane);
  const hostFact = config.fleet ? `host ${ui.hostName}` : ui.hostName;
  const lead = !config.fleet ? [hostFact] : onHost ? [hostFact, counts] : [counts];
  // Replaying, the host's reading may be older than the moment (the latest at or before it): say so first.
  const readAt = readingTime(host?.snapshot?.time);
  const behind = ui.replayAt !== null && host?.snapshot ? ui.replayAt - Date.parse(host.snapshot.time) : 0;
  const stale = behind > Math.max(2 * config.intervalMs, 2000) ? [`${ui.hostName} as of ${readAt}`] : [];
  const source = useSyncExternalStore(config.source?.subscribe ?? noSubscribe, config.source?.get ?? noSource);
  // A change of source is said in full once (the header may only have room for its gist).
  const sourceSaid = source === null ? null : source.kind === 'self' && source.detail !== undefined ? `${sourceLabel(source)}: ${source.detail}` : sourceLabel(source);
  const firstSource = useRef(sourceSaid);
  useEffect(() => {
    if (sourceSaid !== null && sourceSaid !== firstSource.current) actions.flash(sourceSaid);
  }, [sourceSaid, actions]);
  const facts = [...stale, ...lead, ...(source ? [sourceLabel(source, columns < 160)] : []), `every ${formatInterval(config.intervalMs)}`];
  const clock = readingTime(onHost ? host?.snapshot?.time : newest);
  const degraded = useDegradedBadge(config.emergency);
  const alerts = useAlertBadge(config.historyDir ?? defaultStoreDir());
  const asking = useSyncExternalStore(passphrases?.subscribe ?? noSubscribe, passphrases?.current ?? noQuestion) !== null;
  const covered = ui.modal !== null || asking;
  // A pane whose readings history does not keep says so rather than show the present under REPLAY.
  const notReplayed = ui.replayAt !== null && pane !== undefined && !pane.replays;
  const hostList = useStoreSelector(hostNames);
  const hosts = useMemo(() => (config.fleet && hostList ? hostList.split('\n') : []), [config.fleet, hostList]);
  // A command of another pane runs once that pane is shown (its handler registers as it mounts).
  const pending = useRef<{ pane: string; id: string } | null>(null);
  useEffect(() => {
    const next = pending.current;
    if (next === null || next.pane !== ui.pane) return;
    pending.current = null;
    if (router.run(next.id)) return;
    const command = router.available().find((a) => a.spec.id === next.id);
    const key = displayKey(command?.spec.keys[0] ?? '');
    actions.flash(`${key}: ${command?.disabledReason ?? 'not in this view of the pane (the footer shows what is)'}`);
  }, [ui.pane, router, actions]);
  const choose = (entry: PaletteEntry) => {
    actions.closeModal();
    const { action } = entry;
    if (action.kind === 'pane') actions.gotoPane(action.id);
    else if (action.kind === 'command') router.run(action.id);
    else if (action.kind === 'host') {
      actions.selectHost(action.name);
      actions.gotoPane('overview');
    } else {
      pending.current = { pane: action.pane, id: action.id };
      actions.gotoPane(action.pane);
    }
  };
  const chooseTime = (at: number) => {
    actions.closeModal();
    actions.showMoment(at);
  };
  const replay = useReplayLabel(ui.replayAt);
  // Live, the analysis runs up to the moment the overlay opened (not a moving now).
  const openedAt = useRef(Date.now());
  if (ui.modal !== 'bottlenecks') openedAt.current = Date.now();
  return (
    <Box flexDirection="column" width={columns} height={height}>
      {ui.replayAt !== null && <LiveCommand />}
      <Header width={columns} panes={panes} active={ui.pane} facts={facts} paused={ui.paused} environment={config.environment} readOnly={config.readOnly} replay={replay} alerts={alerts} degraded={degraded} clock={clock} />
      {/* Clipped vertically only: a horizontal clip makes Ink slice every line, every frame. */}
      <Box flexDirection="column" height={contentHeight} overflowY="hidden">
        {/* The pane stays mounted under a dialog: its state and its commands survive. */}
        <Box display={covered || notReplayed ? 'none' : 'flex'} flexDirection="column">
          {pane && <pane.Component width={columns} height={contentHeight} />}
        </Box>
        {notReplayed && !covered && <Lines lines={notReplayedLines(pane?.title ?? '', panes, columns)} />}
        {passphrases && <PassphrasePrompt requests={passphrases} width={columns} />}
        {!asking && ui.modal === 'help' && <HelpOverlay width={columns} height={contentHeight} panes={panes} activePane={ui.pane} onClose={actions.closeModal} />}
        {!asking && ui.modal === 'bottlenecks' && (
          <BottlenecksOverlay width={columns} height={contentHeight} historyDir={config.historyDir ?? defaultStoreDir()} topology={config.components ?? NO_COMPONENTS} at={ui.replayAt ?? openedAt.current} live={ui.replayAt === null} onClose={actions.closeModal} />
        )}
        {!asking && ui.modal === 'palette' && <CommandPalette width={columns} height={contentHeight} panes={panes} activePane={ui.pane} hosts={hosts} onChoose={choose} onTime={chooseTime} onClose={actions.closeModal} />}
      </Box>
      <Footer width={columns} flash={ui.flash} modalOpen={covered} />
    </Box>
  );
}

function notReplayedLines(title: string, panes: readonly PaneDef[], width: number): string[] {
  const replayed = panes.filter((p) => p.replays).map((p) => p.title);
  return wrapWords(`${title} is not kept in history yet, so it cannot show this moment. Replayed: ${replayed.join(', ')}. Press . or Esc to go back to live.`, width);
}

/** "03:12:05 (−8h 13m)" while replaying, kept current as the wall clock moves on; null live. */
function useReplayLabel(at: number | null): string | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (at === null) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 10_000);
    return () => clearInterval(timer);
  }, [at]);
  return at === null ? null : pastMoment(at, Math.max(now, at));
}

function formatInterval(ms: number): string {
  return `${ms / 1000}s`;
}

/** The time of the reading on screen (not the wall clock): a paused or stale view shows it. */
function readingTime(iso: string | undefined): string {
  return iso ? clockTime(iso) : '--:--:--';
}

/** The newest reading of any host (ISO; a string, so the header re-renders once a second at most). */
function newestReading(state: StoreState): string | undefined {
  let newest: string | undefined;
  for (const h of state.hosts) {
    const time = h.snapshot?.time;
    if (time !== undefined && (newest === undefined || time > newest)) newest = time;
  }
  return newest;
}

/** Every host's name, one a line (a string: the palette's list changes only when a host does). */
function hostNames(state: StoreState): string {
  return state.hosts.map((h) => h.name).join('\n');
}

/** "12 up 2 down": a string, so the header re-renders only when a count changes. */
function hostCounts(state: StoreState): string {
  const n = { up: 0, down: 0, connecting: 0 };
  for (const h of state.hosts) n[h.status] += 1;
  return [`${n.up} up`, `${n.down} down`, ...(n.connecting ? [`${n.connecting} connecting`] : [])].join(' ');
}

const NO_COMPONENTS: readonly ComponentTopology[] = [];
const noSubscribe = () => () => {};
const noQuestion = () => null;
const noSource = (): ReadingsSource | null => null;
