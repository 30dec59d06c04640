import type { CommandSpec } from '../keys/commands.js';

export const DATABASE_COMMANDS: readonly CommandSpec[] = [
  { id: 'pane.database.next', keys: ['n'], description: 'Next database server (component and host)', label: 'next db', scope: 'pane:database' },
  { id: 'pane.database.previous', keys: ['N'], description: 'Previous database server', scope: 'pane:database' },
  { id: 'pane.database.statements', keys: ['t'], description: 'Top statements by total time, or by mean time', label: 'by total/mean', scope: 'pane:database' },
];
