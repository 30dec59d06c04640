import { createContext, useContext } from 'react';
import type { Thresholds } from '../src/analysis/thresholds.js';
import type { ComponentTopology } from '../src/analysis/bottlenecks/impact.js';
import type { FleetInfo } from './fleet/fleet-info.js';
import type { EmergencyDesk } from './emergency/emergency-desk.js';
import type { DumpsDesk } from './dumps/dumps-desk.js';
import type { LogsDesk } from './logs/logs-desk.js';
import type { SourceWatch } from '../src/runtime/readings-source.js';

/** The app's own dialogs (panes open theirs themselves). */
export type Modal = 'help' | 'palette' | 'bottlenecks';

/** Fast-changing UI state: which pane, which dialog, paused or not, the selected host. */
export interface UiState {
  pane: string;
  modal: Modal | null;
  paused: boolean;
  /** The host the host panes (overview, trends, processes) show. */
  hostName: string;
  /** A one-line message shown in the footer for a few seconds. */
  flash: string | null;
  /** The past moment every pane shows, from history (ms since 1970); null: live. */
  replayAt: number | null;
}

/** Stable callbacks (their identity never changes), so a dialog does not re-render on a tick. */
export interface UiActions {
  gotoPane(id: string): void;
  openModal(modal: Modal): void;
  closeModal(): void;
  togglePause(): void;
  flash(message: string): void;
  selectHost(name: string): void;
  /** Shows a past moment from history (a moment not before now goes live). */
  showMoment(at: number): void;
  /** Moves the time cursor by `ms` (negative: back in time). */
  stepTime(ms: number): void;
  /** Back to live from a replayed moment. */
  goLive(): void;
  quit(): void;
}

/** What does not change while perfmon runs. */
export interface AppConfig {
  thresholds: Thresholds;
  intervalMs: number;
  readOnly: boolean;
  /** The inventory's environment label ("production"), shown in the header; null locally. */
  environment: string | null;
  /** The inventory's view of the hosts (labels, components) in fleet mode; null locally. */
  fleet: FleetInfo | null;
  /** The emergency procedures' desk, with an inventory that has components; absent otherwise. */
  emergency?: EmergencyDesk | null;
  /** The JVM captures' desk, in fleet mode; absent otherwise. */
  dumps?: DumpsDesk | null;
  /** The logs desk (follows a component's log on its hosts), in fleet mode; absent otherwise. */
  logs?: LogsDesk | null;
  /** The session's audit log, which the Audit pane reads (fleet mode). */
  auditPath?: string;
  /** The history store replay reads (default: the state dir's history/). */
  historyDir?: string;
  /** Where the live readings come from (a recorder's relay, or collected here); absent locally. */
  source?: SourceWatch;
  /** The inventory's components as the bottleneck analysis needs them (dependsOn, queue limits, profiles). */
  components?: readonly ComponentTopology[];
}

export interface PaneProps {
  width: number;
  height: number;
}

export const UiStateContext = createContext<UiState | null>(null);
export const UiActionsContext = createContext<UiActions | null>(null);
export const AppConfigContext = createContext<AppConfig | null>(null);

function required<T>(value: T | null, name: string): T {
  if (value === null) throw new Error(`${name} is missing: render inside <App>`);
  return value;
}

export const useUiState = () => required(useContext(UiStateContext), 'UiStateContext');
export const useUiActions = () => required(useContext(UiActionsContext), 'UiActionsContext');
export const useAppConfig = () => required(useContext(AppConfigContext), 'AppConfigContext');
