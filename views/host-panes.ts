import type { ComponentType } from 'react';
import type { PaneProps } from './app-context.js';
import { OverviewPane } from './overview/overview-pane.js';
import { ProcessesPane } from './processes/processes-pane.js';
import { TrendsPane } from './trends/trends-pane.js';

export interface PaneDef {
  id: string;
  title: string;
  /** For the tab bar when the full titles don't fit. */
  short: string;
  Component: ComponentType<PaneProps>;
  /** How far `[` / `]` move the time cursor on this pane (default 10 s). */
  replayStepMs?: number;
  /** Shows a past moment from history (its readings are recorded); others say they cannot. */
  replays?: boolean;
}

export const DEFAULT_REPLAY_STEP_MS = 10_000;

/**
 * The panes about one host (this machine, or the host chosen in the fleet). Their own module:
 * watching this machine loads none of the fleet's panes (start-up time).
 */
export const HOST_PANES: readonly PaneDef[] = [
  { id: 'overview', title: 'Overview', short: 'Ovw', Component: OverviewPane, replays: true },
  { id: 'trends', title: 'Trends', short: 'Trd', Component: TrendsPane, replayStepMs: 60_000, replays: true },
  { id: 'processes', title: 'Processes', short: 'Proc', Component: ProcessesPane, replays: true },
];
