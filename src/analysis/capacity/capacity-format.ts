/** How a capacity forecast reads on screen and in `perfmon capacity`: levels in their unit, trends per day, time to exhaustion. */
import { formatBytes, formatCount, formatDuration, formatPercent } from '../../format/units.js';
import type { ResourceForecast } from './capacity-forecasts.js';

export function formatAmount(value: number, unit: ResourceForecast['unit']): string {
  if (unit === 'bytes') return formatBytes(value);
  if (unit === 'percent') return formatPercent(value);
  return formatCount(value);
}

/** The trend used, per day: "+1.2G/d", "-3/d", "flat". */
export function formatTrend(f: Pick<ResourceForecast, 'slopePerHour' | 'unit'>): string {
  const perDay = f.slopePerHour * 24;
  if (perDay === 0 || !Number.isFinite(perDay)) return 'flat';
  const text = f.unit === 'percent' ? `${perDay.toFixed(Math.abs(perDay) < 10 ? 1 : 0)}pt` : formatAmount(Math.abs(perDay), f.unit);
  return `${perDay > 0 ? '+' : '-'}${text.replace(/^-/, '')}/d`;
}

/** "now" (exhausted), "4h 10m", "never" (not growing toward its limit). */
export function formatTimeToExhaustion(f: Pick<ResourceForecast, 'exhaustionInMs'>): string {
  if (f.exhaustionInMs === null) return 'never';
  if (f.exhaustionInMs === 0) return 'now';
  return formatDuration(f.exhaustionInMs / 1000);
}

export const KIND_LABEL: Record<ResourceForecast['kind'], string> = {
  filesystem: 'filesystem',
  memory: 'memory',
  heap: 'heap after GC',
  'db-connections': 'db connections',
  queue: 'queue',
  cpu: 'CPU peak',
};

/** The table columns of `perfmon capacity` (and the pane's wide layout). */
export function forecastRow(f: ResourceForecast): string[] {
  return [
    KIND_LABEL[f.kind],
    f.host ?? '—',
    f.components.join(',') || '—',
    f.target,
    `${formatAmount(f.level, f.unit)}/${formatAmount(f.limit, f.unit)} (${formatPercent(f.usedPercent)})`,
    formatTrend(f),
    formatTimeToExhaustion(f) + (f.soon ? ' !' : ''),
    `${f.confidenceLabel} ${f.confidence.toFixed(2)}`,
    f.model,
  ];
}

export const FORECAST_HEADER = ['RESOURCE', 'HOST', 'COMPONENT', 'TARGET', 'USED/LIMIT', 'TREND', 'FULL IN', 'CONFIDENCE', 'MODEL'];
