import type { CommandSpec } from '../keys/commands.js';

const pane = 'pane:load' as const;

/** The Load pane's keys. Stopping a load test only lessens what hosts bear: not dangerous. */
export const LOAD_COMMANDS: readonly CommandSpec[] = [
  { id: 'pane.load.stop', keys: ['a'], description: 'Stop the load test shown, as Ctrl-C would: no more requests, every connection closed, the run stored', label: 'stop test', scope: pane },
];
