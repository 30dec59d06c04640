/**
 * The rows of the Dumps pane's JVM table: every JVM of the fleet, from the JVM watcher's
 * readings, plus those only a host's process list knows yet (a JVM just started, a monitor
 * that could not start: the row says why). Sorting and filtering are pure.
 */
import { naturalCompare } from '../../src/format/text.js';
import type { JvmSnapshot } from '../../src/model/jvm-reading.js';
import type { HostJvmsReading } from '../../src/model/platform-state.js';
import type { HostState } from '../../src/model/store.js';
import { heapPercent } from '../overview/jvm-section.js';

export const JVM_SORT_KEYS = ['host', 'heap', 'gc', 'threads', 'uptime', 'class'] as const;
export type JvmSortKey = (typeof JVM_SORT_KEYS)[number];

export const JVM_SORT_NAMES: Record<JvmSortKey, string> = { host: 'host', heap: 'heap use', gc: 'GC time', threads: 'threads', uptime: 'uptime', class: 'main class' };

export interface JvmRow {
  /** `host:pid` */
  id: string;
  host: string;
  pid: number;
  user: string;
  mainClass: string;
  /** The newest reading with figures, or null. */
  figures: JvmSnapshot | null;
  /** Why there are no figures (or why they are stale); null when they are current. */
  note: string | null;
  /** Heap used of max (committed when no max), 0–100; -1 without figures. */
  heapPercent: number;
}

export function jvmRows(hosts: readonly HostState[], readings: readonly HostJvmsReading[] | undefined): JvmRow[] {
  const rows: JvmRow[] = [];
  for (const host of hosts) {
    const reading = readings?.find((r) => r.host === host.name);
    const down = host.status === 'down' ? `${host.name} is down: ${host.error ?? 'no reading'}` : null;
    const seen = new Set<number>();
    for (const j of reading?.jvms ?? []) {
      seen.add(j.pid);
      const ok = j.status === 'ok' && j.heap !== null;
      rows.push({ id: `${host.name}:${j.pid}`, host: host.name, pid: j.pid, user: j.user, mainClass: j.mainClass, figures: ok ? j : null, note: down ?? (ok ? null : (j.error ?? 'no figures')), heapPercent: ok ? heapPercent(j) : -1 });
    }
    for (const j of host.snapshot?.jvms ?? []) {
      if (seen.has(j.pid)) continue;
      const why = down ?? reading?.error ?? (readings === undefined ? 'JVM figures need the fleet’s JVM watcher' : 'waiting for the first reading');
      rows.push({ id: `${host.name}:${j.pid}`, host: host.name, pid: j.pid, user: j.user, mainClass: j.mainClass, figures: null, note: why, heapPercent: -1 });
    }
  }
  return rows;
}

function compare(key: JvmSortKey): (a: JvmRow, b: JvmRow) => number {
  const byHost = (a: JvmRow, b: JvmRow) => naturalCompare(a.host, b.host) || a.pid - b.pid;
  const desc = (value: (r: JvmRow) => number) => (a: JvmRow, b: JvmRow) => value(b) - value(a) || byHost(a, b);
  switch (key) {
    case 'host':
      return byHost;
    case 'heap':
      return desc((r) => r.heapPercent);
    case 'gc':
      return desc((r) => r.figures?.gc?.timePercent ?? -1);
    case 'threads':
      return desc((r) => r.figures?.threads?.live ?? -1);
    case 'uptime':
      return desc((r) => r.figures?.uptimeSeconds ?? -1);
    case 'class':
      return (a, b) => naturalCompare(a.mainClass, b.mainClass) || byHost(a, b);
  }
}

export function sortJvmRows(rows: readonly JvmRow[], key: JvmSortKey, reverse: boolean): JvmRow[] {
  const sorted = [...rows].sort(compare(key));
  return reverse ? sorted.reverse() : sorted;
}

/** Rows whose host, pid, user or main class contains the filter (any case). */
export function filterJvmRows(rows: readonly JvmRow[], filter: string): JvmRow[] {
  const needle = filter.trim().toLowerCase();
  if (needle === '') return [...rows];
  return rows.filter((r) => [r.host, String(r.pid), r.user, r.mainClass].some((field) => field.toLowerCase().includes(needle)));
}
