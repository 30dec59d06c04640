/**
 * The series a host reading becomes in history: every figure of a HostSnapshot, named
 * Prometheus-style, labelled with the host and the part it measures. A value the collector
 * could not read (null) is left out, so history shows a gap rather than a made-up zero. A host
 * that is down records only `host_up 0` and `host_down_reason{reason="…"} 1`. `snapshot-at.ts`
 * turns the samples back into a HostSnapshot.
 */
import type { DiskSnapshot, FilesystemSnapshot, HostSnapshot, MemorySnapshot, NetworkSnapshot } from '../model/host-snapshot.js';
import type { Labels, SeriesKey } from '../model/series-key.js';

export interface KeyedValue {
  key: SeriesKey;
  v: number;
}

export interface SnapshotSeriesOptions {
  /** How many of the busiest processes to keep (by CPU); 0 leaves processes out. */
  topProcesses?: number;
}

export type Fields<T> = readonly (readonly [keyof T, string])[];

export const MEMORY_SERIES: Fields<MemorySnapshot> = [
  ['total', 'memory_total_bytes'],
  ['available', 'memory_available_bytes'],
  ['used', 'memory_used_bytes'],
  ['free', 'memory_free_bytes'],
  ['cached', 'memory_cached_bytes'],
  ['buffers', 'memory_buffers_bytes'],
  ['swapTotal', 'swap_total_bytes'],
  ['swapUsed', 'swap_used_bytes'],
];
export const DISK_SERIES: Fields<DiskSnapshot> = [
  ['readIops', 'disk_read_iops'],
  ['writeIops', 'disk_write_iops'],
  ['readBytesPerSec', 'disk_read_bytes_per_sec'],
  ['writeBytesPerSec', 'disk_write_bytes_per_sec'],
  ['utilisation', 'disk_utilisation'],
  ['awaitMs', 'disk_await_ms'],
  ['queueLength', 'disk_queue_length'],
];
export const FILESYSTEM_SERIES: Fields<FilesystemSnapshot> = [
  ['size', 'fs_size_bytes'],
  ['used', 'fs_used_bytes'],
  ['available', 'fs_available_bytes'],
];
export const NETWORK_SERIES: Fields<NetworkSnapshot> = [
  ['rxBytesPerSec', 'net_rx_bytes_per_sec'],
  ['txBytesPerSec', 'net_tx_bytes_per_sec'],
  ['rxPacketsPerSec', 'net_rx_packets_per_sec'],
  ['txPacketsPerSec', 'net_tx_packets_per_sec'],
  ['rxErrors', 'net_rx_errors'],
  ['txErrors', 'net_tx_errors'],
  ['rxDrops', 'net_rx_drops'],
  ['txDrops', 'net_tx_drops'],
];

/** Processes kept for their storage I/O besides the busiest by CPU. */
const TOP_BY_IO = 3;

export function hostSnapshotSamples(s: HostSnapshot, options: SnapshotSeriesOptions = {}): KeyedValue[] {
  const out: KeyedValue[] = [];
  const host = s.name;
  const add = (name: string, v: unknown, labels: Labels = {}) => {
    if (typeof v !== 'number' || Number.isNaN(v)) return;
    out.push({ key: { name, labels: { host, ...labels } }, v });
  };
  add('host_up', s.status === 'up' ? 1 : 0);
  if (s.status !== 'up') {
    add('host_down_reason', 1, { reason: s.error ?? 'unreachable' });
    return out;
  }
  add('host_uptime_seconds', s.uptime);
  const cpu = (prefix: string, times: HostSnapshot['cpu'] | HostSnapshot['cpu']['perCore'][number], labels: Labels = {}) => {
    add(`${prefix}_usage`, times.usage, labels);
    add(`${prefix}_user`, times.user, labels);
    add(`${prefix}_system`, times.system, labels);
    add(`${prefix}_iowait`, times.iowait, labels);
    add(`${prefix}_steal`, times.steal, labels);
  };
  cpu('cpu', s.cpu);
  s.cpu.perCore.forEach((core, index) => cpu('cpu_core', core, { core: String(index) }));
  add('load1', s.load[0]);
  add('load5', s.load[1]);
  add('load15', s.load[2]);
  for (const [field, name] of MEMORY_SERIES) add(name, s.memory[field]);
  for (const d of s.disks) for (const [field, name] of DISK_SERIES) add(name, d[field], { device: d.device });
  for (const f of s.filesystems) for (const [field, name] of FILESYSTEM_SERIES) add(name, f[field], { mount: f.mount });
  for (const n of s.network) for (const [field, name] of NETWORK_SERIES) add(name, n[field], { iface: n.iface });
  const { retransmitsPerSec, ...states } = s.tcp;
  for (const [state, count] of Object.entries(states)) add('tcp_sockets', count, { state });
  add('tcp_retransmits_per_sec', retransmitsPerSec);
  const keep = options.topProcesses ?? 0;
  const top = [...s.processes].sort((a, b) => b.cpu - a.cpu).slice(0, keep);
  // and the busiest on storage: a writer waiting on its disk uses little CPU
  const writers = keep === 0 ? [] : s.processes.filter((p) => (p.ioBytesPerSec ?? 0) > 0 && !top.includes(p)).sort((a, b) => b.ioBytesPerSec! - a.ioBytesPerSec!).slice(0, TOP_BY_IO);
  for (const p of [...top, ...writers]) {
    const labels = { pid: String(p.pid), command: p.command };
    add('process_cpu', p.cpu, labels);
    add('process_rss_bytes', p.rss, labels);
    add('process_memory', p.memory, labels);
    add('process_threads', p.threads, labels);
    add('process_io_bytes_per_sec', p.ioBytesPerSec, labels);
  }
  return out;
}
