/**
 * The alert signals of host-signals.ts, rebuilt from what history stores of a reading (the
 * series of host-snapshot-samples.ts): what the rules would have seen at that instant. The
 * same figures by the same rules — memory used over total, df's rounding for filesystems,
 * load over the number of cores (one cpu_core_usage series per core), errors and drops as
 * rx + tx — so a backtest judges a stored reading as the recorder judged the live one.
 */
import { filesystemUsePercent } from '../analysis/filesystem-use.js';
import type { Labels } from '../model/series-key.js';
import type { KeyedValue } from '../history/host-snapshot-samples.js';

/** The stored series the signals are made of. */
export const SIGNAL_SOURCES = [
  'host_up',
  'cpu_usage',
  'cpu_core_usage',
  'load1',
  'memory_total_bytes',
  'memory_used_bytes',
  'swap_total_bytes',
  'swap_used_bytes',
  'disk_utilisation',
  'disk_await_ms',
  'fs_used_bytes',
  'fs_available_bytes',
  'net_rx_errors',
  'net_tx_errors',
  'net_rx_drops',
  'net_tx_drops',
  'tcp_retransmits_per_sec',
] as const;

/** One host's stored samples of one instant → the signals alert rules watch. */
export function storedSignals(host: string, samples: readonly KeyedValue[]): KeyedValue[] {
  const single = new Map<string, number>();
  const per = new Map<string, Map<string, number>>();
  let cores = 0;
  for (const { key, v } of samples) {
    if (key.name === 'cpu_core_usage') cores++;
    const part = key.labels['device'] ?? key.labels['mount'] ?? key.labels['iface'];
    if (part === undefined) single.set(key.name, v);
    else {
      let byPart = per.get(key.name);
      if (!byPart) per.set(key.name, (byPart = new Map()));
      byPart.set(part, v);
    }
  }
  const out: KeyedValue[] = [];
  const add = (name: string, v: number | undefined | null, labels: Labels = {}) => {
    if (v === undefined || v === null || !Number.isFinite(v)) return;
    out.push({ key: { name, labels: { host, ...labels } }, v });
  };
  const up = single.get('host_up');
  add('host_up', up);
  if (up !== 1) return out;
  const ratio = (part: number | undefined, whole: number | undefined) => (part !== undefined && whole !== undefined && whole > 0 ? (part / whole) * 100 : null);
  add('cpu_busy_percent', single.get('cpu_usage'));
  add('memory_used_percent', ratio(single.get('memory_used_bytes'), single.get('memory_total_bytes')));
  add('swap_used_percent', ratio(single.get('swap_used_bytes'), single.get('swap_total_bytes')));
  const load = single.get('load1');
  add('load_per_core', load !== undefined && cores > 0 ? load / cores : null);
  const parts = (name: string) => [...(per.get(name) ?? new Map<string, number>())];
  for (const [device, v] of parts('disk_utilisation')) add('disk_utilisation_percent', v, { device });
  for (const [device, v] of parts('disk_await_ms')) add('disk_await_ms', v, { device });
  for (const [mount, used] of parts('fs_used_bytes')) {
    const available = per.get('fs_available_bytes')?.get(mount);
    if (available !== undefined) add('filesystem_used_percent', filesystemUsePercent({ used, available }), { mount });
  }
  const sum = (a: string, b: string, name: string) => {
    for (const [iface, v] of parts(a)) add(name, v + (per.get(b)?.get(iface) ?? NaN), { iface });
  };
  sum('net_rx_errors', 'net_tx_errors', 'network_errors');
  sum('net_rx_drops', 'net_tx_drops', 'network_drops');
  add('tcp_retransmits_per_sec', single.get('tcp_retransmits_per_sec'));
  return out;
}
