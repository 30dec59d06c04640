/**
 * The fleet at a past moment, rebuilt from history: for each host, the HostSnapshot of its
 * latest instant at or before T (within a staleness window), the inverse of
 * host-snapshot-samples.ts. What history does not keep comes back empty: a filesystem's device
 * and type, a process's user, arguments and state, the JVM list; only the busiest processes
 * the recorder kept (possibly at a coarser step: then the latest instant that has them).
 */
import { downSnapshot, emptyCpuTimes, emptyTcp, type CpuTimes, type HostSnapshot, type ProcessSnapshot, type TcpSnapshot } from '../model/host-snapshot.js';
import { parseSeriesId, seriesId, type SeriesKey } from '../model/series-key.js';
import type { GroupInstants, HistoryReader } from './history-reader.js';
import { DISK_SERIES, FILESYSTEM_SERIES, MEMORY_SERIES, NETWORK_SERIES, type Fields } from './host-snapshot-samples.js';

/** How far before T a host's latest instant may be and still stand for T. */
export const DEFAULT_STALE_MS = 2 * 60_000;

export interface HostAt {
  name: string;
  /** Time of the instant shown (ms since 1970): at or before T. */
  t: number;
  /** As recorded then; a host that was down is a down snapshot with the recorded reason. */
  snapshot: HostSnapshot;
  /** For a host down at T: its latest good reading within the window before, if any. */
  lastGood: HostSnapshot | null;
  /** With `trail`: up to that many good readings before the instant shown, oldest first (for trends). */
  trail: HostSnapshot[];
  /**
   * Where the figures come from: `raw`, the instant as read; `1m`, the means of the minute
   * starting at `t`, where full resolution is no longer kept (past its retention).
   */
  tier: 'raw' | '1m';
}

export interface FleetAt {
  /** The moment asked for (ms since 1970). */
  at: number;
  staleMs: number;
  /** Hosts with an instant in [at − staleMs, at], in the order asked for (or by name). */
  hosts: HostAt[];
  /** Hosts asked for (or known to the store) with nothing recorded in that window. */
  missing: string[];
}

export interface FleetAtOptions {
  staleMs?: number;
  /** The hosts to rebuild (default: every host the store has a `host_up` series for). */
  hosts?: readonly string[];
  /** How many earlier good readings (within the window) to give each host as its `trail`. */
  trail?: number;
}

/** Every host the store has recorded, by name. */
export function recordedHosts(reader: HistoryReader): string[] {
  return reader
    .seriesIds({ name: 'host_up' })
    .map((id) => parseSeriesId(id).labels['host'])
    .filter((h): h is string => h !== undefined)
    .sort();
}

export function fleetAt(reader: HistoryReader, at: number, options: FleetAtOptions = {}): FleetAt {
  const fleet = readingFleetAt(reader, at, options);
  while (!fleet.next().done);
  return fleet.result;
}

/**
 * fleetAt one host per `next()`, for a caller that reads a large fleet in slices (the TUI,
 * which lets keys through between them); `result` fills as it goes.
 */
export function readingFleetAt(reader: HistoryReader, at: number, options: FleetAtOptions = {}): Iterator<string> & { result: FleetAt } {
  const staleMs = options.staleMs ?? DEFAULT_STALE_MS;
  const names = options.hosts ?? recordedHosts(reader);
  const result: FleetAt = { at, staleMs, hosts: [], missing: [] };
  let index = 0;
  return {
    result,
    next: () => {
      const name = names[index++];
      if (name === undefined) return { done: true, value: undefined };
      const host = hostAt(reader, name, at, staleMs, options.trail ?? 0);
      if (host) result.hosts.push(host);
      else result.missing.push(name);
      return { done: false, value: name };
    },
  };
}

/** How far back a host's latest reading is looked for first (then the whole staleness window). */
const PROBE_MS = 15_000;

/** Series ids parsed once per process: every step of a replay reads the same ones. */
const parsedKeys = new Map<string, SeriesKey>();
function seriesKeyOf(id: string): SeriesKey {
  let key = parsedKeys.get(id);
  if (!key) {
    if (parsedKeys.size >= 200_000) parsedKeys.clear(); // a bound, for stores of very many series
    parsedKeys.set(id, (key = parseSeriesId(id)));
  }
  return key;
}

/** One host at `at`, or null when nothing of it was recorded in [at − staleMs, at]. */
export function hostAt(reader: HistoryReader, name: string, at: number, staleMs = DEFAULT_STALE_MS, trail = 0): HostAt | null {
  const group = reader.groupOf(seriesId({ name: 'host_up', labels: { host: name } }));
  if (group === undefined) return null;
  // The last seconds (and the lead-up asked for) are usually enough; the whole window only when
  // they hold no reading, or no good one of a host that is down.
  const probe = Math.min(staleMs, PROBE_MS + trail * 1000);
  let instants = reader.instants(group, at - probe, at);
  let keys = instants.ids.map(seriesKeyOf);
  let upIndex = keys.findIndex((k) => k.name === 'host_up' && k.labels['host'] === name);
  if (probe < staleMs && !instants.values[upIndex]?.includes(1)) {
    instants = reader.instants(group, at - staleMs, at);
    keys = instants.ids.map(seriesKeyOf);
    upIndex = keys.findIndex((k) => k.name === 'host_up' && k.labels['host'] === name);
  }
  const rows = instants.times.length;
  if (rows === 0) return hostFromRollups(reader, name, group, at, staleMs);
  const row = rows - 1;
  const samplesAt = (r: number, pick: (k: SeriesKey) => boolean) => samplesOfRow(instants, keys, r, pick);
  const isUp = (r: number) => instants.values[upIndex]?.[r] === 1;
  const t = instants.times[row]!;
  const snapshotOf = (r: number) => snapshotFromSamples(name, instants.times[r]!, samplesAt(r, ownHost(name)), processRows(instants, keys, r, name));
  const trailRows: number[] = [];
  for (let r = row - 1; r >= 0 && trailRows.length < trail; r--) if (isUp(r)) trailRows.unshift(r);
  const trailOf = (before: number) => trailRows.filter((r) => r < before).map(snapshotOf);
  if (!isUp(row)) {
    const reason = samplesAt(row, (k) => k.name === 'host_down_reason')[0]?.key.labels['reason'] ?? 'down (no reason was recorded)';
    const good = lastRow(row, isUp);
    const lastGood = good === null ? lastUpBefore(reader, name, t) : snapshotOf(good);
    return { name, t, snapshot: downSnapshot(name, reason, new Date(t)), lastGood, trail: good === null ? [] : trailOf(good), tier: 'raw' };
  }
  return { name, t, snapshot: snapshotOf(row), lastGood: null, trail: trailOf(row), tier: 'raw' };
}

const MINUTE = 60_000;

/**
 * Past the full-resolution retention: the host from the 1-minute rollups, each figure the mean
 * of the minute at or before `at` (up when it was up most of that minute).
 */
function hostFromRollups(reader: HistoryReader, name: string, group: string, at: number, staleMs: number): HostAt | null {
  const [up] = reader.query({ name: 'host_up', labels: { host: name } }, at - Math.max(staleMs, MINUTE), at + 1, MINUTE);
  const bucket = up?.tier === '1m' ? up.buckets.findLast((b) => b.t <= at) : undefined;
  if (!bucket) return null;
  const samples: Sample[] = [];
  for (const id of reader.groupSeries(group)) {
    const key = parseSeriesId(id);
    const mean = reader.query(key, bucket.t, bucket.t + MINUTE, MINUTE).find((r) => r.id === id)?.buckets[0]?.mean;
    if (mean !== undefined) samples.push({ key, v: mean });
  }
  const base = { name, t: bucket.t, lastGood: null, trail: [], tier: '1m' as const };
  if (bucket.mean < 0.5) {
    const reason = samples.find((s) => s.key.name === 'host_down_reason')?.key.labels['reason'] ?? 'down (no reason was recorded)';
    return { ...base, snapshot: downSnapshot(name, reason, new Date(bucket.t)) };
  }
  const own = ownHost(name);
  const processes = samples.filter((s) => s.key.name.startsWith('process_') && s.key.labels['host'] === name);
  return { ...base, snapshot: snapshotFromSamples(name, bucket.t, samples.filter((s) => own(s.key)), processes) };
}

/** How far back a host down for longer than the window is looked for up. */
const LOOKBACK_MS = 60 * 60_000;

/** A host down for the whole window: its last good reading within the hour before, if any. */
function lastUpBefore(reader: HistoryReader, name: string, before: number): HostSnapshot | null {
  const step = 1000;
  const [series] = reader.query({ name: 'host_up', labels: { host: name } }, before - LOOKBACK_MS, before, step);
  const bucket = series?.buckets.findLast((b) => b.max === 1);
  if (!bucket) return null;
  const up = hostAt(reader, name, bucket.t + step - 1, step);
  return up?.snapshot.status === 'up' ? up.snapshot : null;
}

/** The process samples of the latest instant ≤ row that has any (the recorder may keep them at a coarser step). */
function processRows(instants: GroupInstants, keys: readonly SeriesKey[], row: number, host: string): Sample[] {
  const cpuColumns = keys.flatMap((k, i) => (k.name === 'process_cpu' ? [instants.values[i]!] : []));
  const found = lastRow(row, (r) => cpuColumns.some((c) => c[r] !== undefined));
  return found === null ? [] : samplesOfRow(instants, keys, found, (k) => k.name.startsWith('process_') && k.labels['host'] === host);
}

function lastRow(from: number, test: (row: number) => boolean): number | null {
  for (let r = from; r >= 0; r--) if (test(r)) return r;
  return null;
}

const ownHost = (host: string) => (k: SeriesKey) => k.labels['host'] === host && !k.name.startsWith('process_');

interface Sample {
  key: SeriesKey;
  v: number;
}

function samplesOfRow(instants: GroupInstants, keys: readonly SeriesKey[], row: number, pick: (k: SeriesKey) => boolean): Sample[] {
  const out: Sample[] = [];
  keys.forEach((key, i) => {
    const v = instants.values[i]![row];
    if (v !== undefined && pick(key)) out.push({ key, v });
  });
  return out;
}

/** The inverse of hostSnapshotSamples for an up host: its samples (and its processes') as a HostSnapshot. */
export function snapshotFromSamples(name: string, t: number, samples: readonly Sample[], processSamples: readonly Sample[] = []): HostSnapshot {
  const byName = new Map<string, Sample[]>();
  for (const s of samples) {
    const list = byName.get(s.key.name);
    if (list) list.push(s);
    else byName.set(s.key.name, [s]);
  }
  const one = (metric: string): number | null => byName.get(metric)?.[0]?.v ?? null;
  const cpuTimes = (prefix: string, filter: (s: Sample) => boolean = () => true): CpuTimes => {
    const times = emptyCpuTimes();
    for (const field of Object.keys(times) as (keyof CpuTimes)[]) times[field] = byName.get(`${prefix}_${field}`)?.find(filter)?.v ?? 0;
    return times;
  };
  const cores = [...new Set((byName.get('cpu_core_usage') ?? []).map((s) => Number(s.key.labels['core'])))].sort((a, b) => a - b);
  const perCore = cores.map((core) => cpuTimes('cpu_core', (s) => s.key.labels['core'] === String(core)));
  const memory = Object.fromEntries(MEMORY_SERIES.map(([field, metric]) => [field, one(metric) ?? 0])) as unknown as HostSnapshot['memory'];
  const tcp = emptyTcp();
  for (const s of byName.get('tcp_sockets') ?? []) {
    const state = s.key.labels['state'] as Exclude<keyof TcpSnapshot, 'retransmitsPerSec'> | undefined;
    if (state && state in tcp) tcp[state] = s.v;
  }
  tcp.retransmitsPerSec = one('tcp_retransmits_per_sec');
  return {
    name,
    status: 'up',
    error: null,
    time: new Date(t).toISOString(),
    uptime: one('host_uptime_seconds'),
    cpu: { ...cpuTimes('cpu'), cores: perCore.length, perCore },
    load: [one('load1') ?? 0, one('load5') ?? 0, one('load15') ?? 0],
    memory,
    disks: labelled(byName, DISK_SERIES, 'device', DISK_NULLABLE).map(({ label, fields }) => ({ device: label, ...fields }) as HostSnapshot['disks'][number]),
    filesystems: labelled(byName, FILESYSTEM_SERIES, 'mount').map(({ label, fields }) => ({ mount: label, device: '', type: '', ...fields }) as HostSnapshot['filesystems'][number]),
    network: labelled(byName, NETWORK_SERIES, 'iface').map(({ label, fields }) => ({ iface: label, ...fields }) as HostSnapshot['network'][number]),
    tcp,
    processes: processesFrom(processSamples),
    jvms: [],
  };
}

/** Fields the collector may not know: absent in history means null, not 0. */
const DISK_NULLABLE = new Set(['utilisation', 'awaitMs', 'queueLength']);

/** One entry per value of `label` (in the order first recorded), each field from its series. */
function labelled<T>(byName: Map<string, Sample[]>, fields: Fields<T>, label: string, nullable: ReadonlySet<string> = new Set()) {
  const entries = new Map<string, Record<string, number | null>>();
  for (const [field, metric] of fields) {
    for (const s of byName.get(metric) ?? []) {
      const value = s.key.labels[label];
      if (value === undefined) continue;
      let entry = entries.get(value);
      if (!entry) entries.set(value, (entry = Object.fromEntries(fields.map(([f]) => [f, nullable.has(String(f)) ? null : 0]))));
      entry[String(field)] = s.v;
    }
  }
  return [...entries].map(([value, record]) => ({ label: value, fields: record }));
}

function processesFrom(samples: readonly Sample[]): ProcessSnapshot[] {
  const byPid = new Map<string, ProcessSnapshot>();
  for (const { key, v } of samples) {
    const pid = key.labels['pid'];
    const command = key.labels['command'] ?? '';
    if (pid === undefined) continue;
    const id = `${pid} ${command}`;
    let p = byPid.get(id);
    if (!p) byPid.set(id, (p = { pid: Number(pid), user: '', command, args: command, cpu: 0, rss: 0, memory: 0, state: '', threads: null }));
    if (key.name === 'process_cpu') p.cpu = v;
    else if (key.name === 'process_rss_bytes') p.rss = v;
    else if (key.name === 'process_memory') p.memory = v;
    else if (key.name === 'process_threads') p.threads = v;
    else if (key.name === 'process_io_bytes_per_sec') p.ioBytesPerSec = v;
  }
  return [...byPid.values()].sort((a, b) => b.cpu - a.cpu);
}
