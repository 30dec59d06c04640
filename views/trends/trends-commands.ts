import type { CommandSpec } from '../keys/commands.js';

export const TRENDS_COMMANDS: readonly CommandSpec[] = [
  { id: 'pane.trends.zoom', keys: ['enter'], description: 'Show the selected chart alone, full size (Esc returns)', label: 'zoom', scope: 'pane:trends' },
  { id: 'pane.trends.unzoom', keys: ['esc'], description: 'Back to all charts', scope: 'pane:trends', palette: false },
];
