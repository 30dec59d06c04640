import chalk from 'chalk';
import type { HostState } from '../../src/model/store.js';
import { formatByteRate, formatDuration, formatPercent } from '../../src/format/units.js';
import { padStart } from '../../src/format/text.js';
import { lineChart, type ChartSeries } from '../components/chart.js';
import { style } from '../theme.js';
import type { SeriesName } from '../../src/model/series.js';
import { peakOf, type GroupTrend } from '../../src/history/trend-query.js';
import { bandChart } from './band-chart.js';

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

/** The axis labels' width: as wide as the widest value the scale will print, so none is cut. */
function labelWidth(spec: TrendSpec, values: readonly number[]): number {
  const peak = spec.percent ? 100 : Math.max(0, ...values.filter(Number.isFinite));
  return Math.max(4, ...[0, 0.25, 0.5, 0.75, 1].map((f) => spec.format(peak * f).length));
}

/**
 * Title line with the span shown and now/min/max of it, then the chart itself. `intervalMs`:
 * the time between samples, for the span; `zoomed`: the chart is shown alone (Esc returns).
 */
export function trendLines(spec: TrendSpec, host: HostState, width: number, height: number, selected: boolean, intervalMs = 1000, zoomed = false): string[] {
  const colour = chalk.level > 0;
  const plotted: { label: string; values: number[]; color: ChartSeries['color'] }[] = colour
    ? spec.series.map((s) => ({ label: s.label, values: host.series[s.name].tail(width), color: s.color }))
    : [{ label: spec.series.map((s) => s.label).join('+'), values: sum(spec.series.map((s) => host.series[s.name].tail(width))), color: 'green' }];
  const labels = labelWidth(spec, plotted.flatMap((p) => p.values));
  const capacity = width - labels - 2;
  const samples = Math.min(capacity, Math.max(0, ...plotted.map((p) => p.values.length)));
  const span = samples > 1 ? `last ${formatDuration(((samples - 1) * intervalMs) / 1000)}` : '';
  const stats = plotted
    .map((p) => {
      // Gaps (NaN: the host was down) are not figures; "now" is the newest figure there is.
      const shown = p.values.slice(-capacity).filter(Number.isFinite);
      const name = colour && plotted.length > 1 ? chalk[p.color](p.label) : p.label;
      const min = shown.length > 0 ? Math.min(...shown) : 0;
      return `${name} now ${spec.format(shown.at(-1) ?? 0)} min ${spec.format(min)} max ${spec.format(Math.max(0, ...shown))}`;
    })
    .join('   ');
  const marker = selected ? style.key('▶ ') : '  ';
  const title = `${marker}${style.title(spec.title)}${span ? style.dim(`  ${span}`) : ''}  ${stats}${zoomed ? style.dim('   Esc back') : ''}`;
  const chart = lineChart({
    series: plotted.map((p) => ({ values: p.values, color: p.color })),
    width,
    height: height - 1,
    format: (v) => padStart(spec.format(v), labels),
    ...(spec.percent ? { min: 0, max: 100 } : {}),
  });
  return [title, ...chart];
}

/** Sums sample by sample, aligned at the newest; a gap in any series is a gap in the sum. */
function sum(series: number[][]): number[] {
  const length = Math.max(0, ...series.map((s) => s.length));
  return Array.from({ length }, (_, i) => series.reduce((acc, s) => acc + (s[s.length - length + i] ?? 0), 0));
}

/** What a history chart says beside its title: the range, the scope, the tier read, the overlay. */
export interface HistoryChartContext {
  range: string;
  scope: string;
  tier: string;
  /** `a day earlier`, `a week earlier`, or null. */
  overlay: string | null;
  /** A group (component, fleet): ● is the mean of the hosts, ▴ the worst host. */
  group: boolean;
}

/** A column's time for the axis and the peak: the clock within a day, the date beyond. */
export function columnTime(t: number, rangeMs: number): string {
  const d = new Date(t);
  const pad = (n: number) => String(n).padStart(2, '0');
  const clock = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return rangeMs <= 86_400_000 ? clock : `${pad(d.getMonth() + 1)}-${pad(d.getDate())}${rangeMs <= 7 * 86_400_000 ? ` ${clock}` : ''}`;
}

/**
 * A chart of a range from history (see band-chart.ts): the title says the range, what is shown,
 * each series' mean and its peak with the peak's time; the chart draws every bucket's band.
 */
export function historyTrendLines(spec: TrendSpec, data: Readonly<Record<string, GroupTrend>>, overlay: Readonly<Record<string, number[]>> | null, rangeMs: number, context: HistoryChartContext, width: number, height: number, selected: boolean, zoomed = false): string[] {
  const [first, second] = spec.series.map((s) => ({ ...s, trend: data[s.name] }));
  if (!first?.trend) return [];
  const figures = spec.series
    .map((s) => {
      const trend = data[s.name];
      const peak = trend ? peakOf(trend.columns) : null;
      const means = (trend?.columns ?? []).map((c) => c.mean).filter(Number.isFinite);
      const mean = means.length > 0 ? means.reduce((a, v) => a + v, 0) / means.length : Number.NaN;
      const name = spec.series.length > 1 ? `${s.label} ` : '';
      if (peak === null) return `${name}nothing recorded`;
      return `${name}mean ${spec.format(mean)} peak ${spec.format(peak.max)} at ${columnTime(peak.t, rangeMs)}`;
    })
    .join('   ');
  const marker = selected ? style.key('▶ ') : '  ';
  const what = [context.range, context.scope, ...(context.group ? ['● mean ▴ worst'] : []), ...(context.overlay ? [`${context.overlay} ·`] : [])].join(' · ');
  const title = `${marker}${style.title(spec.title)}${style.dim(`  ${what}`)}  ${figures}${zoomed ? style.dim('   Esc back') : ''}`;
  const chart = bandChart({
    columns: first.trend.columns,
    worst: context.group ? first.trend.worst : undefined,
    second: second ? data[second.name]?.columns.map((c) => c.mean) : undefined,
    secondColor: second?.color ?? 'magenta',
    overlay: overlay?.[first.name],
    color: first.color,
    width,
    height: height - 1,
    format: spec.format,
    ...(spec.percent ? { max: 100 } : {}),
    time: (t) => columnTime(t, rangeMs),
    span: context.range,
  });
  return [title, ...chart];
}
