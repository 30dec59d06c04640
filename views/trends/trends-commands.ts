import type { CommandSpec } from '../keys/commands.js';

export const TRENDS_COMMANDS: readonly CommandSpec[] = [
  { id: 'pane.trends.zoom', keys: ['enter'], description: 'Show the selected chart alone, full size (Esc returns)', label: 'zoom', scope: 'pane:trends' },
  { id: 'pane.trends.unzoom', keys: ['esc'], description: 'Back to all charts', scope: 'pane:trends', palette: false },
  { id: 'pane.trends.longer', keys: ['+', '='], description: 'A longer range from history: live · 10m · 1h · 24h · 7d · 30d (each column a bucket: min–max band and mean)', label: 'range', scope: 'pane:trends' },
  { id: 'pane.trends.shorter', keys: ['-'], description: 'A shorter range (back to the live minutes after 10m)', scope: 'pane:trends' },
  { id: 'pane.trends.overlay', keys: ['o'], description: 'Overlay the same window a day earlier, then a week earlier, then none', label: 'overlay', scope: 'pane:trends' },
  { id: 'pane.trends.scope', keys: ['f'], description: "What the history charts show: this host, its component's hosts, the whole fleet (mean ●, worst ▴)", label: 'scope', scope: 'pane:trends' },
];
