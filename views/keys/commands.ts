import { DATABASE_COMMANDS } from '../database/database-commands.js';
import { DUMPS_COMMANDS } from '../dumps/dumps-commands.js';
import { EMERGENCY_COMMANDS } from '../emergency/emergency-commands.js';
import { FLEET_COMMANDS } from '../fleet/fleet-commands.js';
import { LOGS_COMMANDS } from '../logs/logs-commands.js';
import { LOAD_COMMANDS } from '../load/load-commands.js';
import { OVERVIEW_COMMANDS } from '../overview/overview-commands.js';
import { PROCESSES_COMMANDS } from '../processes/processes-commands.js';
import { TRENDS_COMMANDS } from '../trends/trends-commands.js';

/**
 * Where a command applies. Keys are routed modal → pane → global, and the first handler that
 * takes a key stops it:
 *  - `modal:<id>` and `modal`: only while that dialog (or any dialog) is open; nothing else runs
 *    then, except `always` commands;
 *  - `pane:<id>`: that pane's own commands; `list`: what every list-like pane offers (move,
 *    filter, sort, drill down); both are handled by whichever pane is shown;
 *  - `global`: anywhere no dialog is open.
 */
export type Scope = 'global' | 'list' | 'modal' | `pane:${string}` | `modal:${string}`;

export interface CommandSpec {
  /** Stable id, `area.action`: also the palette's and the tests' handle on the command. */
  readonly id: string;
  /** Key names (see key-names.ts); the first one is the one the footer shows. */
  readonly keys: readonly string[];
  /** One sentence for the help overlay and the palette. */
  readonly description: string;
  /** A word or two for the footer; commands without a label are in the help only. */
  readonly label?: string;
  readonly scope: Scope;
  /** Changes something on a host: hidden entirely in read-only mode, and always confirmed. */
  readonly dangerous?: boolean;
  /** Runs even while a dialog is open (Ctrl-C). */
  readonly always?: boolean;
  /** Offered in the command palette (default: yes for global and pane commands). */
  readonly palette?: boolean;
  /**
   * A global command whose key panes use too: it runs when the pane lets the key go (Esc backs
   * out of a detail or a filter first, and only then leaves replay).
   */
  readonly afterPane?: boolean;
}

const GLOBAL_COMMANDS: readonly CommandSpec[] = [
  { id: 'app.forceQuit', keys: ['ctrl+c'], description: 'Quit at once, from anywhere, restoring the terminal', scope: 'global', always: true, palette: false },
  // First of the globals: while replaying, the footer's first global hint is the way back.
  { id: 'app.live', keys: ['.', 'esc'], description: 'Back to live from a replayed moment', label: 'live', scope: 'global', afterPane: true },
  { id: 'app.quit', keys: ['q'], description: 'Quit perfmon', label: 'quit', scope: 'global' },
  { id: 'app.help', keys: ['?'], description: 'Show every key, generated from the key registry', label: 'help', scope: 'global', palette: false },
  { id: 'app.palette', keys: [':'], description: 'Command palette: words typed find a pane, a host, or any pane’s command (run there)', label: 'cmds', scope: 'global', palette: false },
  { id: 'app.nextPane', keys: ['tab'], description: 'Next pane', scope: 'global', palette: false },
  { id: 'app.prevPane', keys: ['shift+tab'], description: 'Previous pane', scope: 'global', palette: false },
  { id: 'app.gotoPane', keys: ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'], description: 'Go to pane N (numbers in the tab bar; 0 is pane 10; 11 and on: Tab or the palette)', scope: 'global', palette: false },
  { id: 'app.pause', keys: ['p'], description: 'Pause or resume the display (collection goes on, trends keep no gap)', label: 'pause', scope: 'global' },
  { id: 'app.replayBack', keys: ['['], description: 'Go back in time: panes show that moment from history (10 s a press; 1 min on Trends)', label: 'back in time', scope: 'global' },
  { id: 'app.bottlenecks', keys: ['B'], description: 'Bottlenecks: what limits the platform over the hour up to the moment shown (now, or the time cursor), from history, worst first', label: 'bottlenecks', scope: 'global' },
  { id: 'app.replayForward', keys: [']'], description: 'Step forward in time while replaying (reaching now goes live)', scope: 'global' },
];

const LIST_COMMANDS: readonly CommandSpec[] = [
  { id: 'list.down', keys: ['down', 'j'], description: 'Move down', scope: 'list', palette: false },
  { id: 'list.up', keys: ['up', 'k'], description: 'Move up', scope: 'list', palette: false },
  { id: 'list.pageDown', keys: ['pgdn', 'ctrl+d'], description: 'Move down a page', scope: 'list', palette: false },
  { id: 'list.pageUp', keys: ['pgup', 'ctrl+u'], description: 'Move up a page', scope: 'list', palette: false },
  { id: 'list.top', keys: ['home', 'g'], description: 'Go to the first row', scope: 'list', palette: false },
  { id: 'list.bottom', keys: ['end', 'G'], description: 'Go to the last row', scope: 'list', palette: false },
  { id: 'list.open', keys: ['enter'], description: 'Drill down into the selected row', label: 'open', scope: 'list', palette: false },
  { id: 'list.back', keys: ['esc'], description: 'Back out of a detail view, or clear the filter', scope: 'list', palette: false },
  { id: 'list.filter', keys: ['/'], description: 'Filter the rows (Enter keeps the filter, Esc clears it)', label: 'filter', scope: 'list' },
  { id: 'list.sort', keys: ['s'], description: 'Sort by the next column', label: 'sort', scope: 'list' },
  { id: 'list.reverse', keys: ['S'], description: 'Reverse the sort order', scope: 'list' },
];

const MODAL_COMMANDS: readonly CommandSpec[] = [
  { id: 'modal.close', keys: ['esc'], description: 'Close the dialog', label: 'close', scope: 'modal' },
  { id: 'modal.accept', keys: ['enter'], description: 'Choose the selected entry', label: 'choose', scope: 'modal' },
  { id: 'modal.down', keys: ['down', 'ctrl+n', 'j'], description: 'Next entry (j only where there is no text to type)', scope: 'modal' },
  { id: 'modal.up', keys: ['up', 'ctrl+p', 'k'], description: 'Previous entry (k only where there is no text to type)', scope: 'modal' },
  { id: 'modal.pageDown', keys: ['pgdn'], description: 'Next page', scope: 'modal' },
  { id: 'modal.pageUp', keys: ['pgup'], description: 'Previous page', scope: 'modal' },
  { id: 'modal.clearText', keys: ['ctrl+u'], description: 'Clear the text typed so far', scope: 'modal', palette: false },
  { id: 'help.close', keys: ['?', 'q'], description: 'Close the help', scope: 'modal:help' },
  { id: 'bottlenecks.window', keys: ['w'], description: 'Bottlenecks: the next window (15m, 1h, 6h, 24h) up to the same moment, analysed again', label: 'window', scope: 'modal:bottlenecks' },
  { id: 'bottlenecks.close', keys: ['B', 'q'], description: 'Close the bottlenecks', scope: 'modal:bottlenecks' },
];

/** The one registry: every key perfmon answers to is declared here, nowhere else. */
export const COMMANDS: readonly CommandSpec[] = [
  ...GLOBAL_COMMANDS,
  ...LIST_COMMANDS,
  ...MODAL_COMMANDS,
  ...FLEET_COMMANDS,
  ...OVERVIEW_COMMANDS,
  ...TRENDS_COMMANDS,
  ...PROCESSES_COMMANDS,
  ...DATABASE_COMMANDS,
  ...EMERGENCY_COMMANDS,
  ...DUMPS_COMMANDS,
  ...LOGS_COMMANDS,
  ...LOAD_COMMANDS,
];

const BY_ID = new Map(COMMANDS.map((c) => [c.id, c]));

export function commandById(id: string): CommandSpec {
  const spec = BY_ID.get(id);
  if (!spec) throw new Error(`unknown command id ${id} (declare it in views/keys/commands.ts)`);
  return spec;
}

/** The commands a session offers: read-only mode removes every dangerous one. */
export function commandsFor(readOnly: boolean): CommandSpec[] {
  return COMMANDS.filter((c) => !(readOnly && c.dangerous));
}

export type Layer = 'modal' | 'pane' | 'global';

export function layerOf(scope: Scope): Layer {
  if (scope === 'modal' || scope.startsWith('modal:')) return 'modal';
  if (scope === 'list' || scope.startsWith('pane:')) return 'pane';
  return 'global';
}
