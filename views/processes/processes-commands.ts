import type { CommandSpec } from '../keys/commands.js';

export const PROCESSES_COMMANDS: readonly CommandSpec[] = [
  { id: 'pane.processes.byCpu', keys: ['c'], description: 'Sort processes by CPU', scope: 'pane:processes' },
  { id: 'pane.processes.byMemory', keys: ['m'], description: 'Sort processes by memory (RSS)', scope: 'pane:processes' },
];
