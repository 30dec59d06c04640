/**
 * The Capacity pane's rows (one per resource forecast), columns, per-component headroom lines,
 * what-if lines and a row's detail. Pure.
 */
import { formatAmount, formatTimeToExhaustion, formatTrend, KIND_LABEL } from '../../src/analysis/capacity/capacity-format.js';
import type { ResourceForecast } from '../../src/analysis/capacity/capacity-forecasts.js';
import type { WhatIfReport } from '../../src/analysis/capacity/what-if.js';
import { naturalCompare } from '../../src/format/text.js';
import { formatDuration, formatPercent } from '../../src/format/units.js';
import { sortMarker } from '../components/sort-mark.js';
import type { Column } from '../components/table.js';
import { style } from '../theme.js';

export interface CapacityRow extends ResourceForecast {
  id: string;
}

export const CAPACITY_SORT_KEYS = ['soonest', 'fullest', 'host'] as const;
export type CapacitySortKey = (typeof CAPACITY_SORT_KEYS)[number];

export function capacityRows(resources: readonly ResourceForecast[]): CapacityRow[] {
  return resources.map((r) => ({ ...r, id: JSON.stringify([r.kind, r.labels]) }));
}

const soonest = (r: ResourceForecast) => r.exhaustionInMs ?? Infinity;
const COMPARE: Record<CapacitySortKey, (a: CapacityRow, b: CapacityRow) => number> = {
  soonest: (a, b) => soonest(a) - soonest(b) || b.confidence - a.confidence,
  fullest: (a, b) => b.usedPercent - a.usedPercent,
  host: (a, b) => naturalCompare(a.host ?? '', b.host ?? ''),
};

export function sortCapacityRows(rows: readonly CapacityRow[], sort: CapacitySortKey, reverse: boolean, filter: string): CapacityRow[] {
  const needle = filter.trim().toLowerCase();
  const kept = needle ? rows.filter((r) => [KIND_LABEL[r.kind], r.host ?? '', r.target, ...r.components].some((s) => s.toLowerCase().includes(needle))) : [...rows];
  const sorted = kept.sort((a, b) => COMPARE[sort](a, b) || naturalCompare(a.host ?? '', b.host ?? '') || naturalCompare(a.target, b.target));
  return reverse ? sorted.reverse() : sorted;
}

const paintFullIn = (r: ResourceForecast) => (r.exhaustionInMs === 0 || r.soon ? style.bad : r.exhaustionInMs !== null && r.exhaustionInMs < 7 * 86_400_000 ? style.warn : (t: string) => t);

export function capacityColumns(sort: CapacitySortKey, reverse: boolean): Column<CapacityRow>[] {
  const mark = sortMarker(sort, reverse, ['soonest', 'host']);
  return [
    { header: mark('soonest', 'FULL IN'), width: 9, priority: 10, cell: (r) => ({ text: formatTimeToExhaustion(r) + (r.soon ? ' !' : ''), paint: paintFullIn(r) }) },
    { header: 'RESOURCE', width: 14, priority: 9, cell: (r) => KIND_LABEL[r.kind] },
    { header: mark('host', 'HOST'), width: 12, priority: 8, cell: (r) => r.host ?? '—' },
    { header: 'TARGET', width: 16, flex: true, maxWidth: 40, priority: 7, cell: (r) => r.target },
    { header: mark('fullest', 'USED'), width: 5, align: 'right', priority: 6, cell: (r) => formatPercent(r.usedPercent) },
    { header: 'CONF', width: 6, priority: 5, cell: (r) => r.confidenceLabel },
    { header: 'TREND', width: 10, align: 'right', priority: 4, cell: (r) => formatTrend(r) },
    { header: 'LEVEL/LIMIT', width: 15, priority: 3, cell: (r) => `${formatAmount(r.level, r.unit)}/${formatAmount(r.limit, r.unit)}` },
    { header: 'COMPONENT', width: 14, priority: 2, cell: (r) => r.components.join(',') || '—' },
    { header: 'MODEL', width: 13, priority: 1, cell: (r) => r.model },
  ];
}

/**
 * Per component: how full its fullest resource is and which runs out first ("order-engine
 * 95% /logs, first out /data in 13d"). One line each, the most pressed first.
 */
export function headroomLines(resources: readonly ResourceForecast[]): string[] {
  const byComponent = new Map<string, ResourceForecast[]>();
  for (const r of resources) for (const c of r.components) byComponent.set(c, [...(byComponent.get(c) ?? []), r]);
  const entries = [...byComponent].map(([component, rs]) => {
    const fullest = rs.reduce((a, b) => (b.usedPercent > a.usedPercent ? b : a));
    const first = rs.filter((r) => r.exhaustionInMs !== null).sort((a, b) => a.exhaustionInMs! - b.exhaustionInMs!)[0];
    return { component, fullest, first };
  });
  entries.sort((a, b) => (a.first?.exhaustionInMs ?? Infinity) - (b.first?.exhaustionInMs ?? Infinity) || b.fullest.usedPercent - a.fullest.usedPercent);
  return entries.map(({ component, fullest, first }) => {
    const head = `${style.bold(component)} headroom ${formatPercent(Math.max(0, 100 - fullest.usedPercent))} (fullest ${KIND_LABEL[fullest.kind]} ${fullest.target} on ${fullest.host ?? '—'})`;
    return first ? `${head}, first out ${first.target} on ${first.host ?? '—'} in ${formatTimeToExhaustion(first)}` : `${head}, nothing growing toward a limit`;
  });
}

/** The what-if's answer in a few lines: per component, each fitted resource's predicted peak, the first to cross, the hosts needed; or why not. */
export function whatIfLines(report: WhatIfReport): string[] {
  const change = `${report.factor >= 1 ? '+' : ''}${((report.factor - 1) * 100).toFixed(0)}%`;
  if (report.components.length === 0) return [style.dim(`what-if ${report.metric} ${change}: no component records an application metric of that name`)];
  return report.components.flatMap((c) => {
    const head = `${style.title('what-if')} ${c.component} ${c.metric} ${change}`;
    if (c.refused) return [`${head}: no prediction, ${c.refused}`, ...c.resources.filter((r) => r.refused).slice(0, 2).map((r) => style.dim(`  ${r.resource} on ${r.host}: ${r.refused}`))];
    const fitted = c.resources
      .filter((r) => r.predictedPeak !== null)
      .map((r) => `${r.process ?? r.resource}@${r.host} ${formatPercent(r.peakNow)}→${formatPercent(r.predictedPeak)} (R² ${r.fit!.r2.toFixed(2)})`);
    const first = c.firstToCross ? style.bad(`first over warning: ${c.firstToCross.resource} on ${c.firstToCross.host}`) : 'all under warning';
    return [`${head}: ${fitted.join(', ')}; ${first}; hosts needed ${c.hostsNeeded} (now ${c.hosts.length})`];
  });
}

export function capacityDetailLines(r: CapacityRow): string[] {
  const lines = [
    style.title(`${KIND_LABEL[r.kind]} ${r.target} on ${r.host ?? '—'}`) + (r.components.length ? `  (${r.components.join(', ')})` : ''),
    `level ${formatAmount(r.level, r.unit)} of ${formatAmount(r.limit, r.unit)} (${formatPercent(r.usedPercent)}), full in ${formatTimeToExhaustion(r)}${r.exhaustionAt ? ` (${r.exhaustionAt})` : ''}`,
    `confidence ${r.confidenceLabel} ${r.confidence.toFixed(2)}, model ${r.model}, basis ${r.basis}, ${r.resets} resets seen, history ${formatDuration(r.historyMs / 1000)}`,
    '',
    style.bold('window  trend         Mann–Kendall z  buckets  seasonal'),
  ];
  for (const t of r.trends) {
    const trend = t.slopePerHour === null ? '—' : formatTrend({ slopePerHour: t.slopePerHour, unit: r.unit });
    lines.push(`${t.window.padEnd(8)}${trend.padEnd(14)}${(t.z === null ? '—' : t.z.toFixed(1)).padEnd(16)}${String(t.points).padEnd(9)}${t.seasonal ? 'day pairs' : ''}`);
  }
  if (r.dayOverDayPerHour !== null) lines.push(`day over day: ${formatTrend({ slopePerHour: r.dayOverDayPerHour, unit: r.unit })}`);
  return lines;
}
