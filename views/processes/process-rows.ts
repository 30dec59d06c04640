import { naturalCompare } from '../../src/format/text.js';
import type { ProcessSnapshot } from '../../src/model/host-snapshot.js';

export const SORT_KEYS = ['cpu', 'memory', 'pid', 'user', 'command'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

const COMPARE: Record<SortKey, (a: ProcessSnapshot, b: ProcessSnapshot) => number> = {
  cpu: (a, b) => b.cpu - a.cpu || b.rss - a.rss,
  memory: (a, b) => b.rss - a.rss || b.cpu - a.cpu,
  pid: (a, b) => a.pid - b.pid,
  user: (a, b) => naturalCompare(a.user, b.user) || b.cpu - a.cpu,
  command: (a, b) => naturalCompare(a.command, b.command) || a.pid - b.pid,
};

/**
 * The rows the processes pane shows: those matching `filter` (case-insensitive, in the command
 * line, the user or the pid), in `sort` order (natural direction per column; `reverse` flips it).
 */
export function processRows(all: readonly ProcessSnapshot[], sort: SortKey, reverse: boolean, filter: string): ProcessSnapshot[] {
  const needle = filter.trim().toLowerCase();
  const rows = needle
    ? all.filter((p) => p.args.toLowerCase().includes(needle) || p.command.toLowerCase().includes(needle) || p.user.toLowerCase() === needle || String(p.pid) === needle)
    : [...all];
  rows.sort(COMPARE[sort]);
  return reverse ? rows.reverse() : rows;
}

export function nextSortKey(key: SortKey): SortKey {
  return SORT_KEYS[(SORT_KEYS.indexOf(key) + 1) % SORT_KEYS.length]!;
}
