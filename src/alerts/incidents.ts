/**
 * Incidents: the firing alerts of one component (or of a host no component names) grouped by
 * time — an alert that fires while the component's incident is open, or within the group window
 * after its last alert resolved, joins it — with a timeline of the alerts, the acks and
 * perfmon's own actions on those hosts (the audit lines the recorder stored), the time to the
 * first ack and the time to resolve. Built from what the recorder stored, so they can be read
 * for any past day.
 */
import { createHash } from 'node:crypto';
import type { HistoryReader } from '../history/history-reader.js';
import type { Labels } from '../model/series-key.js';
import type { Severity } from './alert-rule.js';
import { alertId } from './alert-evaluator.js';
import type { Ack } from './acks.js';

/** Alerts that fire within this long after the incident's last one resolved join it. */
export const GROUP_WINDOW_MS = 5 * 60_000;
/** Stored moments further apart than this are a break (no recorder judged it between). */
const BREAK_MS = 120_000;

/** One stretch of an alert firing. */
export interface FiringRun {
  id: string;
  rule: string;
  severity: Severity;
  labels: Labels;
  firedAt: number;
  /** null: still firing at the end of what was read. */
  resolvedAt: number | null;
}

export interface TimelineEntry {
  t: number;
  kind: 'fired' | 'resolved' | 'ack' | 'action';
  text: string;
}

export interface Incident {
  id: string;
  /** The component, or `host NAME`. */
  key: string;
  title: string;
  severity: Severity;
  start: number;
  /** null: open. */
  end: number | null;
  hosts: string[];
  alerts: FiringRun[];
  timeline: TimelineEntry[];
  /** ms from the start to the first ack; null: never acked. */
  timeToAckMs: number | null;
  timeToResolveMs: number | null;
}

/** Every firing stretch of every stored alert in [from, to). */
export function firingRuns(reader: HistoryReader, from: number, to: number): FiringRun[] {
  const out: FiringRun[] = [];
  for (const series of reader.query({ name: 'alert_state' }, from, to, 1000)) {
    const labels = series.key.labels;
    const base = { id: alertId(labels), rule: labels['alertname'] ?? '?', severity: (labels['severity'] === 'critical' ? 'critical' : 'warning') as Severity, labels };
    let run: FiringRun | null = null;
    let last = -Infinity;
    for (const b of series.buckets) {
      if (run && b.t - last > BREAK_MS) {
        run.resolvedAt = last; // nobody judged it after its last stored moment
        out.push(run);
        run = null;
      }
      if (!run && b.max === 2) run = { ...base, firedAt: b.t, resolvedAt: null };
      last = b.t;
      // 0 is stored as it resolves (1, pending, is not an end)
      if (run && b.min === 0) {
        run.resolvedAt = b.t;
        out.push(run);
        run = null;
      }
    }
    if (run) {
      if (to - last > BREAK_MS) run.resolvedAt = last;
      out.push(run);
    }
  }
  return out.sort((a, b) => a.firedAt - b.firedAt || a.id.localeCompare(b.id));
}

export interface IncidentSources {
  /** Host → its components (the first one names a host's incident). */
  componentsOf: ReadonlyMap<string, readonly string[]>;
  acks: readonly Ack[];
  /** The audit lines in the range (history events). */
  actions: readonly { t: number; event: Record<string, unknown> }[];
}

/** Host → its components, from each component's hosts. */
export function componentsOfHosts(componentHosts: ReadonlyMap<string, readonly string[]>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [component, hosts] of componentHosts) for (const h of hosts) out.set(h, [...(out.get(h) ?? []), component]);
  return out;
}

function keyOf(run: FiringRun, componentsOf: IncidentSources['componentsOf']): string {
  const component = run.labels['component'];
  if (component) return component;
  const host = run.labels['host'];
  return componentsOf.get(host ?? '')?.[0] ?? `host ${host ?? '?'}`;
}

export function groupIncidents(runs: readonly FiringRun[], sources: IncidentSources): Incident[] {
  const open = new Map<string, Incident>();
  const all: Incident[] = [];
  const endOf = (i: Incident) => (i.alerts.some((a) => a.resolvedAt === null) ? Infinity : Math.max(...i.alerts.map((a) => a.resolvedAt!)));
  for (const run of runs) {
    const key = keyOf(run, sources.componentsOf);
    let incident = open.get(key);
    if (incident && run.firedAt > endOf(incident) + GROUP_WINDOW_MS) incident = undefined;
    if (!incident) {
      incident = { id: createHash('sha256').update(`${key}\u0000${run.firedAt}`).digest('hex').slice(0, 8), key, title: '', severity: run.severity, start: run.firedAt, end: null, hosts: [], alerts: [], timeline: [], timeToAckMs: null, timeToResolveMs: null };
      open.set(key, incident);
      all.push(incident);
    }
    incident.alerts.push(run);
  }
  for (const i of all) finish(i, sources);
  return all.sort((a, b) => b.start - a.start);
}

function finish(i: Incident, sources: IncidentSources): void {
  const end = i.alerts.some((a) => a.resolvedAt === null) ? null : Math.max(...i.alerts.map((a) => a.resolvedAt!));
  i.end = end;
  i.severity = i.alerts.some((a) => a.severity === 'critical') ? 'critical' : 'warning';
  i.hosts = [...new Set(i.alerts.flatMap((a) => (a.labels['host'] ? [a.labels['host']] : [])))].sort();
  const byRule = new Map<string, Set<string>>();
  for (const a of i.alerts) {
    const hosts = byRule.get(a.rule) ?? new Set<string>();
    if (a.labels['host']) hosts.add(a.labels['host']);
    byRule.set(a.rule, hosts);
  }
  const component = i.key.startsWith('host ') ? null : i.key;
  const fleet = component ? [...sources.componentsOf].filter(([, cs]) => cs.includes(component)).length : 0;
  i.title = `${i.key}: ${[...byRule].map(([rule, hosts]) => `${rule} on ${hosts.size}${fleet > 0 ? ` of ${fleet}` : ''} host${hosts.size === 1 && fleet <= 1 ? '' : 's'}`).join(', ')}`;
  const until = end ?? Infinity;
  const timeline: TimelineEntry[] = [];
  for (const a of i.alerts) {
    const where = a.labels['host'] ? ` on ${a.labels['host']}` : '';
    timeline.push({ t: a.firedAt, kind: 'fired', text: `${a.rule}${where} fired (${a.severity})` });
    if (a.resolvedAt !== null) timeline.push({ t: a.resolvedAt, kind: 'resolved', text: `${a.rule}${where} resolved` });
  }
  const ids = new Set(i.alerts.map((a) => a.id));
  for (const ack of sources.acks) {
    const t = Date.parse(ack.at);
    if (ids.has(ack.alert) && t >= i.start && t <= until) timeline.push({ t, kind: 'ack', text: `${ack.by} acked ${ack.labels['alertname'] ?? ack.alert}${ack.note ? `: ${ack.note}` : ''}` });
  }
  for (const { t, event } of sources.actions) {
    if (t < i.start - GROUP_WINDOW_MS || t > until) continue;
    const host = typeof event['host'] === 'string' ? event['host'] : undefined;
    const comp = typeof event['component'] === 'string' ? event['component'] : undefined;
    const hosts = Array.isArray(event['hosts']) ? event['hosts'] : [];
    if (!(comp === component && component !== null) && !(host && i.hosts.includes(host)) && !hosts.some((h) => i.hosts.includes(String(h)))) continue;
    if (event['event'] === 'after') continue; // the before line says it
    const what = String(event['what'] ?? event['action'] ?? event['event'] ?? 'action');
    timeline.push({ t, kind: 'action', text: `${String(event['localUser'] ?? '?')}: ${what}${comp ? ` ${comp}` : ''}${host ? ` on ${host}` : ''}` });
  }
  i.timeline = timeline.sort((a, b) => a.t - b.t);
  const firstAck = timeline.find((e) => e.kind === 'ack');
  i.timeToAckMs = firstAck ? firstAck.t - i.start : null;
  i.timeToResolveMs = end === null ? null : end - i.start;
}

/** The incidents of [from, to) from a store: its alert series, the acks and its events. */
export function readIncidents(reader: HistoryReader, sources: Omit<IncidentSources, 'actions'>, from: number, to: number): Incident[] {
  const actions = reader.events(from - GROUP_WINDOW_MS, to);
  return groupIncidents(firingRuns(reader, from, to), { ...sources, actions });
}
