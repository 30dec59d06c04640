import chalk from 'chalk';
import type { HostState } from '../../src/model/store.js';
import { formatByteRate, formatPercent } from '../../src/format/units.js';
import { padStart, truncate } from '../../src/format/text.js';
import { lineChart, type ChartSeries } from '../components/chart.js';
import { style } from '../theme.js';
import type { SeriesName } from '../../src/model/series.js';

export interface TrendSpec {
  id: string;
  title: string;
  /** One or two series; with colour off, two are summed (lines of one colour can't be told apart). */
  series: { name: SeriesName; label: string; color: ChartSeries['color'] }[];
  format: (value: number) => string;
  percent: boolean;
}

export const TRENDS: readonly TrendSpec[] = [
  { id: 'cpu', title: 'CPU', series: [{ name: 'cpu', label: 'busy', color: 'green' }], format: formatPercent, percent: true },
  { id: 'memory', title: 'Memory', series: [{ name: 'memory', label: 'used', color: 'cyan' }], format: formatPercent, percent: true },
  {
    id: 'disk',
    title: 'Disk',
    series: [
      { name: 'diskRead', label: 'read', color: 'green' },
      { name: 'diskWrite', label: 'write', color: 'magenta' },
    ],
    format: formatByteRate,
    percent: false,
  },
  {
    id: 'network',
    title: 'Network',
    series: [
      { name: 'netRx', label: 'rx', color: 'green' },
      { name: 'netTx', label: 'tx', color: 'magenta' },
    ],
    format: formatByteRate,
    percent: false,
  },
];

const LABEL_WIDTH = 7;

/** Title line with now/min/max of what the chart shows, then the chart itself. */
export function trendLines(spec: TrendSpec, host: HostState, width: number, height: number, selected: boolean): string[] {
  const colour = chalk.level > 0;
  const plotted: { label: string; values: number[]; color: ChartSeries['color'] }[] = colour
    ? spec.series.map((s) => ({ label: s.label, values: host.series[s.name].tail(width), color: s.color }))
    : [{ label: spec.series.map((s) => s.label).join('+'), values: sum(spec.series.map((s) => host.series[s.name].tail(width))), color: 'green' }];
  const stats = plotted
    .map((p) => {
      // Gaps (NaN: the host was down) are not figures; "now" is the newest figure there is.
      const shown = p.values.slice(-(width - LABEL_WIDTH - 2)).filter(Number.isFinite);
      const name = colour && plotted.length > 1 ? chalk[p.color](p.label) : p.label;
      const min = shown.length > 0 ? Math.min(...shown) : 0;
      return `${name} now ${spec.format(shown.at(-1) ?? 0)} min ${spec.format(min)} max ${spec.format(Math.max(0, ...shown))}`;
    })
    .join('   ');
  const marker = selected ? style.key('▶ ') : '  ';
  const title = `${marker}${style.title(spec.title)}  ${stats}`;
  const chart = lineChart({
    series: plotted.map((p) => ({ values: p.values, color: p.color })),
    width,
    height: height - 1,
    format: (v) => padStart(truncate(spec.format(v), LABEL_WIDTH), LABEL_WIDTH),
    ...(spec.percent ? { min: 0, max: 100 } : {}),
  });
  return [title, ...chart];
}

/** Sums sample by sample, aligned at the newest; a gap in any series is a gap in the sum. */
function sum(series: number[][]): number[] {
  const length = Math.max(0, ...series.map((s) => s.length));
  return Array.from({ length }, (_, i) => series.reduce((acc, s) => acc + (s[s.length - length + i] ?? 0), 0));
}
