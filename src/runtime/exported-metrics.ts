/**
 * The fleet's readings under the names Prometheus users know: node_exporter's where the
 * quantity is the same (so existing dashboards work), units in the name, counters ending in
 * `_total`, every series labelled with `host`. perfmon reads rates; a counter here is the sum
 * of rate × interval since the recorder started reading the host (what `rate()` undoes).
 * Served by metrics-endpoint.ts (`perfmon record --listen`); the README lists the names.
 */
import type { HostSnapshot } from '../model/host-snapshot.js';

export type MetricType = 'gauge' | 'counter';

export interface MetricFamily {
  name: string;
  help: string;
  type: MetricType;
  labels: readonly string[];
}

const family = (name: string, type: MetricType, labels: readonly string[], help: string): MetricFamily => ({ name, help, type, labels: ['host', ...labels] });

/** Every family exported, by name. */
export const FAMILIES = {
  up: family('perfmon_host_up', 'gauge', [], 'Whether perfmon reads the host (1) or not (0)'),
  load1: family('node_load1', 'gauge', [], '1m load average'),
  load5: family('node_load5', 'gauge', [], '5m load average'),
  load15: family('node_load15', 'gauge', [], '15m load average'),
  cpu: family('node_cpu_seconds_total', 'counter', ['cpu', 'mode'], 'Seconds the CPUs spent in each mode'),
  memTotal: family('node_memory_MemTotal_bytes', 'gauge', [], 'Memory information field MemTotal_bytes'),
  memAvailable: family('node_memory_MemAvailable_bytes', 'gauge', [], 'Memory information field MemAvailable_bytes'),
  memFree: family('node_memory_MemFree_bytes', 'gauge', [], 'Memory information field MemFree_bytes'),
  memCached: family('node_memory_Cached_bytes', 'gauge', [], 'Memory information field Cached_bytes (with SReclaimable)'),
  memBuffers: family('node_memory_Buffers_bytes', 'gauge', [], 'Memory information field Buffers_bytes'),
  swapTotal: family('node_memory_SwapTotal_bytes', 'gauge', [], 'Memory information field SwapTotal_bytes'),
  swapFree: family('node_memory_SwapFree_bytes', 'gauge', [], 'Memory information field SwapFree_bytes'),
  diskReads: family('node_disk_reads_completed_total', 'counter', ['device'], 'The total number of reads completed successfully'),
  diskWrites: family('node_disk_writes_completed_total', 'counter', ['device'], 'The total number of writes completed successfully'),
  diskReadBytes: family('node_disk_read_bytes_total', 'counter', ['device'], 'The total number of bytes read successfully'),
  diskWrittenBytes: family('node_disk_written_bytes_total', 'counter', ['device'], 'The total number of bytes written successfully'),
  diskIoTime: family('node_disk_io_time_seconds_total', 'counter', ['device'], 'Total seconds spent doing I/Os'),
  fsSize: family('node_filesystem_size_bytes', 'gauge', ['device', 'fstype', 'mountpoint'], 'Filesystem size in bytes'),
  fsAvail: family('node_filesystem_avail_bytes', 'gauge', ['device', 'fstype', 'mountpoint'], 'Filesystem space available to non-root users in bytes'),
  fsFree: family('node_filesystem_free_bytes', 'gauge', ['device', 'fstype', 'mountpoint'], 'Filesystem free space in bytes'),
  netRxBytes: family('node_network_receive_bytes_total', 'counter', ['device'], 'Network device statistic receive_bytes'),
  netTxBytes: family('node_network_transmit_bytes_total', 'counter', ['device'], 'Network device statistic transmit_bytes'),
  netRxPackets: family('node_network_receive_packets_total', 'counter', ['device'], 'Network device statistic receive_packets'),
  netTxPackets: family('node_network_transmit_packets_total', 'counter', ['device'], 'Network device statistic transmit_packets'),
  netRxErrs: family('node_network_receive_errs_total', 'counter', ['device'], 'Network device statistic receive_errs'),
  netTxErrs: family('node_network_transmit_errs_total', 'counter', ['device'], 'Network device statistic transmit_errs'),
  netRxDrop: family('node_network_receive_drop_total', 'counter', ['device'], 'Network device statistic receive_drop'),
  netTxDrop: family('node_network_transmit_drop_total', 'counter', ['device'], 'Network device statistic transmit_drop'),
  retrans: family('node_netstat_Tcp_RetransSegs_total', 'counter', [], 'TCP segments retransmitted'),
  tcpStates: family('node_tcp_connection_states', 'gauge', ['state'], 'Number of connection states'),
} as const satisfies Record<string, MetricFamily>;

export type FamilyKey = keyof typeof FAMILIES;

/** One value of one series: the family, its label values (after `host`), the value. */
export interface ExportedSample {
  family: FamilyKey;
  labels: Record<string, string>;
  value: number;
}

const TCP_STATE_NAMES = {
  established: 'established', synSent: 'syn_sent', synRecv: 'syn_recv', finWait1: 'fin_wait1', finWait2: 'fin_wait2', timeWait: 'time_wait',
  close: 'close', closeWait: 'close_wait', lastAck: 'last_ack', listen: 'listen', closing: 'closing',
} as const;

/** The gauges of one reading. */
export function gaugesOf(s: HostSnapshot): ExportedSample[] {
  const out: ExportedSample[] = [];
  const put = (family: FamilyKey, value: number, labels: Record<string, string> = {}) => out.push({ family, labels: { host: s.name, ...labels }, value });
  put('load1', s.load[0]);
  put('load5', s.load[1]);
  put('load15', s.load[2]);
  const m = s.memory;
  put('memTotal', m.total);
  put('memAvailable', m.available);
  put('memFree', m.free);
  put('memCached', m.cached);
  put('memBuffers', m.buffers);
  put('swapTotal', m.swapTotal);
  put('swapFree', m.swapTotal - m.swapUsed);
  for (const f of s.filesystems) {
    const labels = { device: f.device, fstype: f.type, mountpoint: f.mount };
    put('fsSize', f.size, labels);
    put('fsAvail', f.available, labels);
    put('fsFree', f.size - f.used, labels);
  }
  for (const [key, state] of Object.entries(TCP_STATE_NAMES)) put('tcpStates', s.tcp[key as keyof typeof TCP_STATE_NAMES], { state });
  return out;
}

/**
 * What one reading adds to the counters: each rate over `seconds` (the time the reading's rates
 * cover), the CPU's per-mode shares of each core's seconds.
 */
export function counterIncrements(s: HostSnapshot, seconds: number): ExportedSample[] {
  const out: ExportedSample[] = [];
  const add = (family: FamilyKey, value: number, labels: Record<string, string> = {}) => out.push({ family, labels: { host: s.name, ...labels }, value: Math.max(0, value) });
  s.cpu.perCore.forEach((core, i) => {
    const cpu = String(i);
    const busy = core.user + core.system + core.iowait + core.steal;
    add('cpu', (core.user / 100) * seconds, { cpu, mode: 'user' });
    add('cpu', (core.system / 100) * seconds, { cpu, mode: 'system' });
    add('cpu', (core.iowait / 100) * seconds, { cpu, mode: 'iowait' });
    add('cpu', (core.steal / 100) * seconds, { cpu, mode: 'steal' });
    add('cpu', (Math.max(0, 100 - busy) / 100) * seconds, { cpu, mode: 'idle' });
  });
  for (const d of s.disks) {
    const device = { device: d.device };
    add('diskReads', d.readIops * seconds, device);
    add('diskWrites', d.writeIops * seconds, device);
    add('diskReadBytes', d.readBytesPerSec * seconds, device);
    add('diskWrittenBytes', d.writeBytesPerSec * seconds, device);
    add('diskIoTime', ((d.utilisation ?? 0) / 100) * seconds, device);
  }
  for (const n of s.network) {
    const device = { device: n.iface };
    add('netRxBytes', n.rxBytesPerSec * seconds, device);
    add('netTxBytes', n.txBytesPerSec * seconds, device);
    add('netRxPackets', n.rxPacketsPerSec * seconds, device);
    add('netTxPackets', n.txPacketsPerSec * seconds, device);
    // errors and drops come as counts over the reading's interval already
    add('netRxErrs', n.rxErrors, device);
    add('netTxErrs', n.txErrors, device);
    add('netRxDrop', n.rxDrops, device);
    add('netTxDrop', n.txDrops, device);
  }
  if (s.tcp.retransmitsPerSec !== null) add('retrans', s.tcp.retransmitsPerSec * seconds);
  return out;
}
