import type { HostSnapshot } from './host-snapshot.js';
import type { SeriesKey } from './series-key.js';

/** The metrics whose history is kept per host, for the trend charts and the fleet's sparklines. */
export const SERIES_NAMES = ['cpu', 'memory', 'swap', 'diskRead', 'diskWrite', 'netRx', 'netTx', 'load1'] as const;
export type SeriesName = (typeof SERIES_NAMES)[number];

/**
 * Each live host series' metric name (labelled `host="…"`). Names a history series of the same
 * figure shares (cpu_usage, load1) are the same; the whole-host sums are `host_…`, apart from the
 * per-device and per-interface series history keeps.
 */
export const SERIES_METRICS: Readonly<Record<SeriesName, string>> = {
  cpu: 'cpu_usage',
  memory: 'memory_used_percent',
  swap: 'swap_used_percent',
  diskRead: 'host_disk_read_bytes_per_sec',
  diskWrite: 'host_disk_write_bytes_per_sec',
  netRx: 'host_net_rx_bytes_per_sec',
  netTx: 'host_net_tx_bytes_per_sec',
  load1: 'load1',
};

/** The key of a host's live series. */
export function hostSeriesKey(host: string, name: SeriesName): SeriesKey {
  return { name: SERIES_METRICS[name], labels: { host } };
}

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
