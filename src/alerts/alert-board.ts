/**
 * What the Alerts pane shows at a moment (now, or a replayed one), read from what the recorder
 * stored: the alerts by section (critical, warning, recently resolved) with the maintenance,
 * silence and ack that held for each then, and the maintenance on then and coming up. The
 * threshold and runbook of each alert come from the inventory's rules.
 */
import type { HistoryReader } from '../history/history-reader.js';
import { fillSummary, type AlertRule } from './alert-rule.js';
import { readAcks, acksFile } from './acks.js';
import { annotateAlerts, type ListedAlert } from './alerts-command.js';
import { storedAlerts, storedMaintenance } from './alerts-from-history.js';
import type { MaintenanceConfig, MaintenanceSpan } from './maintenance.js';
import { readSilences, silencesFile } from './silences.js';

export interface BoardAlert extends ListedAlert {
  /** From the rule of that name in the inventory (absent: a rule it no longer has). */
  op?: AlertRule['op'];
  threshold?: number;
  summary?: string;
  runbook?: string;
}

export interface AlertBoard {
  at: number;
  critical: BoardAlert[];
  warning: BoardAlert[];
  resolved: BoardAlert[];
  /** On at `at`. */
  maintenance: MaintenanceSpan[];
  /** Starting within UPCOMING_MS after `at`. */
  upcoming: MaintenanceSpan[];
  /** Why the acks or silences could not be read (the alerts are shown without them). */
  problem?: string;
}

export const UPCOMING_MS = 7 * 86_400_000;

export interface BoardSources {
  store: string;
  rules: readonly AlertRule[];
  maintenance: MaintenanceConfig;
}

export function readAlertBoard(reader: HistoryReader, sources: BoardSources, at: number, now = Date.now()): AlertBoard {
  const alerts: BoardAlert[] = storedAlerts(reader, { now: at, all: true, windowMs: 6 * 3600_000 });
  const spans = storedMaintenance(reader, sources.maintenance, at, at + UPCOMING_MS, Math.min(now, at));
  let problem: string | undefined;
  const safely = <T>(read: () => T[]): T[] => {
    try {
      return read();
    } catch (error) {
      problem = (error as Error).message;
      return [];
    }
  };
  annotateAlerts(alerts, { silences: safely(() => readSilences(silencesFile(sources.store))), acks: safely(() => readAcks(acksFile(sources.store))), spans }, at);
  const rules = new Map(sources.rules.map((r) => [r.name, r]));
  for (const a of alerts) {
    const rule = rules.get(a.rule);
    if (!rule) continue;
    a.op = rule.op;
    a.threshold = rule.threshold;
    a.summary = fillSummary(rule.summary, a.labels, a.value ?? Number.NaN);
    if (rule.runbook !== undefined) a.runbook = rule.runbook;
  }
  const open = alerts.filter((a) => a.state !== 'resolved');
  return {
    at,
    critical: open.filter((a) => a.severity === 'critical'),
    warning: open.filter((a) => a.severity === 'warning'),
    resolved: alerts.filter((a) => a.state === 'resolved').sort((a, b) => b.seen.localeCompare(a.seen)),
    maintenance: spans.filter((s) => s.from <= at && at < s.to),
    upcoming: spans.filter((s) => s.from > at),
    ...(problem === undefined ? {} : { problem }),
  };
}

/** The stored values of one alert from `from` to `to`, one per step (NaN where none was stored), for its chart. */
export function alertSeries(reader: HistoryReader, alert: Pick<BoardAlert, 'labels'>, from: number, to: number, points: number): { t: number[]; v: number[] } {
  const step = Math.max(1000, Math.ceil((to - from) / Math.max(1, points) / 1000) * 1000);
  const start = Math.floor(from / step) * step;
  const [series] = reader.query({ name: 'alert_value', labels: alert.labels }, start, to + 1, step);
  const byT = new Map((series?.buckets ?? []).map((b) => [b.t, b.mean]));
  const t: number[] = [];
  const v: number[] = [];
  for (let x = start; x <= to; x += step) {
    t.push(x);
    v.push(byT.get(x) ?? Number.NaN);
  }
  return { t, v };
}
