import { useUiActions, useUiState } from './app-context.js';
import { useCommand } from './keys/use-command.js';
import { DEFAULT_REPLAY_STEP_MS, paneNumber, type PaneDef } from './host-panes.js';

/** The commands available everywhere: quit, help, palette, pane switching, pause, bottlenecks, the time cursor. */
export function useGlobalCommands(panes: readonly PaneDef[]): void {
  const ui = useUiState();
  const actions = useUiActions();
  const index = Math.max(0, panes.findIndex((p) => p.id === ui.pane));
  const goto = (i: number) => {
    const pane = panes[(i + panes.length) % panes.length];
    if (pane) actions.gotoPane(pane.id);
  };
  useCommand('app.forceQuit', actions.quit);
  useCommand('app.quit', actions.quit);
  useCommand('app.help', () => actions.openModal('help'));
  useCommand('app.palette', () => actions.openModal('palette'));
  useCommand('app.nextPane', () => goto(index + 1));
  useCommand('app.prevPane', () => goto(index - 1));
  useCommand('app.gotoPane', (press) => {
    const n = press.name === '0' ? 10 : Number(press.name);
    const pane = panes.find((p) => paneNumber(p.id, panes) === n);
    if (!pane) return false;
    actions.gotoPane(pane.id);
    return true;
  });
  useCommand('app.pause', actions.togglePause);
  useCommand('app.bottlenecks', () => actions.openModal('bottlenecks'));
  const step = panes[index]?.replayStepMs ?? DEFAULT_REPLAY_STEP_MS;
  useCommand('app.replayBack', () => actions.stepTime(-step));
  useCommand('app.replayForward', () => (ui.replayAt === null ? false : actions.stepTime(step)));
}

/** Mounted only while replaying, so the footer offers the way back only then. */
export function LiveCommand(): null {
  const actions = useUiActions();
  useCommand('app.live', actions.goLive);
  return null;
}
