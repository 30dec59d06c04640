import { levelOf, levelRank, worstLevel, type Level, type Thresholds } from '../../src/analysis/thresholds.js';
import { filesystemUsePercent } from '../../src/analysis/filesystem-use.js';
import type { HostState } from '../../src/model/store.js';
import { formatPercent } from '../../src/format/units.js';
import { naturalCompare } from '../../src/format/text.js';
import type { FleetHostInfo, FleetInfo } from './fleet-info.js';

/** One host as the fleet pane shows it: the figures its columns sort on, and how bad it is. */
export interface FleetRow {
  name: string;
  host: HostState;
  info: FleetHostInfo | undefined;
  cpu: number | null;
  memory: number | null;
  /** The busiest disk by utilisation (or IOPS where utilisation is unknown). */
  disk: { device: string; utilisation: number | null } | null;
  /** rx + tx bytes/s over every interface but loopback. */
  network: number | null;
  load: number | null;
  loadPerCore: number | null;
  /** The fullest filesystem, by df's rule. */
  filesystem: { mount: string; percent: number } | null;
  level: Level;
  /** What made the row warning or critical: the metrics at its level (`fs /data 96%`). */
  reasons: string[];
}

export const FLEET_SORT_KEYS = ['worst', 'name', 'cpu', 'memory', 'disk', 'filesystem', 'network', 'load'] as const;
export type FleetSortKey = (typeof FLEET_SORT_KEYS)[number];

/**
 * The rows of the fleet pane. A host's row is made again only when the host changed (or the
 * labels or thresholds did): with a thousand hosts, most renders change a few of them.
 */
export function fleetRows(hosts: readonly HostState[], info: FleetInfo | null, thresholds: Thresholds): FleetRow[] {
  const labels = new Map(info?.hosts.map((h) => [h.name, h]));
  return hosts.map((host) => {
    const made = madeRows.get(host);
    if (made && made.info === info && made.thresholds === thresholds) return made.row;
    const row = fleetRow(host, labels.get(host.name), thresholds);
    madeRows.set(host, { info, thresholds, row });
    return row;
  });
}

const madeRows = new WeakMap<HostState, { info: FleetInfo | null; thresholds: Thresholds; row: FleetRow }>();

function fleetRow(host: HostState, info: FleetHostInfo | undefined, thresholds: Thresholds): FleetRow {
  const s = host.snapshot;
  const up = host.status === 'up' && s !== null;
  const memory = up && s.memory.total > 0 ? (s.memory.used / s.memory.total) * 100 : null;
  const busiest = up ? [...s.disks].sort((a, b) => (b.utilisation ?? 0) - (a.utilisation ?? 0) || b.readIops + b.writeIops - (a.readIops + a.writeIops))[0] : undefined;
  const external = up ? s.network.filter((n) => n.iface !== 'lo') : [];
  const loadPerCore = up && s.cpu.cores > 0 ? s.load[0] / s.cpu.cores : null;
  // Each filesystem's use, by df's rule, once: the FS column and the WHY column both need it.
  const filesystems = up
    ? s.filesystems
        .map((f) => ({ mount: f.mount, percent: filesystemUsePercent(f) }))
        .filter((f): f is { mount: string; percent: number } => f.percent !== null)
    : [];
  const fullest = filesystems.reduce<{ mount: string; percent: number } | undefined>((worst, f) => (worst === undefined || f.percent > worst.percent ? f : worst), undefined);
  const row: FleetRow = {
    name: host.name,
    host,
    info,
    cpu: up ? s.cpu.usage : null,
    memory,
    disk: busiest ? { device: busiest.device, utilisation: busiest.utilisation } : null,
    network: up ? external.reduce((sum, n) => sum + n.rxBytesPerSec + n.txBytesPerSec, 0) : null,
    load: up ? s.load[0] : null,
    loadPerCore,
    filesystem: fullest ?? null,
    level: 'ok',
    reasons: [],
  };
  if (up) {
    const judged: { level: Level; reason: string }[] = [
      { level: levelOf(row.cpu, thresholds.cpu), reason: `cpu ${formatPercent(row.cpu)}` },
      { level: levelOf(row.memory, thresholds.memory), reason: `mem ${formatPercent(row.memory)}` },
      { level: levelOf(row.disk?.utilisation ?? null, thresholds.disk), reason: `disk ${row.disk?.device} ${formatPercent(row.disk?.utilisation ?? null)}` },
      { level: levelOf(loadPerCore, thresholds.loadPerCore), reason: `load ${(loadPerCore ?? 0).toFixed(1)}/core` },
      ...filesystems.map((f) => ({ level: levelOf(f.percent, thresholds.filesystem), reason: `fs ${f.mount} ${formatPercent(f.percent)}` })),
    ];
    row.level = worstLevel(judged.map((j) => j.level));
    if (row.level !== 'ok') row.reasons = judged.filter((j) => j.level === row.level).map((j) => j.reason);
  }
  return row;
}

/** Down hosts first, then connecting ones, then by how bad their worst metric is, then busiest CPU. */
function severity(row: FleetRow): number {
  if (row.host.status === 'down') return 100;
  if (row.host.status === 'connecting') return 50;
  return levelRank(row.level) * 10;
}

const COMPARE: Record<FleetSortKey, (a: FleetRow, b: FleetRow) => number> = {
  worst: (a, b) => severity(b) - severity(a) || (b.cpu ?? -1) - (a.cpu ?? -1) || naturalCompare(a.name, b.name),
  name: (a, b) => naturalCompare(a.name, b.name),
  cpu: (a, b) => (b.cpu ?? -1) - (a.cpu ?? -1),
  memory: (a, b) => (b.memory ?? -1) - (a.memory ?? -1),
  disk: (a, b) => (b.disk?.utilisation ?? -1) - (a.disk?.utilisation ?? -1),
  filesystem: (a, b) => (b.filesystem?.percent ?? -1) - (a.filesystem?.percent ?? -1),
  network: (a, b) => (b.network ?? -1) - (a.network ?? -1),
  load: (a, b) => (b.loadPerCore ?? -1) - (a.loadPerCore ?? -1),
};

export function sortFleetRows(rows: readonly FleetRow[], key: FleetSortKey, reverse: boolean): FleetRow[] {
  const sorted = [...rows].sort((a, b) => COMPARE[key](a, b) || naturalCompare(a.name, b.name));
  return reverse ? sorted.reverse() : sorted;
}

/** Case-insensitive match on the name, a label (key or value), a component or role, or the down reason. */
export function filterFleetRows(rows: readonly FleetRow[], text: string): FleetRow[] {
  const needle = text.trim().toLowerCase();
  if (!needle) return [...rows];
  return rows.filter((row) => {
    const haystack = [
      row.name,
      ...Object.entries(row.info?.labels ?? {}).map(([k, v]) => `${k}=${v}`),
      ...(row.info?.components ?? []).flatMap((c) => [c.name, c.role]),
      row.host.error ?? '',
    ];
    return haystack.some((s) => s.toLowerCase().includes(needle));
  });
}

export type Grouping = { kind: 'none' } | { kind: 'component' } | { kind: 'role' } | { kind: 'label'; key: string };

/** none → component → role → each label key → none. */
export function nextGrouping(current: Grouping, labelKeys: readonly string[]): Grouping {
  const order: Grouping[] = [{ kind: 'none' }, { kind: 'component' }, { kind: 'role' }, ...labelKeys.map((key): Grouping => ({ kind: 'label', key }))];
  const index = order.findIndex((g) => groupingName(g) === groupingName(current));
  return order[(index + 1) % order.length]!;
}

export function groupingName(g: Grouping): string {
  return g.kind === 'label' ? `label ${g.key}` : g.kind;
}

export interface RowGroup {
  title: string;
  rows: FleetRow[];
}

/**
 * Rows in groups (a host in two components appears in both); hosts without a value for the
 * grouping go last under "(none)". Groups keep the rows' order and come worst first.
 */
export function groupFleetRows(rows: readonly FleetRow[], grouping: Grouping): RowGroup[] {
  if (grouping.kind === 'none') return [{ title: '', rows: [...rows] }];
  const keysOf = (row: FleetRow): string[] => {
    if (grouping.kind === 'label') return row.info?.labels[grouping.key] !== undefined ? [row.info.labels[grouping.key]!] : [];
    const components = row.info?.components ?? [];
    return [...new Set(components.map((c) => (grouping.kind === 'component' ? c.name : c.role)))];
  };
  const groups = new Map<string, FleetRow[]>();
  for (const row of rows) {
    const keys = keysOf(row);
    for (const key of keys.length ? keys : ['(none)']) groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  const worst = (g: FleetRow[]) => Math.max(...g.map(severity));
  return [...groups.entries()]
    .sort(([a, ra], [b, rb]) => Number(a === '(none)') - Number(b === '(none)') || worst(rb) - worst(ra) || naturalCompare(a, b))
    .map(([title, groupRows]) => ({ title, rows: groupRows }));
}
