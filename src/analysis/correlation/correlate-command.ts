/** `perfmon correlate METRIC [--host H] [--label k=v] --from --to [--top N] [--json]`: what moved with METRIC. */
import { HistoryReader, type StoredEvent } from '../../history/history-reader.js';
import { columnTable } from '../../format/text.js';
import { parseTime } from '../../model/parse-time.js';
import { correlateHistory, type CorrelationResult, type HostChange, type RankedSeries } from './correlate-history.js';

export interface CorrelateCommandOptions {
  store: string;
  metric: string;
  host?: string | undefined;
  label: readonly string[];
  from: string;
  to: string;
  top: number;
  json: boolean;
  componentsOf?: (host: string) => readonly string[];
  now?: number;
}

/** `k=v` flags as labels (with --host as host=…); throws naming the flag that is not one. */
export function labelsOf(host: string | undefined, pairs: readonly string[]): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq < 1) throw new Error(`--label ${JSON.stringify(pair)} is not k=v`);
    labels[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  if (host !== undefined) labels['host'] = host;
  return labels;
}

/** --from and --to as ms, checked. */
export function windowOf(fromText: string, toText: string, now: number): { from: number; to: number } {
  const from = parseTime(fromText, now);
  const to = parseTime(toText, now);
  if (!(to > from)) throw new Error(`--to (${new Date(to).toISOString()}) must be after --from (${new Date(from).toISOString()})`);
  return { from, to };
}

export async function runCorrelate(options: CorrelateCommandOptions, out: NodeJS.WritableStream): Promise<CorrelationResult> {
  const { from, to } = windowOf(options.from, options.to, options.now ?? Date.now());
  const reader = await HistoryReader.open(options.store);
  let result: CorrelationResult;
  try {
    result = correlateHistory(reader, {
      metric: { name: options.metric, labels: labelsOf(options.host, options.label) },
      from,
      to,
      ...(options.componentsOf ? { componentsOf: options.componentsOf } : {}),
    });
  } finally {
    reader.close();
  }
  const shown = { ...result, ranking: result.ranking.slice(0, options.top) };
  out.write(options.json ? `${JSON.stringify({ store: options.store, ...shown }, null, 2)}\n` : formatCorrelation(shown));
  return result;
}

const iso = (t: number) => new Date(t).toISOString();

/** A figure in 4 significant digits, without exponent noise for ordinary magnitudes. */
export function figure(v: number | null): string {
  if (v === null || !Number.isFinite(v)) return '—';
  if (v !== 0 && (Math.abs(v) >= 1e6 || Math.abs(v) < 1e-3)) return v.toExponential(2);
  return String(Number(v.toPrecision(4)));
}

export function signedPercent(ratio: number | null): string {
  if (ratio === null || !Number.isFinite(ratio)) return '—';
  return `${ratio >= 0 ? '+' : ''}${(ratio * 100).toFixed(ratio !== 0 && Math.abs(ratio) < 0.1 ? 1 : 0)}%`;
}

/** The series without host and component (they have their own columns). */
export function seriesLabel(r: { name: string; labels: Readonly<Record<string, string>> }): string {
  const rest = Object.entries(r.labels).filter(([k]) => k !== 'host' && k !== 'component');
  return rest.length === 0 ? r.name : `${r.name}{${rest.map(([k, v]) => `${k}=${v}`).join(',')}}`;
}

export function rankingRows(ranking: readonly RankedSeries[]): string[][] {
  return ranking.map((r, i) => [
    String(i + 1),
    r.host ?? '—',
    r.component ?? '—',
    seriesLabel(r),
    r.score.toFixed(3),
    r.change.ks.toFixed(2),
    signedPercent(r.change.relativeChange),
    r.correlation ? r.correlation.pearson.toFixed(2) : '—',
    r.correlation?.spearman == null ? '—' : r.correlation.spearman.toFixed(2),
    r.correlation ? `${r.correlation.lagSeconds > 0 ? '+' : ''}${r.correlation.lagSeconds}s` : '—',
  ]);
}

export const RANKING_HEADER = ['#', 'HOST', 'COMPONENT', 'SERIES', 'SCORE', 'KS', 'MEAN', 'PEARSON', 'SPEARMAN', 'LEAD'];

export function eventLine({ t, event: e }: StoredEvent): string {
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  const where = [text(e['component']), text(e['host'])].filter((x) => x !== '').join('/');
  return `${iso(t)}  ${text(e['event'])} ${text(e['action']) || text(e['what'])}${where ? ` ${where}` : ''}`.replace(/\s+$/, '');
}

export function hostChangeLine(c: HostChange): string {
  return `${iso(c.t)}  ${c.host} ${c.state}`;
}

export function formatCorrelation(result: CorrelationResult): string {
  const lines = [
    `what moved with ${result.metric} over ${iso(result.from)} – ${iso(result.to)}, against the ${Math.round((result.to - result.from) / 1000)} s before (step ${result.step / 1000} s, lead searched ±${result.maxLagSeconds} s): ${result.compared} series compared`,
    'SCORE = KS × max(|Pearson|, |Spearman|); MEAN: the change of the mean; LEAD +N s: the series moved N s before the chosen one',
    columnTable(RANKING_HEADER, rankingRows(result.ranking)).trimEnd(),
    '',
    result.events.length === 0 ? "perfmon's events in the window: none" : "perfmon's events in the window:",
    ...result.events.map((e) => `  ${eventLine(e)}`),
    result.hostChanges.length === 0 ? 'hosts down or back in the window: none' : 'hosts down or back in the window:',
    ...result.hostChanges.map((c) => `  ${hostChangeLine(c)}`),
  ];
  return `${lines.join('\n')}\n`;
}
