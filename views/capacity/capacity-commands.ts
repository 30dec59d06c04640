import type { CommandSpec } from '../keys/commands.js';

export const CAPACITY_COMMANDS: readonly CommandSpec[] = [
  { id: 'pane.capacity.whatIf', keys: ['w'], description: 'What-if: type METRIC=+N% (orders=+50%) for the predicted peak use, the first resource to cross its warning level and the hosts needed', label: 'what-if', scope: 'pane:capacity' },
  { id: 'pane.capacity.refresh', keys: ['r'], description: 'Forecast again from the history store now (it does every 30 s)', label: 'refresh', scope: 'pane:capacity' },
];
