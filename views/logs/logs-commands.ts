import type { CommandSpec } from '../keys/commands.js';

export const LOGS_COMMANDS: readonly CommandSpec[] = [
  { id: 'pane.logs.next', keys: ['n'], description: 'Follow the next component’s log', label: 'next component', scope: 'pane:logs' },
  { id: 'pane.logs.previous', keys: ['N'], description: 'Follow the previous component’s log', scope: 'pane:logs' },
  { id: 'pane.logs.reconnect', keys: ['r'], description: 'Follow the log again on every host (after a host came back)', label: 'reconnect', scope: 'pane:logs' },
];
