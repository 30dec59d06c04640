import type { CommandSpec } from '../keys/commands.js';

export const OVERVIEW_COMMANDS: readonly CommandSpec[] = [
  { id: 'pane.overview.cores', keys: ['c'], description: 'Per-core rows with user/system/iowait/steal, or a compact grid', label: 'cores', scope: 'pane:overview' },
];
