/** `perfmon history stats|query`: what the store holds, and a series over a range. */
import { join } from 'node:path';
import { parseDuration, parseTime } from '../model/parse-time.js';
import { stateDir } from '../procedures/state-dir.js';
import { HistoryReader } from './history-reader.js';

export interface Output {
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
}

export function defaultStoreDir(): string {
  return join(stateDir(), 'history');
}

/** The store a command reads or writes: --store, else the inventory's history.path, else the default. */
export function storeDirOf(flag: string | undefined, inventory: { history: { path: string | undefined } } | null | undefined): string {
  return flag ?? inventory?.history.path ?? defaultStoreDir();
}

const iso = (t: number | null) => (t === null ? '—' : new Date(t).toISOString());

export async function runHistoryStats(store: string, json: boolean, io: Output): Promise<void> {
  const reader = await HistoryReader.open(store);
  try {
    const stats = reader.stats();
    if (json) {
      io.out.write(`${JSON.stringify(stats, null, 2)}\n`);
      return;
    }
    io.out.write(`history store ${stats.dir} (${stats.fileBytes} bytes on disk, ${stats.seriesKnown} series known)\n`);
    io.out.write('tier  oldest                    newest                    bytes         series  points        bytes/point\n');
    for (const t of stats.tiers) {
      io.out.write(
        `${t.tier.padEnd(6)}${iso(t.oldest).padEnd(26)}${iso(t.newest).padEnd(26)}${String(t.bytes).padEnd(14)}${String(t.series).padEnd(8)}${String(t.points).padEnd(14)}${t.bytesPerPoint === null ? '—' : t.bytesPerPoint.toFixed(2)}\n`,
      );
    }
    io.out.write(`open windows: ${stats.open.segments} segments, ${stats.open.bytes} bytes\n`);
  } finally {
    reader.close();
  }
}

export interface QueryFlags {
  store: string;
  metric: string;
  host?: string;
  label: string[];
  from: string;
  to: string;
  step?: string;
  format: 'table' | 'json' | 'csv';
}

export async function runHistoryQuery(flags: QueryFlags, io: Output): Promise<void> {
  const labels: Record<string, string> = {};
  for (const pair of flags.label) {
    const eq = pair.indexOf('=');
    if (eq < 1) throw new Error(`--label ${JSON.stringify(pair)} is not k=v`);
    labels[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  if (flags.host !== undefined) labels['host'] = flags.host;
  const now = Date.now();
  const from = parseTime(flags.from, now);
  const to = parseTime(flags.to, now);
  // Default step: about 200 buckets, in whole seconds.
  const step = flags.step !== undefined ? parseDuration(flags.step) : Math.max(1000, Math.ceil((to - from) / 200 / 1000) * 1000);
  const reader = await HistoryReader.open(flags.store);
  try {
    const results = reader.query({ name: flags.metric, labels }, from, to, step);
    if (flags.format === 'json') {
      io.out.write(`${JSON.stringify({ from, to, step, series: results }, null, 2)}\n`);
      return;
    }
    if (flags.format === 'csv') io.out.write('series,time,min,max,mean,count\n');
    for (const r of results) {
      if (flags.format === 'table') io.out.write(`${r.id}  (tier ${r.tier}, step ${step / 1000} s)\n`);
      for (const b of r.buckets) {
        io.out.write(flags.format === 'csv' ? `"${r.id.replace(/"/g, '""')}",${iso(b.t)},${b.min},${b.max},${b.mean},${b.count}\n` : `  ${iso(b.t)}  min ${b.min}  max ${b.max}  mean ${b.mean.toFixed(3)}  n ${b.count}\n`);
      }
    }
    if (results.length === 0) io.err.write(`no series ${flags.metric} matches in ${flags.store}\n`);
  } finally {
    reader.close();
  }
}

/** `perfmon history events`: what perfmon did (the audit log as recorded), oldest first. */
export async function runHistoryEvents(flags: { store: string; from: string; to: string; json: boolean }, io: Output): Promise<void> {
  const now = Date.now();
  const from = parseTime(flags.from, now);
  const to = parseTime(flags.to, now);
  const reader = await HistoryReader.open(flags.store);
  try {
    const events = reader.events(from, to + 1);
    if (flags.json) {
      io.out.write(`${JSON.stringify({ from, to, events }, null, 2)}\n`);
      return;
    }
    const text = (v: unknown) => (typeof v === 'string' ? v : '');
    for (const { t, event: e } of events) {
      const where = [text(e['component']), text(e['host'])].filter((x) => x !== '').join('/');
      const outcome = e['event'] === 'after' ? (e['error'] !== undefined ? `failed: ${text(e['error'])}` : `exit ${String(e['exitStatus'] ?? e['httpStatus'] ?? '?')}`) : '';
      io.out.write(`${iso(t)}  ${text(e['event']).padEnd(6)}  ${(text(e['action']) || text(e['what'])).padEnd(14)}  ${where.padEnd(20)}  ${text(e['localUser'])}@${text(e['localHost'])}${outcome ? `  ${outcome}` : ''}${text(e['detail']) ? `  ${text(e['detail'])}` : ''}\n`);
    }
    if (events.length === 0) io.err.write(`no events between ${iso(from)} and ${iso(to)} in ${flags.store}\n`);
  } finally {
    reader.close();
  }
}
