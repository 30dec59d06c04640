/**
 * The Application pane's rows (one per component with metrics endpoints), its columns, and
 * the per-host detail of one component. Pure.
 */
import { naturalCompare } from '../../src/format/text.js';
import { sortMarker } from '../components/sort-mark.js';
import type { AppMetricValue, EndpointStatus } from '../../src/model/app-reading.js';
import type { Level } from '../../src/analysis/thresholds.js';
import type { ApplicationReading } from '../../src/model/platform-readings.js';
import { formatBytes } from '../../src/format/units.js';
import type { Column } from '../components/table.js';
import { levelCell, style } from '../theme.js';
import { formatValue, keyMetrics, metricSummary, quantile, type KeyMetrics } from './key-metrics.js';
import { sloStatusCell } from '../slo/slo-rows.js';
import { BLANK } from '../components/list-detail.js';

export interface ApplicationRow {
  id: string;
  reading: ApplicationReading;
  key: KeyMetrics;
  endpoints: EndpointStatus[];
  /** The worst SLO alert: page, ticket, ok, or null without SLOs. */
  slo: 'page' | 'ticket' | 'ok' | 'no-data' | null;
  level: Level;
}

export const APPLICATION_SORT_KEYS = ['worst', 'name', 'throughput', 'latency', 'errors'] as const;
export type ApplicationSortKey = (typeof APPLICATION_SORT_KEYS)[number];

/** Error rate (%) at which a component is marked: a percent of failed requests is already a lot. */
const ERROR_LEVELS = { warning: 1, critical: 5 };

function errorLevel(percent: number | null | undefined): Level {
  if (percent === null || percent === undefined) return 'ok';
  return percent >= ERROR_LEVELS.critical ? 'critical' : percent >= ERROR_LEVELS.warning ? 'warning' : 'ok';
}

function endpointLevel(endpoints: readonly EndpointStatus[]): Level {
  const failed = endpoints.filter((e) => !e.ok).length;
  return failed === 0 ? 'ok' : failed === endpoints.length ? 'critical' : 'warning';
}

const SLO_RANK = { page: 3, ticket: 2, 'no-data': 1, ok: 0 } as const;

/** Components with metrics endpoints (those with SLOs only are on the SLO pane). */
export function applicationRows(readings: readonly ApplicationReading[]): ApplicationRow[] {
  return readings
    .filter((r) => r.error !== null || (r.detail?.endpoints.length ?? 0) > 0)
    .map((reading) => {
      const key = keyMetrics(reading.report?.appMetrics ?? {});
      const endpoints = reading.detail?.endpoints ?? [];
      const slos = reading.report?.slos ?? [];
      const slo = slos.length === 0 ? null : slos.map((s) => s.status).reduce((a, b) => (SLO_RANK[b] > SLO_RANK[a] ? b : a));
      const levels: Level[] = [errorLevel(key.errors?.value), endpointLevel(endpoints), slo === 'page' ? 'critical' : slo === 'ticket' ? 'warning' : 'ok'];
      if (reading.error !== null) levels.push('critical');
      const level = levels.includes('critical') ? 'critical' : levels.includes('warning') ? 'warning' : 'ok';
      return { id: reading.component, reading, key, endpoints, slo, level };
    });
}

const RANK: Record<Level, number> = { critical: 2, warning: 1, ok: 0 };
const COMPARE: Record<ApplicationSortKey, (a: ApplicationRow, b: ApplicationRow) => number> = {
  worst: (a, b) => RANK[b.level] - RANK[a.level],
  name: () => 0,
  throughput: (a, b) => (b.key.throughput?.value ?? -1) - (a.key.throughput?.value ?? -1),
  latency: (a, b) => (quantile(b.key.latency, 0.99) ?? -1) - (quantile(a.key.latency, 0.99) ?? -1),
  errors: (a, b) => (b.key.errors?.value ?? -1) - (a.key.errors?.value ?? -1),
};

export function sortApplicationRows(rows: readonly ApplicationRow[], sort: ApplicationSortKey, reverse: boolean, filter: string): ApplicationRow[] {
  const needle = filter.trim().toLowerCase();
  const kept = needle ? rows.filter((r) => `${r.reading.component} ${r.reading.role}`.toLowerCase().includes(needle)) : [...rows];
  const sorted = kept.sort((a, b) => COMPARE[sort](a, b) || naturalCompare(a.id, b.id));
  return reverse ? sorted.reverse() : sorted;
}

const SYMBOL: Record<Level, { text: string; paint: (t: string) => string }> = {
  ok: { text: '●', paint: style.good },
  warning: { text: '▲', paint: style.warn },
  critical: { text: '✖', paint: style.bad },
};

export function applicationColumns(sort: ApplicationSortKey, reverse: boolean): Column<ApplicationRow>[] {
  const mark = sortMarker<ApplicationSortKey>(sort, reverse, ['name']);
  const latency = (q: number) => (r: ApplicationRow) => formatValue(quantile(r.key.latency, q), r.key.latency?.unit);
  return [
    { header: '', width: 1, priority: 10, cell: (r) => SYMBOL[r.level] },
    { header: mark('name', 'COMPONENT'), width: 14, priority: 10, cell: (r) => r.reading.component },
    { header: 'ROLE', width: 12, priority: 2, cell: (r) => r.reading.role },
    {
      header: mark('throughput', 'THROUGHPUT'),
      width: 14,
      align: 'right',
      priority: 9,
      cell: (r) => (r.key.throughput ? `${formatValue(r.key.throughput.value, '')} ${r.key.throughputLabel}` : '—'),
    },
    { header: 'P50', width: 7, align: 'right', priority: 6, cell: latency(0.5) },
    { header: 'P90', width: 7, align: 'right', priority: 5, cell: latency(0.9) },
    { header: mark('latency', 'P99'), width: 7, align: 'right', priority: 9, cell: latency(0.99) },
    {
      header: mark('errors', 'ERRORS'),
      width: 7,
      align: 'right',
      priority: 8,
      cell: (r) => levelCell(formatValue(r.key.errors?.value ?? null, r.key.errors?.unit ?? '%'), errorLevel(r.key.errors?.value)),
    },
    {
      header: 'SLO',
      width: 7,
      priority: 7,
      cell: (r) => (r.slo === null ? '—' : sloStatusCell(r.slo)),
    },
    {
      header: 'ENDPOINTS',
      width: 9,
      priority: 8,
      cell: (r) => levelCell(`${r.endpoints.filter((e) => e.ok).length}/${r.endpoints.length} up`, endpointLevel(r.endpoints)),
    },
    { header: 'OTHER METRICS', width: 16, flex: true, priority: 3, cell: (r) => r.key.others.map((m) => `${short(m.key)} ${metricSummary(m)}`).join(' · ') },
  ];
}

/** "validationLatency" → "validation": the other metrics' names, short. */
function short(key: string): string {
  return key.replace(/(Latency|PerSec)$/, '') || key;
}

/** One line per metric and quantile: name, all hosts together, then each host. */
function metricLines(all: readonly AppMetricValue[], byHost: readonly { host: string; metrics: Record<string, AppMetricValue> }[]): string[][] {
  return all.flatMap((m) => {
    const cell = (metric: AppMetricValue | undefined, q?: number) => (q === undefined ? formatValue(metric?.value ?? null, metric?.unit) : formatValue(quantile(metric, q), metric?.unit));
    const rows = m.quantiles?.length ? m.quantiles.map((x) => ({ label: `${m.key} p${Math.round(x.q * 1000) / 10}`, q: x.q })) : [{ label: m.key, q: undefined }];
    return rows.map(({ label, q }) => [label, cell(m, q), ...byHost.map((h) => cell(h.metrics[m.key], q))]);
  });
}

/** The detail of one component: each endpoint's last scrape per host, then every metric per host. */
export function applicationDetailLines(row: ApplicationRow, width: number): string[] {
  const { reading } = row;
  const hosts = reading.detail?.hosts ?? [];
  const lines = [style.title(`${reading.component}  ${reading.role}  ${hosts.length} host${hosts.length === 1 ? '' : 's'}`)];
  if (reading.error) lines.push(style.bad(`✖ ${reading.error}`));
  lines.push(style.bold('ENDPOINTS'));
  for (const e of row.endpoints) {
    const facts = e.ok ? `${e.durationMs ?? '?'}ms  ${formatBytes(e.bytes ?? 0)}${e.parseErrors ? `  ${e.parseErrors} lines unreadable` : ''}` : (e.error ?? 'failed');
    lines.push((e.ok ? style.good('● ') : style.bad('✖ ')) + `${e.host}  ${e.endpoint}  ${facts}`);
  }
  const metrics = Object.values(reading.report?.appMetrics ?? {});
  const absent = metrics.filter((m) => m.series === 0).map((m) => m.key);
  const table = [['METRIC', 'ALL', ...hosts.map((h) => h.host)], ...metricLines(metrics.filter((m) => m.series > 0), hosts)];
  const nameWidth = Math.min(28, Math.max(...table.map((r) => r[0]!.length)));
  const valueWidth = 10;
  const fit = Math.max(1, Math.floor((width - nameWidth) / (valueWidth + 1)));
  lines.push(BLANK);
  table.forEach((cells, i) => {
    const text = [cells[0]!.slice(0, nameWidth).padEnd(nameWidth), ...cells.slice(1, fit + 1).map((c) => c.slice(0, valueWidth).padStart(valueWidth))].join(' ');
    lines.push(i === 0 ? style.bold(text) : text);
  });
  if (hosts.length + 1 > fit) lines.push(style.dim(`${hosts.length + 1 - fit} host column(s) do not fit in ${width} columns`));
  if (absent.length) lines.push(style.dim(`not exposed by the endpoints: ${absent.join(', ')}`));
  return lines;
}
