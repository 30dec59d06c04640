/**
 * The USE method on each host's resources, from the stored host series: for CPU, memory, each
 * disk and each network interface, its utilisation (saturated: at or past SATURATION_LEVEL for
 * SATURATED_SHARE of the window), its saturation (run queue per core, swapping, disk queue and
 * await) and its errors (drops, retransmits). Steal is shown with the CPU. Not recorded, so not
 * judged: /proc/pressure, major faults, OOM kills, link speed, file descriptors.
 */
import { formatByteRate, formatBytes, formatCount, formatPercent } from '../../format/units.js';
import type { BottleneckWindow, WindowSeries } from './bottleneck-window.js';
import { CULPRIT_METRICS, seriesOf, type SeriesWanted } from './bottleneck-window.js';
import { topProcesses } from './culprits.js';
import type { BottleneckResource, Culprit, Evidence } from './finding.js';
import { alignedMeans, evidence, meanOf, SATURATED_SHARE, SATURATION_LEVEL, shareIn } from './saturation.js';

/** One host's saturated resource, before hosts saturated alike are grouped into one finding. */
export interface HostCandidate {
  resource: BottleneckResource;
  host: string;
  /** The part of the host: a disk's device, an interface. */
  part: string | null;
  /** "CPU saturated", "disk vda saturated". */
  title: string;
  /** Share of the window saturated, 0–1. */
  share: number;
  /** How deep into saturation, 0–1 (run queue past one per core, queued I/O, swapping). */
  pressure: number;
  /** 'warning' when saturated; 'info' for errors seen without saturation. */
  level: 'warning' | 'info';
  evidence: Evidence[];
  culprits: Culprit[];
}

const clamp01 = (v: number) => (Number.isFinite(v) ? Math.max(0, Math.min(1, v)) : 0);
const idOf = (s: WindowSeries) => s.id;

function cpuCandidate(window: BottleneckWindow, host: string): HostCandidate | null {
  const usage = seriesOf(window, 'cpu_usage', { host })[0];
  if (!usage) return null;
  const values = alignedMeans(window, usage.points);
  const share = shareIn(window, values, SATURATION_LEVEL);
  if (share < SATURATED_SHARE) return null;
  const cores = Math.max(1, seriesOf(window, 'cpu_core_usage', { host }).length);
  const load = seriesOf(window, 'load1', { host })[0];
  const perCore = load ? alignedMeans(window, load.points).map((v) => v / cores) : [];
  const steal = seriesOf(window, 'cpu_steal', { host })[0];
  const stealValues = steal ? alignedMeans(window, steal.points) : [];
  const out: Evidence[] = [evidence(window, { series: idOf(usage), what: 'CPU busy', unit: '%', values, threshold: SATURATION_LEVEL, scaleMax: 100 })];
  if (load) out.push(evidence(window, { series: `${idOf(load)} / ${cores} cores`, what: 'run queue per core', unit: 'tasks', values: perCore, threshold: 1 }));
  const stealMean = meanOf(stealValues);
  if (steal && stealMean >= 5) out.push(evidence(window, { series: idOf(steal), what: 'steal (the hypervisor took it)', unit: '%', values: stealValues, scaleMax: 100 }));
  return {
    resource: 'cpu',
    host,
    part: null,
    title: stealMean >= 5 ? `CPU saturated (${formatPercent(stealMean)} stolen by the hypervisor)` : 'CPU saturated',
    share,
    pressure: clamp01(meanOf(perCore) - 1),
    level: 'warning',
    evidence: out,
    culprits: topProcesses(window, host, CULPRIT_METRICS.cpu, (v) => `${formatPercent(v)} of a core`, 1),
  };
}

function memoryCandidate(window: BottleneckWindow, host: string): HostCandidate | null {
  const total = seriesOf(window, 'memory_total_bytes', { host })[0];
  const available = seriesOf(window, 'memory_available_bytes', { host })[0];
  if (!total || !available) return null;
  const totals = alignedMeans(window, total.points);
  const used = alignedMeans(window, available.points).map((a, i) => 100 * (1 - a / totals[i]!));
  const share = shareIn(window, used, SATURATION_LEVEL);
  const swap = seriesOf(window, 'swap_used_bytes', { host })[0];
  const swapValues = swap ? alignedMeans(window, swap.points) : [];
  const known = swapValues.filter(Number.isFinite);
  // Swap that grew over the window: memory is being pushed out (the USE method's memory saturation).
  const swapGrowth = known.length >= 2 ? known.at(-1)! - known[0]! : 0;
  const swapping = swapGrowth > 16 * 1024 * 1024;
  if (share < SATURATED_SHARE && !swapping) return null;
  const out = [evidence(window, { series: `1 - ${idOf(available)} / memory_total_bytes`, what: 'memory used', unit: '%', values: used, threshold: SATURATION_LEVEL, scaleMax: 100 })];
  if (swap) out.push(evidence(window, { series: idOf(swap), what: 'swap used', unit: 'bytes', values: swapValues }));
  return {
    resource: 'memory',
    host,
    part: null,
    title: swapping ? `memory saturated: swapping (+${formatBytes(swapGrowth)} swapped out)` : 'memory saturated',
    share: Math.max(share, swapping ? SATURATED_SHARE : 0),
    pressure: swapping ? 1 : 0,
    level: 'warning',
    evidence: out,
    culprits: topProcesses(window, host, CULPRIT_METRICS.memory, (v) => `${formatBytes(v)} resident`, 1),
  };
}

function diskCandidates(window: BottleneckWindow, host: string): HostCandidate[] {
  return seriesOf(window, 'disk_utilisation', { host }).flatMap((util) => {
    const device = util.key.labels['device'] ?? '?';
    const values = alignedMeans(window, util.points);
    const labels = { host, device };
    const queue = seriesOf(window, 'disk_queue_length', labels)[0];
    const queueValues = queue ? alignedMeans(window, queue.points) : [];
    // Busy time says little of a device that serves many requests at once (SSD, NVMe, virtio): its queue does.
    const busyShare = shareIn(window, values, SATURATION_LEVEL);
    const queuedShare = shareIn(window, queueValues, DISK_QUEUE_LEVEL);
    const share = Math.max(busyShare, queuedShare);
    if (share < SATURATED_SHARE) return [];
    const out = [evidence(window, { series: idOf(util), what: `disk ${device} busy`, unit: '%', values, threshold: SATURATION_LEVEL, scaleMax: 100 })];
    if (queue) out.push(evidence(window, { series: idOf(queue), what: 'requests in flight', unit: 'requests', values: queueValues, threshold: DISK_QUEUE_LEVEL }));
    if (queuedShare > busyShare) out.reverse();
    const wait = seriesOf(window, 'disk_await_ms', labels)[0];
    if (wait) out.push(evidence(window, { series: idOf(wait), what: 'await', unit: 'ms', values: alignedMeans(window, wait.points) }));
    for (const [metric, what] of [['disk_write_bytes_per_sec', 'written'], ['disk_read_bytes_per_sec', 'read']] as const) {
      const s = seriesOf(window, metric, labels)[0];
      if (s) out.push(evidence(window, { series: idOf(s), what, unit: 'bytes/s', values: alignedMeans(window, s.points) }));
    }
    return [
      {
        resource: 'disk' as const,
        host,
        part: device,
        title: queuedShare > busyShare ? `disk ${device} saturated: ${formatCount(meanOf(queueValues))} requests queued` : `disk ${device} saturated`,
        share,
        pressure: clamp01((meanOf(queueValues) - 1) / 4),
        level: 'warning' as const,
        evidence: out,
        culprits: topProcesses(window, host, CULPRIT_METRICS.disk, (v) => `${formatByteRate(v)} read+written`, 1),
      },
    ];
  });
}

function networkCandidates(window: BottleneckWindow, host: string): HostCandidate[] {
  const out: HostCandidate[] = [];
  const ifaces = new Set(['net_rx_drops', 'net_tx_drops', 'net_rx_errors', 'net_tx_errors'].flatMap((m) => seriesOf(window, m, { host }).map((s) => s.key.labels['iface'] ?? '?')));
  for (const iface of ifaces) {
    const trouble = ['net_rx_drops', 'net_tx_drops', 'net_rx_errors', 'net_tx_errors'].flatMap((m) => seriesOf(window, m, { host, iface }));
    const withLoss = trouble.filter((s) => s.points.some((p) => p.max > 0));
    if (withLoss.length === 0) continue;
    const ev = withLoss.map((s) => evidence(window, { series: idOf(s), what: s.key.name.replace('net_', '').replace('_', ' '), unit: 'packets per reading', values: alignedMeans(window, s.points), threshold: Number.MIN_VALUE }));
    const share = Math.max(...ev.map((e) => e.shareAbove ?? 0));
    out.push({ resource: 'network', host, part: iface, title: `network ${iface} dropping or failing packets`, share, pressure: 0, level: share >= SATURATED_SHARE ? 'warning' : 'info', evidence: ev, culprits: [] });
  }
  const retransmits = seriesOf(window, 'tcp_retransmits_per_sec', { host })[0];
  if (retransmits) {
    const values = alignedMeans(window, retransmits.points);
    const share = shareIn(window, values, RETRANSMITS_PER_SEC);
    if (share >= SATURATED_SHARE) {
      out.push({
        resource: 'network',
        host,
        part: 'tcp',
        title: `TCP retransmitting (${formatCount(meanOf(values))}/s)`,
        share,
        pressure: 0,
        level: 'info',
        evidence: [evidence(window, { series: idOf(retransmits), what: 'TCP retransmits', unit: '/s', values, threshold: RETRANSMITS_PER_SEC })],
        culprits: [],
      });
    }
  }
  return out;
}

/** Requests in flight that count as a queue (one at a time is a busy disk, four waiting is a saturated one). */
export const DISK_QUEUE_LEVEL = 4;

/** Retransmits per second that count as a lossy path (a healthy LAN host retransmits a few a minute). */
export const RETRANSMITS_PER_SEC = 5;

export function hostCandidates(window: BottleneckWindow, host: string): HostCandidate[] {
  return [cpuCandidate(window, host), memoryCandidate(window, host), ...diskCandidates(window, host), ...networkCandidates(window, host)].filter((c): c is HostCandidate => c !== null);
}

/** The process series the saturated host resources of `window` are blamed on (read only for those). */
export function culpritSeries(window: BottleneckWindow, hosts: readonly string[]): SeriesWanted[] {
  return hosts.flatMap((host) =>
    hostCandidates(window, host).flatMap((c) => {
      const name = c.resource in CULPRIT_METRICS ? CULPRIT_METRICS[c.resource as keyof typeof CULPRIT_METRICS] : undefined;
      return name === undefined ? [] : [{ name, labels: { host } }];
    }),
  );
}
