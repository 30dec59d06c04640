/** `perfmon snapshot --at TIME`: the snapshot contract, read from history instead of the hosts. */
import type { HostSnapshot } from '../model/host-snapshot.js';
import { downSnapshot } from '../model/host-snapshot.js';
import { parseTime } from '../model/parse-time.js';
import { formatDuration } from '../format/units.js';
import { HistoryReader } from './history-reader.js';
import { DEFAULT_STALE_MS, fleetAt } from './snapshot-at.js';
import { HistoryStoreError } from './store-errors.js';

export interface SnapshotAtRequest {
  store: string;
  /** TIME as typed (ISO 8601, 03:12, -15m). */
  at: string;
  /** Only these hosts (the inventory's selection); default every host recorded. */
  hosts?: readonly string[];
  staleMs?: number;
  now?: number;
}

export interface SnapshotAt {
  at: number;
  store: string;
  staleMs: number;
  /** Each host as last recorded at or before `at`; an asked-for host with nothing recorded then is down, saying so. */
  hosts: HostSnapshot[];
  /** Hosts with nothing recorded in [at − staleMs, at]. */
  missing: string[];
  /** Hosts whose figures are the means of a minute (full resolution is no longer kept then). */
  fromRollups: string[];
}

export async function readSnapshotAt(request: SnapshotAtRequest): Promise<SnapshotAt> {
  const at = parseTime(request.at, request.now ?? Date.now());
  const staleMs = request.staleMs ?? DEFAULT_STALE_MS;
  const reader = await HistoryReader.open(request.store);
  try {
    const fleet = fleetAt(reader, at, { staleMs, ...(request.hosts ? { hosts: request.hosts } : {}) });
    if (fleet.hosts.length === 0) throw new HistoryStoreError(nothingNear(reader, at, staleMs, request.hosts), request.store);
    const within = `nothing recorded in the ${formatDuration(staleMs / 1000)} up to ${new Date(at).toISOString()}`;
    const hosts = request.hosts
      ? request.hosts.map((name) => fleet.hosts.find((h) => h.name === name)?.snapshot ?? downSnapshot(name, within, new Date(at)))
      : fleet.hosts.map((h) => h.snapshot);
    const fromRollups = fleet.hosts.filter((h) => h.tier === '1m').map((h) => h.name);
    return { at, store: request.store, staleMs, hosts, missing: fleet.missing, fromRollups };
  } finally {
    reader.close();
  }
}

/** The error for a moment the store cannot show: what it does hold. */
function nothingNear(reader: HistoryReader, at: number, staleMs: number, hosts: readonly string[] | undefined): string {
  const which = hosts ? `for ${hosts.join(', ')} ` : '';
  const iso = (t: number) => new Date(t).toISOString();
  return `the history store ${reader.dir} has nothing ${which}in the ${formatDuration(staleMs / 1000)} up to ${iso(at)}: ${storeHoldings(reader, iso)}`;
}

/** "it holds A to B" (full resolution), or that it is empty. */
export function storeHoldings(reader: HistoryReader, time: (t: number) => string): string {
  const span = reader.span();
  return span ? `it holds ${time(span.oldest)} to ${time(span.newest)}` : 'it is empty (is perfmon record running?)';
}
