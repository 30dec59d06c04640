/**
 * The alerts as the recorder (or a TUI that collects itself) last stored them: from each
 * `alert_state` series of the history store, its latest state, since when it has been in it,
 * and the latest value. What `perfmon alerts` prints, without asking the recorder anything.
 */
import type { HistoryReader } from '../history/history-reader.js';
import type { Labels } from '../model/series-key.js';
import type { Severity } from './alert-rule.js';
import { alertId, type AlertState } from './alert-evaluator.js';
import { maintenanceSpans, RestartWindows, type MaintenanceConfig, type MaintenanceSpan } from './maintenance.js';

export interface StoredAlert {
  id: string;
  rule: string;
  severity: Severity;
  labels: Labels;
  state: AlertState;
  /** ISO 8601: when it entered its state (as far back as the window read). */
  since: string;
  /** ISO 8601: since when it has been pending or firing without a break (what an ack holds for). */
  activeSince: string;
  /** ISO 8601: the last time the recorder stored it. */
  seen: string;
  value: number | null;
}

/** How far back the alerts are read; a resolved alert older than `resolvedFor` is left out. */
export interface StoredAlertsOptions {
  now: number;
  windowMs?: number;
  resolvedForMs?: number;
  /** Older than this, the last word on an alert is taken as nobody evaluating it any more; default 2 min. */
  staleMs?: number;
  all?: boolean;
}

const STATE_OF: Record<number, AlertState> = { 2: 'firing', 1: 'pending', 0: 'resolved' };

export function storedAlerts(reader: HistoryReader, options: StoredAlertsOptions): StoredAlert[] {
  const { now, windowMs = 6 * 3600_000, resolvedForMs = 15 * 60_000, staleMs = 120_000 } = options;
  const from = now - windowMs;
  const values = new Map(reader.query({ name: 'alert_value' }, from, now + 1, 1000).map((r) => [r.id.slice('alert_value'.length), r.buckets]));
  const out: StoredAlert[] = [];
  for (const series of reader.query({ name: 'alert_state' }, from, now + 1, 1000)) {
    const buckets = series.buckets;
    const last = buckets.at(-1);
    if (!last) continue;
    const stale = now - last.t > staleMs;
    // a firing alert nobody has judged for a while is reported resolved as of its last word
    const state = stale ? 'resolved' : (STATE_OF[last.max] ?? 'resolved');
    let start = buckets.length - 1;
    if (state !== 'resolved') while (start > 0 && buckets[start - 1]!.max === last.max && buckets[start]!.t - buckets[start - 1]!.t <= staleMs) start--;
    let active = start;
    if (state !== 'resolved') while (active > 0 && buckets[active - 1]!.max > 0 && buckets[active]!.t - buckets[active - 1]!.t <= staleMs) active--;
    if (state === 'resolved' && (!options.all || now - last.t > resolvedForMs)) continue;
    const labels = series.key.labels;
    const value = values.get(series.id.slice('alert_state'.length))?.at(-1)?.mean ?? null;
    out.push({
      id: alertId(labels),
      rule: labels['alertname'] ?? '?',
      severity: labels['severity'] === 'critical' ? 'critical' : 'warning',
      labels,
      state,
      since: new Date(buckets[start]!.t).toISOString(),
      activeSince: new Date(buckets[active]!.t).toISOString(),
      seen: new Date(last.t).toISOString(),
      value,
    });
  }
  const rank = (a: StoredAlert) => ['firing', 'pending', 'resolved'].indexOf(a.state) * 2 + (a.severity === 'critical' ? 0 : 1);
  return out.sort((a, b) => rank(a) - rank(b) || a.since.localeCompare(b.since) || a.id.localeCompare(b.id));
}

/** `ALERTS 2 crit 1 warn` for the header: the firing alerts by severity; undefined when none fire. */
export function firingBadge(alerts: readonly Pick<StoredAlert, 'state' | 'severity'>[]): string | undefined {
  const firing = alerts.filter((a) => a.state === 'firing');
  if (firing.length === 0) return undefined;
  const critical = firing.filter((a) => a.severity === 'critical').length;
  const warning = firing.length - critical;
  return `ALERTS ${[critical > 0 ? `${critical} crit` : '', warning > 0 ? `${warning} warn` : ''].filter(Boolean).join(' ')}`;
}

/**
 * The maintenance spans overlapping [from, to): the inventory's windows, and the rolling
 * restarts the store's events (the audit lines the recorder stored) tell of, read from a day
 * before `from` so a long run that began earlier is known.
 */
export function storedMaintenance(reader: HistoryReader, config: MaintenanceConfig, from: number, to: number, now: number): MaintenanceSpan[] {
  const restarts = new RestartWindows();
  for (const e of reader.events(from - 86_400_000, Math.min(to, now + 1))) restarts.take(e.event);
  return maintenanceSpans(config, restarts, from, to, now);
}
