/**
 * `perfmon silence add MATCHER… --for DURATION [--comment TEXT]`, `perfmon silence list
 * [--json]`, `perfmon silence expire ID`: the silences of a recorder's store, each change
 * written to the audit log with the local user.
 */
import { columnTable } from '../format/text.js';
import { AuditLog, currentIdentity } from '../procedures/audit-log.js';
import { addSilence, expireSilence, isActive, readSilences, silencesFile, type Silence } from './silences.js';
import type { Labels } from '../model/series-key.js';

export interface SilenceCommand {
  action: 'add' | 'list' | 'expire';
  store: string;
  /** add: `k=v` words; expire: the id. */
  words: string[];
  seconds?: number;
  comment?: string;
  json: boolean;
}

export class SilenceUsageError extends Error {}

/** `auditPath`: the inventory's audit log (or the default one): every change is noted there with the local user. */
export async function runSilenceCommand(command: SilenceCommand, auditPath: string, out: NodeJS.WritableStream, now = Date.now()): Promise<void> {
  const audit = new AuditLog(auditPath, currentIdentity());
  const file = silencesFile(command.store);
  if (command.action === 'list') {
    const silences = readSilences(file).filter((s) => Date.parse(s.endsAt) > now);
    if (command.json) return void out.write(`${JSON.stringify({ file, silences }, null, 2)}\n`);
    if (silences.length === 0) return void out.write(`no silences (${file})\n`);
    const rows = silences.map((s) => [s.id, isActive(s, now) ? 'active' : 'pending', s.endsAt, s.createdBy, Object.entries(s.matchers).map(([k, v]) => `${k}=${v}`).join(' '), s.comment]);
    const header = ['ID', 'STATE', 'ENDS', 'BY', 'MATCHERS', 'COMMENT'];
    out.write(columnTable(header, rows));
    return;
  }
  if (command.action === 'expire') {
    const [id] = command.words;
    if (id === undefined) throw new SilenceUsageError('silence expire needs the silence id (perfmon silence list shows them)');
    const silence = expireSilence(file, id, now);
    await audit.note('silence-expire', { silence: silence.id, matchers: silence.matchers, file });
    return void out.write(`silence ${silence.id} expired\n`);
  }
  const matchers: Record<string, string> = {};
  for (const word of command.words) {
    const eq = word.indexOf('=');
    if (eq < 1) throw new SilenceUsageError(`${JSON.stringify(word)} is not a matcher: write label=value or label=/regex/ (e.g. alertname=HostDown host=db1)`);
    matchers[word.slice(0, eq)] = word.slice(eq + 1);
  }
  if (command.seconds === undefined || !(command.seconds > 0)) throw new SilenceUsageError('silence add needs --for DURATION (e.g. --for 1h)');
  const silence = await addAuditedSilence(command.store, matchers, command.seconds, command.comment ?? '', audit, now);
  out.write(`silence ${silence.id} until ${silence.endsAt}: alerts matching ${Object.entries(matchers).map(([k, v]) => `${k}=${v}`).join(' ')} are not sent on\n`);
}

/** Adds a silence to the store's file and notes it in the audit log (the CLI and the TUI's `s`). */
export async function addAuditedSilence(store: string, matchers: Labels, seconds: number, comment: string, audit: AuditLog, now = Date.now()): Promise<Silence> {
  const file = silencesFile(store);
  const silence = addSilence(file, matchers, seconds, audit.identity.localUser, comment, now);
  await audit.note('silence-add', { silence: silence.id, matchers: silence.matchers, endsAt: silence.endsAt, comment: silence.comment, file });
  return silence;
}
