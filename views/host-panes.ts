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
 * Every pane's number (its digit key; 0 is 10), the same whether perfmon watches this machine
 * or a fleet, and whatever panes a session leaves out: an operator's fingers learn them once.
 */
const PANE_NUMBERS: Readonly<Record<string, number>> = {
  fleet: 1,
  overview: 2,
  trends: 3,
  processes: 4,
  application: 5,
  queues: 6,
  database: 7,
  slo: 8,
  emergency: 9,
  dumps: 10,
  // Past the digits: Tab, Shift-Tab and the palette reach them.
  audit: 11,
  logs: 12,
  load: 13,
};

/** The pane's number; a pane not in the list takes its place in `panes`. */
export function paneNumber(id: string, panes: readonly PaneDef[] = []): number {
  return PANE_NUMBERS[id] ?? panes.findIndex((p) => p.id === id) + 1;
}

/** The digit that opens a pane (0 for 10). */
export function paneDigit(id: string, panes: readonly PaneDef[] = []): string {
  return String(paneNumber(id, panes) % 10);
}

/**
 * The panes about one host (this machine, or the host chosen in the fleet). Their own module:
 * watching this machine loads none of the fleet's panes (start-up time).
 */
export const HOST_PANES: readonly PaneDef[] = [
  { id: 'overview', title: 'Overview', short: 'Ovw', Component: OverviewPane, replays: true },
  { id: 'trends', title: 'Trends', short: 'Trd', Component: TrendsPane, replayStepMs: 60_000, replays: true },
  { id: 'processes', title: 'Processes', short: 'Proc', Component: ProcessesPane, replays: true },
];
