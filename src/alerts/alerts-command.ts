/** `perfmon alerts [--json] [--all]`: the alerts as last stored in history by the recorder. */
import { HistoryReader } from '../history/history-reader.js';
import { columnTable } from '../format/text.js';
import { formatDuration } from '../format/units.js';
import { formatAlertValue } from './alert-rule.js';
import { storedAlerts, storedMaintenance, type StoredAlert } from './alerts-from-history.js';
import { maintenanceFor, type MaintenanceConfig } from './maintenance.js';
import { readSilences, silenceFor, silencesFile } from './silences.js';
import { ackFor, acksFile, readAcks, type Ack } from './acks.js';

export interface AlertsCommandOptions {
  store: string;
  json: boolean;
  all: boolean;
  now?: number;
  /** The inventory's maintenance windows (restarts are read from the store's events). */
  maintenance?: MaintenanceConfig;
}

/** A stored alert as listed: with the maintenance, the silence and the ack that hold for it now. */
export type ListedAlert = StoredAlert & { silencedBy?: string; ack?: Omit<Ack, 'alert' | 'labels'>; maintenance?: string };

const SHOWN_LABELS = new Set(['alertname', 'severity', 'host']);

export async function runAlertsCommand(options: AlertsCommandOptions, out: NodeJS.WritableStream): Promise<StoredAlert[]> {
  const reader = await HistoryReader.open(options.store);
  const now = options.now ?? Date.now();
  let alerts: ListedAlert[];
  let spans;
  try {
    alerts = storedAlerts(reader, { now, all: options.all });
    spans = storedMaintenance(reader, options.maintenance ?? { windows: [], componentHosts: new Map() }, now, now + 1, now);
  } finally {
    reader.close();
  }
  const silences = readSilences(silencesFile(options.store));
  const acks = readAcks(acksFile(options.store));
  for (const a of alerts) {
    if (a.state === 'resolved') continue;
    const span = maintenanceFor(spans, a.labels, now);
    if (span) a.maintenance = span.name;
    const by = silenceFor(silences, a.labels, now);
    if (by) a.silencedBy = by.id;
    const ack = ackFor(acks, { id: a.id, activeSince: Date.parse(a.activeSince) }, now);
    if (ack) a.ack = { by: ack.by, at: ack.at, note: ack.note, expiresAt: ack.expiresAt };
  }
  if (options.json) {
    out.write(`${JSON.stringify({ store: options.store, at: new Date(now).toISOString(), alerts }, null, 2)}\n`);
    return alerts;
  }
  if (alerts.length === 0) {
    out.write(`no alerts ${options.all ? 'firing, pending or resolved in the last 15m' : 'firing or pending'} (store ${options.store})\n`);
    return alerts;
  }
  const rows = alerts.map((a) => [
    [a.state.toUpperCase(), a.maintenance ? `(maintenance ${a.maintenance})` : '', a.ack ? `(acked ${a.ack.by})` : '', a.silencedBy ? `(silenced ${a.silencedBy})` : ''].filter(Boolean).join(' '),
    a.severity,
    a.rule,
    a.labels['host'] ?? '',
    `${formatDuration(Math.round((now - Date.parse(a.since)) / 1000))} ago`,
    a.value === null ? '—' : formatAlertValue(a.value),
    Object.entries(a.labels).filter(([k]) => !SHOWN_LABELS.has(k)).map(([k, v]) => `${k}=${v}`).join(' '),
    a.id,
  ]);
  const header = ['STATE', 'SEVERITY', 'ALERT', 'HOST', 'SINCE', 'VALUE', 'LABELS', 'ID'];
  out.write(columnTable(header, rows));
  return alerts;
}
