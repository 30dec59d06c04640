/**
 * The signals alert rules watch on a host, as labelled series: the figures the panes judge
 * (CPU busy, memory and swap used, load per core, disk utilisation and await, filesystem use by
 * df's rule, network errors and drops, TCP retransmits) and whether the host is up. Percentages
 * are 0–100, as the inventory's thresholds are.
 */
import { filesystemUsePercent } from '../analysis/filesystem-use.js';
import type { HostSnapshot } from '../model/host-snapshot.js';
import type { Labels } from '../model/series-key.js';
import type { KeyedValue } from '../history/host-snapshot-samples.js';

export function hostSignals(s: HostSnapshot): KeyedValue[] {
  const out: KeyedValue[] = [];
  const add = (name: string, v: number | null, labels: Labels = {}) => {
    if (v === null || !Number.isFinite(v)) return;
    out.push({ key: { name, labels: { host: s.name, ...labels } }, v });
  };
  add('host_up', s.status === 'up' ? 1 : 0);
  if (s.status !== 'up') return out;
  const m = s.memory;
  add('cpu_busy_percent', s.cpu.usage);
  add('memory_used_percent', m.total > 0 ? (m.used / m.total) * 100 : null);
  add('swap_used_percent', m.swapTotal > 0 ? (m.swapUsed / m.swapTotal) * 100 : null);
  add('load_per_core', s.cpu.cores > 0 ? s.load[0] / s.cpu.cores : null);
  for (const d of s.disks) {
    add('disk_utilisation_percent', d.utilisation, { device: d.device });
    add('disk_await_ms', d.awaitMs, { device: d.device });
  }
  for (const f of s.filesystems) add('filesystem_used_percent', filesystemUsePercent(f), { mount: f.mount });
  for (const n of s.network) {
    add('network_errors', n.rxErrors + n.txErrors, { iface: n.iface });
    add('network_drops', n.rxDrops + n.txDrops, { iface: n.iface });
  }
  add('tcp_retransmits_per_sec', s.tcp.retransmitsPerSec);
  return out;
}
