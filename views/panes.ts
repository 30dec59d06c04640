import type { ComponentType } from 'react';
import type { AppConfig, PaneProps } from './app-context.js';
import { ApplicationPane } from './application/application-pane.js';
import { DatabasePane } from './database/database-pane.js';
import { DumpsPane } from './dumps/dumps-pane.js';
import { EmergencyPane } from './emergency/emergency-pane.js';
import { FleetPane } from './fleet/fleet-pane.js';
import { OverviewPane } from './overview/overview-pane.js';
import { ProcessesPane } from './processes/processes-pane.js';
import { QueuesPane } from './queues/queues-pane.js';
import { SloPane } from './slo/slo-pane.js';
import { TrendsPane } from './trends/trends-pane.js';

export interface PaneDef {
  id: string;
  title: string;
  /** For the tab bar when the full titles don't fit. */
  short: string;
  Component: ComponentType<PaneProps>;
}

/** The panes about one host (this machine, or the host chosen in the fleet). */
export const HOST_PANES: readonly PaneDef[] = [
  { id: 'overview', title: 'Overview', short: 'Ovw', Component: OverviewPane },
  { id: 'trends', title: 'Trends', short: 'Trd', Component: TrendsPane },
  { id: 'processes', title: 'Processes', short: 'Proc', Component: ProcessesPane },
];

/** What the components do (each says so plainly when no component declares what it shows). */
export const PLATFORM_PANES: readonly PaneDef[] = [
  { id: 'application', title: 'Application', short: 'App', Component: ApplicationPane },
  { id: 'queues', title: 'Queues', short: 'Que', Component: QueuesPane },
  { id: 'database', title: 'Database', short: 'DB', Component: DatabasePane },
  { id: 'slo', title: 'SLO', short: 'SLO', Component: SloPane },
];

/** The fleet's panes: every host first, the host panes for the host chosen there, then the platform's. */
export const FLEET_PANES: readonly PaneDef[] = [
  { id: 'fleet', title: 'Fleet', short: 'Flt', Component: FleetPane },
  ...HOST_PANES,
  ...PLATFORM_PANES,
  { id: 'emergency', title: 'Emergency', short: 'Emer', Component: EmergencyPane },
  { id: 'dumps', title: 'Dumps', short: 'Dmp', Component: DumpsPane },
];

/** The fleet's panes of this session: Emergency only with an inventory that has components. */
export function fleetPanesFor(config: Pick<AppConfig, 'emergency'>): readonly PaneDef[] {
  return config.emergency ? FLEET_PANES : FLEET_PANES.filter((p) => p.id !== 'emergency');
}
