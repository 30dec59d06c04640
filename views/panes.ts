import type { AppConfig } from './app-context.js';
import { AuditPane } from './audit/audit-pane.js';
import { LogsPane } from './logs/logs-pane.js';
import { ApplicationPane } from './application/application-pane.js';
import { DatabasePane } from './database/database-pane.js';
import { DumpsPane } from './dumps/dumps-pane.js';
import { EmergencyPane } from './emergency/emergency-pane.js';
import { FleetPane } from './fleet/fleet-pane.js';
import { LoadPane } from './load/load-pane.js';
import { QueuesPane } from './queues/queues-pane.js';
import { SloPane } from './slo/slo-pane.js';

import { HOST_PANES, type PaneDef } from './host-panes.js';

export { HOST_PANES, type PaneDef };

/** What the components do (each says so plainly when no component declares what it shows). */
export const PLATFORM_PANES: readonly PaneDef[] = [
  { id: 'application', title: 'Application', short: 'App', Component: ApplicationPane },
  { id: 'queues', title: 'Queues', short: 'Que', Component: QueuesPane },
  { id: 'database', title: 'Database', short: 'DB', Component: DatabasePane },
  { id: 'slo', title: 'SLO', short: 'SLO', Component: SloPane },
];

/** The fleet's panes: every host first, the host panes for the host chosen there, then the platform's. */
export const FLEET_PANES: readonly PaneDef[] = [
  { id: 'fleet', title: 'Fleet', short: 'Flt', Component: FleetPane, replays: true },
  ...HOST_PANES,
  ...PLATFORM_PANES,
  { id: 'emergency', title: 'Emergency', short: 'Emer', Component: EmergencyPane },
  { id: 'dumps', title: 'Dumps', short: 'Dmp', Component: DumpsPane },
  { id: 'audit', title: 'Audit', short: 'Aud', Component: AuditPane, replays: true },
  { id: 'logs', title: 'Logs', short: 'Log', Component: LogsPane },
  { id: 'load', title: 'Load', short: 'Load', Component: LoadPane },
];

/** The fleet's panes of this session: Emergency only with an inventory that has components. */
export function fleetPanesFor(config: Pick<AppConfig, 'emergency'>): readonly PaneDef[] {
  return config.emergency ? FLEET_PANES : FLEET_PANES.filter((p) => p.id !== 'emergency');
}
