/** `perfmon alerts incidents [--from -24h] [--to now] [--json]`: the incidents of a store, with their timelines. */
import { HistoryReader } from '../history/history-reader.js';
import { columnTable } from '../format/text.js';
import { formatDuration } from '../format/units.js';
import { parseTime } from '../model/parse-time.js';
import { acksFile, readAcks } from './acks.js';
import { readIncidents, type Incident } from './incidents.js';

/** The incidents of [from, to) in a store; `componentsOf`: host → its components. */
export async function incidentsOfStore(store: string, componentsOf: ReadonlyMap<string, readonly string[]>, from: number, to: number): Promise<Incident[]> {
  const reader = await HistoryReader.open(store);
  try {
    return readIncidents(reader, { componentsOf, acks: readAcks(acksFile(store)) }, from, to);
  } finally {
    reader.close();
  }
}

export interface IncidentsCommandOptions {
  store: string;
  componentsOf: ReadonlyMap<string, readonly string[]>;
  from: string;
  to: string;
  json: boolean;
  now?: number;
}

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
const span = (ms: number | null) => (ms === null ? '—' : formatDuration(Math.round(ms / 1000)));

export async function runIncidentsCommand(options: IncidentsCommandOptions, out: NodeJS.WritableStream): Promise<Incident[]> {
  const now = options.now ?? Date.now();
  const from = parseTime(options.from, now);
  const to = parseTime(options.to, now);
  if (!(to > from)) throw new Error(`--to (${new Date(to).toISOString()}) must be after --from (${new Date(from).toISOString()})`);
  const incidents = await incidentsOfStore(options.store, options.componentsOf, from, to + 1);
  if (options.json) {
    const shaped = incidents.map((i) => ({
      id: i.id, key: i.key, title: i.title, severity: i.severity, start: iso(i.start), end: iso(i.end), hosts: i.hosts,
      timeToAckSeconds: i.timeToAckMs === null ? null : i.timeToAckMs / 1000, timeToResolveSeconds: i.timeToResolveMs === null ? null : i.timeToResolveMs / 1000,
      alerts: i.alerts.map((a) => ({ id: a.id, rule: a.rule, severity: a.severity, labels: a.labels, firedAt: iso(a.firedAt), resolvedAt: iso(a.resolvedAt) })),
      timeline: i.timeline.map((e) => ({ at: iso(e.t), kind: e.kind, text: e.text })),
    }));
    out.write(`${JSON.stringify({ store: options.store, from: iso(from), to: iso(to), incidents: shaped }, null, 2)}\n`);
    return incidents;
  }
  if (incidents.length === 0) {
    out.write(`no incidents from ${iso(from)} to ${iso(to)} (store ${options.store})\n`);
    return incidents;
  }
  const rows = incidents.map((i) => [i.id, i.end === null ? 'OPEN' : 'resolved', i.severity, new Date(i.start).toISOString().slice(0, 19) + 'Z', span(i.timeToAckMs), span(i.timeToResolveMs), String(i.alerts.length), i.title]);
  out.write(columnTable(['ID', 'STATE', 'SEVERITY', 'START', 'TO ACK', 'TO RESOLVE', 'ALERTS', 'INCIDENT'], rows));
  return incidents;
}
