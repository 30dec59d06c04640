/**
 * The SLO pane's rows (one per component and objective), columns and detail. Pure.
 */
import { sortMarker } from '../components/sort-mark.js';
import { naturalCompare } from '../../src/format/text.js';
import type { BurnAlertState } from '../../src/model/slo-reading.js';
import type { Level } from '../../src/analysis/thresholds.js';
import type { SloStatus } from '../../src/model/slo-reading.js';
import type { ApplicationReading } from '../../src/model/platform-readings.js';
import { formatCount, formatDuration } from '../../src/format/units.js';
import type { Column } from '../components/table.js';
import { levelCell, style } from '../theme.js';
import { formatValue } from '../application/key-metrics.js';
import { BLANK } from '../components/list-detail.js';

export interface SloRow {
  id: string;
  component: string;
  slo: SloStatus;
  /** The unit of the metric judged (ms for latency, /s, %). */
  unit: string | undefined;
}

export const SLO_SORT_KEYS = ['worst', 'name', 'budget'] as const;
export type SloSortKey = (typeof SLO_SORT_KEYS)[number];

export function sloRows(readings: readonly ApplicationReading[]): SloRow[] {
  return readings.flatMap((r) =>
    (r.report?.slos ?? []).map((slo) => ({ id: JSON.stringify([r.component, slo.name]), component: r.component, slo, unit: unitOf(r, slo) })),
  );
}

const DEFAULT_UNIT: Record<SloStatus['type'], string | undefined> = { availability: undefined, latency: 'ms', throughput: '/s', 'error-rate': '%' };

/**
 * The unit of the metric an SLO judges. The status does not name the metric: it is the one
 * whose value (or a quantile of it) is the value judged; else the role defaults' unit.
 */
function unitOf(reading: ApplicationReading, slo: SloStatus): string | undefined {
  const value = slo.current.value;
  if (slo.type === 'availability' || value === null) return DEFAULT_UNIT[slo.type];
  const judged = Object.values(reading.report?.appMetrics ?? {}).find((m) => m.value === value || m.quantiles?.some((q) => q.value === value));
  return judged?.unit ?? DEFAULT_UNIT[slo.type];
}

const STATUS_RANK = { page: 3, ticket: 2, 'no-data': 1, ok: 0 } as const;

const COMPARE: Record<SloSortKey, (a: SloRow, b: SloRow) => number> = {
  worst: (a, b) => STATUS_RANK[b.slo.status] - STATUS_RANK[a.slo.status] || (a.slo.errorBudget.remaining ?? 2) - (b.slo.errorBudget.remaining ?? 2),
  name: () => 0,
  budget: (a, b) => (a.slo.errorBudget.remaining ?? 2) - (b.slo.errorBudget.remaining ?? 2),
};

export function sortSloRows(rows: readonly SloRow[], sort: SloSortKey, reverse: boolean, filter: string): SloRow[] {
  const needle = filter.trim().toLowerCase();
  const kept = needle ? rows.filter((r) => [r.component, r.slo.name, r.slo.type, r.slo.status].some((s) => s.toLowerCase().includes(needle))) : [...rows];
  const sorted = kept.sort((a, b) => COMPARE[sort](a, b) || naturalCompare(a.component, b.component) || naturalCompare(a.slo.name, b.slo.name));
  return reverse ? sorted.reverse() : sorted;
}

/**
 * 0.99934 → "99.93%": an SLI to two decimals, the precision objectives are set at, rounded
 * down so that 99.996 % never reads as a perfect 100.00 %.
 */
export function ratioPercent(x: number | null): string {
  if (x === null || !Number.isFinite(x)) return '—';
  return `${(Math.floor(x * 10000) / 100).toFixed(2)}%`;
}

/** `1h/30d`: the covered part of the window (its largest unit: the detail has it in full), then the window. */
export function seenText(slo: SloStatus): string {
  const covered = Math.min(slo.coveredSeconds, slo.windowSeconds);
  const window = formatDuration(slo.windowSeconds);
  return covered >= slo.windowSeconds ? window : `${formatDuration(covered).split(' ')[0]}/${window}`;
}

/**
 * `seen 5s/30d` while any objective's window is not yet covered (the least covered one), so a
 * budget read after a minute is not taken for the month's; undefined once every window is.
 */
export function coverageNote(rows: readonly SloRow[]): string | undefined {
  const partial = rows.filter((r) => r.slo.coveredSeconds < r.slo.windowSeconds);
  if (partial.length === 0) return undefined;
  const least = partial.reduce((a, b) => (b.slo.coveredSeconds / b.slo.windowSeconds < a.slo.coveredSeconds / a.slo.windowSeconds ? b : a));
  return `seen ${seenText(least.slo)}`;
}

/** The error budget left: a share, or "spent" once it is gone (how far over is in the detail). */
export function budgetText(remaining: number | null): string {
  if (remaining === null) return '—';
  return remaining <= 0 ? 'spent' : ratioPercent(remaining);
}

/** The share of the budget spent: "70.00%", or "1k×" far past it. */
function spentText(consumed: number | null): string {
  if (consumed === null) return '—';
  return consumed > 10 ? `${formatCount(consumed)}×` : ratioPercent(consumed);
}

/** A burn rate: "0.8×", "14×", "1k×". */
export function burnText(x: number | null): string {
  if (x === null) return '—';
  if (!Number.isFinite(x)) return '∞';
  return `${x < 10 ? x.toFixed(1) : formatCount(x)}×`;
}

const STATUS_LEVEL: Record<SloStatus['status'], Level> = { page: 'critical', ticket: 'warning', ok: 'ok', 'no-data': 'ok' };
const STATUS_TEXT: Record<SloStatus['status'], string> = { page: 'PAGE', ticket: 'TICKET', ok: 'ok', 'no-data': 'no data' };

/** An SLO's alert state as a cell: ✖PAGE, ▲TICKET, ok, no data. */
export function sloStatusCell(status: SloStatus['status']) {
  return levelCell(STATUS_TEXT[status], STATUS_LEVEL[status]);
}

function budgetLevel(remaining: number | null): Level {
  if (remaining === null) return 'ok';
  return remaining <= 0 ? 'critical' : remaining < 0.25 ? 'warning' : 'ok';
}

function alertCell(alert: BurnAlertState | undefined) {
  if (!alert) return '—';
  return levelCell(`${burnText(alert.shortBurnRate)}/${burnText(alert.longBurnRate)}`, alert.firing ? STATUS_LEVEL[alert.severity] : 'ok');
}

/** The SLI of the latest sample, in the judged metric's unit (availability as a ratio). */
function nowText(row: SloRow): string {
  const { value } = row.slo.current;
  return row.slo.type === 'availability' ? ratioPercent(value) : formatValue(value, row.unit);
}

export function sloColumns(sort: SloSortKey, reverse: boolean): Column<SloRow>[] {
  const mark = sortMarker<SloSortKey>(sort, reverse, ['name']);
  const alert = (severity: 'page' | 'ticket') => (r: SloRow) => alertCell(r.slo.alerts.find((a) => a.severity === severity));
  return [
    { header: mark('worst', 'ALERT'), width: 7, priority: 10, cell: (r) => sloStatusCell(r.slo.status) },
    { header: 'COMPONENT', width: 10, priority: 9, cell: (r) => r.component },
    { header: mark('name', 'SLO'), width: 14, flex: true, maxWidth: 30, priority: 10, cell: (r) => r.slo.name },
    { header: 'TYPE', width: 12, priority: 3, cell: (r) => r.slo.type },
    {
      header: 'NOW',
      width: 9,
      align: 'right',
      priority: 8,
      cell: (r) => levelCell(nowText(r), r.slo.current.good === false ? 'warning' : 'ok'),
    },
    { header: 'SLI', width: 8, align: 'right', priority: 8, cell: (r) => ratioPercent(r.slo.sli) },
    { header: 'OBJ', width: 6, align: 'right', priority: 7, cell: (r) => `${r.slo.objective}%` },
    {
      header: mark('budget', 'BUDGET'),
      width: 8,
      align: 'right',
      priority: 9,
      cell: (r) => levelCell(budgetText(r.slo.errorBudget.remaining), budgetLevel(r.slo.errorBudget.remaining)),
    },
    // How much of the compliance window perfmon has seen: a budget read after one minute of a
    // 30-day window is a guess, and must not read as if half the month were gone.
    { header: 'SEEN', width: 7, align: 'right', priority: 6, cell: (r) => seenText(r.slo) },
    { header: 'PAGE BURN', width: 11, align: 'right', priority: 8, cell: alert('page') },
    { header: 'TICKET BURN', width: 11, align: 'right', priority: 5, cell: alert('ticket') },
  ];
}

/** One SLO in full: its windows, the budget, and each alert's windows, threshold and rates. */
export function sloDetailLines(row: SloRow): string[] {
  const { slo } = row;
  const lines = [
    style.title(`${row.component} / ${slo.name}  (${slo.type})`),
    ...(slo.description ? [slo.description] : []),
    `objective ${slo.objective}% over ${formatDuration(slo.windowSeconds)}; perfmon has seen ${formatDuration(slo.coveredSeconds)} of it`,
    `SLI ${ratioPercent(slo.sli)} over what it has seen; latest sample ${slo.current.good === null ? 'not judged (no events)' : slo.current.good ? 'good' : 'bad'}: ${nowText(row)}`,
    `error budget: ${+(slo.errorBudget.allowed * 100).toPrecision(6)}% of events may be bad; ${spentText(slo.errorBudget.consumed)} of it spent, ${(slo.errorBudget.remaining ?? 1) > 0 ? `${budgetText(slo.errorBudget.remaining)} left` : 'none left'}`,
    `status ${STATUS_TEXT[slo.status]}`,
    BLANK,
    style.bold('ALERT   SHORT   LONG    FIRES ABOVE  SHORT BURN  LONG BURN  STATE'),
  ];
  for (const a of slo.alerts) {
    const state = a.firing ? style.bad('FIRING') : 'quiet';
    lines.push(
      `${a.severity.padEnd(7)} ${formatDuration(a.shortWindowSeconds).padEnd(7)} ${formatDuration(a.longWindowSeconds).padEnd(7)} ${`${a.threshold}×`.padStart(11)}  ${burnText(a.shortBurnRate).padStart(10)}  ${burnText(a.longBurnRate).padStart(9)}  ${state}${a.covered ? '' : style.dim(' (partial)')}`,
    );
  }
  if (slo.alerts.some((a) => !a.covered)) lines.push(style.dim('partial: perfmon has not watched for the whole long window yet; the rates cover what it has seen'));
  return lines;
}
