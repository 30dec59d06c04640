/** `perfmon compare [METRIC] [--host H] [--label k=v] --from --to --baseline -1d|-7d|TIME [--top N] [--json]`. */
import { HistoryReader } from '../../history/history-reader.js';
import { columnTable } from '../../format/text.js';
import { baselineStart, comparePeriods, type PeriodComparison, type SeriesComparison } from './compare-periods.js';
import { figure, labelsOf, seriesLabel, signedPercent, windowOf } from './correlate-command.js';

export interface CompareCommandOptions {
  store: string;
  metric?: string | undefined;
  host?: string | undefined;
  label: readonly string[];
  from: string;
  to: string;
  baseline: string;
  top: number;
  json: boolean;
  componentsOf?: (host: string) => readonly string[];
  now?: number;
}

export async function runCompare(options: CompareCommandOptions, out: NodeJS.WritableStream): Promise<PeriodComparison> {
  const now = options.now ?? Date.now();
  const { from, to } = windowOf(options.from, options.to, now);
  const reader = await HistoryReader.open(options.store);
  let result: PeriodComparison;
  try {
    result = comparePeriods(reader, {
      from,
      to,
      baselineFrom: baselineStart(options.baseline, from, now),
      labels: labelsOf(options.host, options.label),
      ...(options.metric === undefined ? {} : { name: options.metric }),
      ...(options.componentsOf ? { componentsOf: options.componentsOf } : {}),
    });
  } finally {
    reader.close();
  }
  const shown = { ...result, series: result.series.slice(0, options.top) };
  out.write(options.json ? `${JSON.stringify({ store: options.store, ...shown }, null, 2)}\n` : formatComparison(shown));
  return result;
}

export const COMPARISON_HEADER = ['HOST', 'COMPONENT', 'SERIES', 'MEAN', 'BASELINE', 'CHANGE', 'P95', 'BASE P95', 'MAX', 'BASE MAX', 'P', ''];

export function comparisonRows(series: readonly SeriesComparison[]): string[][] {
  return series.map((s) => [
    s.host ?? '—',
    s.component ?? '—',
    seriesLabel(s),
    figure(s.current.mean),
    figure(s.baseline.mean),
    signedPercent(s.change),
    figure(s.current.p95),
    figure(s.baseline.p95),
    figure(s.current.max),
    figure(s.baseline.max),
    s.p === null ? '—' : s.p < 0.001 ? '<0.001' : s.p.toFixed(3),
    s.significant ? '*' : '',
  ]);
}

const iso = (t: number) => new Date(t).toISOString();

export function formatComparison(result: PeriodComparison): string {
  return [
    `${iso(result.from)} – ${iso(result.to)} against ${iso(result.baseline.from)} – ${iso(result.baseline.to)} (step ${result.step / 1000} s): ${result.compared} series; * = significant (Mann–Whitney p < 0.05 and the mean moved ≥ 5 %)`,
    columnTable(COMPARISON_HEADER, comparisonRows(result.series)).trimEnd(),
    '',
  ].join('\n');
}
