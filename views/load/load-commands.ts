import type { CommandSpec } from '../keys/commands.js';

const pane = 'pane:load' as const;

/**
 * The Load pane's keys. Running a test loads hosts: dangerous (hidden by --read-only, refused
 * in replay, confirmed by name). Stopping one only lessens what they bear: not dangerous.
 */
export const LOAD_COMMANDS: readonly CommandSpec[] = [
  {
    id: 'pane.load.run',
    keys: ['r'],
    description: 'Run a load test: the scenario file’s path typed, its preview (targets, peak, duration, mix) shown, the environment’s name typed to start it (as perfmon load, audited and stored)',
    label: 'run scenario',
    scope: pane,
    dangerous: true,
  },
  { id: 'pane.load.stop', keys: ['a'], description: 'Stop the load test shown, as Ctrl-C would: no more requests, every connection closed, the run stored', label: 'stop test', scope: pane },
];
