import type { CommandSpec } from '../keys/commands.js';

const pane = 'pane:alerts' as const;

/**
 * The Alerts pane's keys. Acks and silences change no host (they are notes for the other
 * operators and the Alertmanager), so they are not `dangerous`; they act on the present and are
 * refused while replaying, and each is written to the audit log.
 */
export const ALERTS_COMMANDS: readonly CommandSpec[] = [
  { id: 'pane.alerts.ack', keys: ['a'], description: 'Acknowledge the selected alert: a note is asked; it holds 8 h or until the alert resolves, stops repeat pages, audited', label: 'ack', scope: pane },
  { id: 'pane.alerts.silence', keys: ['s'], description: 'Silence alerts like the selected one (same rule, same host or component) for 1 h, audited', label: 'silence 1h', scope: pane },
  { id: 'pane.alerts.host', keys: ['o'], description: 'Open the selected alert’s host in Overview', label: 'open host', scope: pane },
  { id: 'pane.alerts.incidents', keys: ['i'], description: 'Incidents: the firing alerts grouped by component and time, with their timeline (i again: the alerts)', label: 'incidents', scope: pane },
];
