import type { CommandSpec } from '../keys/commands.js';

export const FLEET_COMMANDS: readonly CommandSpec[] = [
  { id: 'pane.fleet.group', keys: ['v'], description: 'Group hosts by component, role or label (cycles; back to none)', label: 'group', scope: 'pane:fleet' },
  { id: 'pane.fleet.worst', keys: ['w'], description: 'Back to worst-first order', scope: 'pane:fleet' },
];
