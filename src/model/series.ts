import type { HostSnapshot } from './host-snapshot.js';

/** The metrics whose history is kept per host, for the trend charts and the fleet's sparklines. */
export const SERIES_NAMES = ['cpu', 'memory', 'swap', 'diskRead', 'diskWrite', 'netRx', 'netTx', 'load1'] as const;
export type SeriesName = (typeof SERIES_NAMES)[number];

/** One sample of every series, derived from a snapshot. */
export function seriesValues(s: HostSnapshot): Record<SeriesName, number> {
  const sum = <T>(items: readonly T[], pick: (item: T) => number) => items.reduce((acc, item) => acc + pick(item), 0);
  // Loopback traffic never leaves the host; counting it would hide what the NICs do.
  const external = s.network.filter((n) => n.iface !== 'lo');
  return {
    cpu: s.cpu.usage,
    memory: s.memory.total > 0 ? (s.memory.used / s.memory.total) * 100 : 0,
    swap: s.memory.swapTotal > 0 ? (s.memory.swapUsed / s.memory.swapTotal) * 100 : 0,
    diskRead: sum(s.disks, (d) => d.readBytesPerSec),
    diskWrite: sum(s.disks, (d) => d.writeBytesPerSec),
    netRx: sum(external, (n) => n.rxBytesPerSec),
    netTx: sum(external, (n) => n.txBytesPerSec),
    load1: s.load[0],
  };
}
