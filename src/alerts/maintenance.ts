/**
 * Maintenance: spans of time in which matching alerts are muted — still judged, stored and
 * listed (as `maintenance`), but not sent. Two kinds: the inventory's windows (`alerts.maintenance`,
 * one-off from/to or recurring by a cron expression and a duration, per host/label matchers or
 * per component), and every perfmon rolling restart, whose hosts are in maintenance for the
 * run: from its `run-start` audit line to RESTART_SETTLE_MS past its `run-end` (a run that died
 * without one stays in maintenance until RUN_SILENT_MS after its last audit line). The recorder reads the audit log;
 * readers of the store read the same lines from its events, so a replay says what was muted then.
 */
import { CronExpressionParser } from 'cron-parser';
import { labelMatcher, type Labels } from '../model/series-key.js';

/** One window of the inventory, as the schema gives it. */
export interface MaintenanceWindow {
  name: string;
  match?: Labels | undefined;
  components?: string[] | undefined;
  /** One-off: ISO 8601 (or anything Date.parse reads). */
  from?: string | undefined;
  to?: string | undefined;
  /** Recurring: a cron expression (minute hour day-of-month month day-of-week) for each start. */
  cron?: string | undefined;
  /** Seconds each occurrence lasts. */
  duration?: number | undefined;
  /** IANA zone the cron expression is read in (default this machine's). */
  timezone?: string | undefined;
}

/** One occurrence: a time span and what it covers. */
export interface MaintenanceSpan {
  name: string;
  source: 'inventory' | 'restart';
  from: number;
  /** Infinity: a restart still under way. */
  to: number;
  match: Labels;
  /** The hosts it covers (a component's, a run's); null: any host the matchers pass. */
  hosts: readonly string[] | null;
  components: readonly string[];
  runId?: string;
}

/**
 * A restart's maintenance lasts this long past its run-end: the recorder judges readings that
 * lag the run (a health check read every few seconds, a host's next reading), and a host that
 * just came back is seen healthy a moment after the run saw it so.
 */
export const RESTART_SETTLE_MS = 60_000;
/** A run that wrote nothing for this long without ending is taken as dead. */
export const RUN_SILENT_MS = 15 * 60_000;
/** How far back a recurring window is looked for (an occurrence that started before and is still on). */
const MAX_LOOKBACK = 1000;

/** The starts of a window's occurrences that overlap [from, to), oldest first (at most `limit`). */
export function occurrences(window: MaintenanceWindow, from: number, to: number, limit = 100): { from: number; to: number }[] {
  if (window.cron === undefined) {
    const start = Date.parse(window.from ?? '');
    const end = Date.parse(window.to ?? '');
    return Number.isFinite(start) && Number.isFinite(end) && start < to && end > from ? [{ from: start, to: end }] : [];
  }
  const lasts = (window.duration ?? 0) * 1000;
  const expression = CronExpressionParser.parse(window.cron, { currentDate: new Date(from - lasts - 1), ...(window.timezone ? { tz: window.timezone } : {}) });
  const out: { from: number; to: number }[] = [];
  for (let i = 0; i < MAX_LOOKBACK && out.length < limit; i++) {
    const start = expression.next().getTime();
    if (start >= to) break;
    if (start + lasts > from) out.push({ from: start, to: start + lasts });
  }
  return out;
}

/** The inventory's windows as spans over [from, to). `componentHosts`: each component's hosts. */
export function inventorySpans(windows: readonly MaintenanceWindow[], componentHosts: ReadonlyMap<string, readonly string[]>, from: number, to: number): MaintenanceSpan[] {
  return windows.flatMap((w) => {
    const components = w.components ?? [];
    const hosts = components.length === 0 ? null : [...new Set(components.flatMap((c) => componentHosts.get(c) ?? []))];
    return occurrences(w, from, to).map((o) => ({ name: w.name, source: 'inventory' as const, ...o, match: w.match ?? {}, hosts, components }));
  });
}

/** The rolling restarts in a stream of audit records, as maintenance spans of their hosts. */
export class RestartWindows {
  private readonly runs = new Map<string, { component: string; hosts: string[]; from: number; to: number; last: number }>();

  /** One audit record (as the log or the store's events hold it). */
  take(record: Record<string, unknown>): void {
    const runId = record['runId'];
    const t = typeof record['time'] === 'string' ? Date.parse(record['time']) : Number.NaN;
    if (typeof runId !== 'string' || !Number.isFinite(t)) return;
    const what = record['what'];
    if (what === 'run-start' && record['procedure'] === 'rolling-restart') {
      const hosts = Array.isArray(record['hosts']) ? record['hosts'].filter((h): h is string => typeof h === 'string') : [];
      const component = typeof record['component'] === 'string' ? record['component'] : '';
      const earlier = this.runs.get(runId);
      this.runs.set(runId, { component, hosts, from: earlier?.from ?? t, to: Infinity, last: t });
      return;
    }
    const run = this.runs.get(runId);
    if (!run) return;
    run.last = Math.max(run.last, t);
    if (what === 'run-end' && record['procedure'] === 'rolling-restart') run.to = t + RESTART_SETTLE_MS;
  }

  /** The runs overlapping [from, to); a run still under way lasts to Infinity unless it has gone silent. */
  spans(from: number, to: number, now = Date.now()): MaintenanceSpan[] {
    const out: MaintenanceSpan[] = [];
    for (const [runId, run] of this.runs) {
      const end = run.to !== Infinity ? run.to : now - run.last > RUN_SILENT_MS ? run.last + RUN_SILENT_MS : Infinity;
      if (run.from >= to || end <= from) continue;
      out.push({ name: `rolling restart of ${run.component}`, source: 'restart', from: run.from, to: end, match: {}, hosts: run.hosts, components: [run.component], runId });
    }
    return out;
  }

  /** Forgets runs that ended before `before` (a long-running recorder keeps only what can still matter). */
  prune(before: number): void {
    for (const [id, run] of this.runs) if (run.to < before) this.runs.delete(id);
  }
}

/** Whether a span covers an alert's labels (not its time). */
export function spanCovers(span: MaintenanceSpan, labels: Labels): boolean {
  if (!Object.entries(span.match).every(([label, pattern]) => labelMatcher(pattern)(labels[label]))) return false;
  if (span.hosts === null) return true;
  const host = labels['host'];
  const component = labels['component'];
  return (host !== undefined && span.hosts.includes(host)) || (component !== undefined && span.components.includes(component));
}

/** The span that mutes these labels at `t`, if any. */
export function maintenanceFor(spans: readonly MaintenanceSpan[], labels: Labels, t: number): MaintenanceSpan | undefined {
  return spans.find((s) => s.from <= t && t < s.to && spanCovers(s, labels));
}

/** Where maintenance comes from: the inventory's windows and the component → hosts they name. */
export interface MaintenanceConfig {
  windows: readonly MaintenanceWindow[];
  componentHosts: ReadonlyMap<string, readonly string[]>;
}

/** Every span overlapping [from, to): the inventory's and the restarts'. */
export function maintenanceSpans(config: MaintenanceConfig, restarts: RestartWindows, from: number, to: number, now = Date.now()): MaintenanceSpan[] {
  return [...restarts.spans(from, to, now), ...inventorySpans(config.windows, config.componentHosts, from, to)].sort((a, b) => a.from - b.from || a.name.localeCompare(b.name));
}
