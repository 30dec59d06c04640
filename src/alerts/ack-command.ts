/**
 * `perfmon alerts ack ID [--note TEXT] [--for DURATION]`: takes a firing (or pending) alert in
 * hand — who (the local user), when, a note, an expiry — in the acks file beside the store, and
 * writes it to the audit log. The TUI's `a` goes through `ackAlert` too.
 */
import { HistoryReader } from '../history/history-reader.js';
import { AuditLog, currentIdentity } from '../procedures/audit-log.js';
import { formatDuration } from '../format/units.js';
import { acksFile, addAck, DEFAULT_ACK_SECONDS, type Ack } from './acks.js';
import { storedAlerts, type StoredAlert } from './alerts-from-history.js';

export class AckUsageError extends Error {}

/** The stored alert an id (or a unique beginning of one, 4 characters at least) names; throws naming the ids there are. */
export function findAlert(alerts: readonly StoredAlert[], id: string): StoredAlert {
  if (id.length < 4) throw new AckUsageError(`alert id ${JSON.stringify(id)} is too short: give at least 4 of its characters (perfmon alerts lists the ids)`);
  const hits = alerts.filter((a) => a.id.startsWith(id));
  if (hits.length === 1) return hits[0]!;
  const known = alerts.map((a) => `${a.id} ${a.rule}${a.labels['host'] ? ` ${a.labels['host']}` : ''}`).join(', ');
  if (hits.length > 1) throw new AckUsageError(`alert id ${id} is the beginning of ${hits.length} alerts (${hits.map((a) => a.id).join(', ')}); give more of it`);
  throw new Error(`no firing or pending alert ${id}${known ? ` (there are: ${known})` : ' (none is firing or pending)'}`);
}

/** Writes the ack and its audit line; returns the ack. */
export async function ackAlert(store: string, alert: StoredAlert, options: { seconds?: number; note?: string }, audit: AuditLog, now = Date.now()): Promise<Ack> {
  const seconds = options.seconds ?? DEFAULT_ACK_SECONDS;
  if (!(seconds > 0)) throw new AckUsageError('an ack needs a positive --for (e.g. --for 2h)');
  const file = acksFile(store);
  const ack = addAck(file, { id: alert.id, labels: alert.labels, activeSince: Date.parse(alert.activeSince) }, seconds, audit.identity.localUser, options.note ?? '', now);
  await audit.note('alert-ack', { alert: alert.id, rule: alert.rule, labels: alert.labels, note: ack.note, expiresAt: ack.expiresAt, file });
  return ack;
}

export interface AckCommand {
  store: string;
  id: string | undefined;
  note?: string;
  seconds?: number;
}

/** `auditPath`: the inventory's audit log (or the default one), where the ack is noted with the local user. */
export async function runAckCommand(command: AckCommand, auditPath: string, out: NodeJS.WritableStream, now = Date.now()): Promise<Ack> {
  const audit = new AuditLog(auditPath, currentIdentity());
  if (command.id === undefined) throw new AckUsageError('alerts ack needs the alert id (perfmon alerts lists them)');
  const reader = await HistoryReader.open(command.store);
  let alerts: StoredAlert[];
  try {
    alerts = storedAlerts(reader, { now });
  } finally {
    reader.close();
  }
  const alert = findAlert(alerts, command.id);
  const ack = await ackAlert(command.store, alert, { ...(command.seconds === undefined ? {} : { seconds: command.seconds }), ...(command.note === undefined ? {} : { note: command.note }) }, audit, now);
  const host = alert.labels['host'] ? ` on ${alert.labels['host']}` : '';
  const lasts = formatDuration(Math.round((Date.parse(ack.expiresAt) - now) / 1000));
  out.write(`alert ${alert.id} (${alert.rule}${host}) acked by ${ack.by} for ${lasts}, until ${ack.expiresAt}${ack.note ? `: ${ack.note}` : ''}; it stays ${alert.state}, repeat notifications stop\n`);
  return ack;
}
