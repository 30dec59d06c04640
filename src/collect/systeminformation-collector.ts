import os from 'node:os';
import type { CpuTimes, HostSnapshot, NetworkSnapshot, ProcessSnapshot, TcpSnapshot } from '../model/host-snapshot.js';
import { emptyTcp } from '../model/host-snapshot.js';

type Si = typeof import('systeminformation');

/** How many processes a snapshot keeps: the top by CPU and the top by memory, merged. */
export const TOP_PROCESSES = 40;

/**
 * The portable local collector, on systeminformation. It is perfmon's local mode where the
 * /proc collector cannot run (macOS, or PERFMON_LOCAL_COLLECTOR=systeminformation). It cannot
 * see iowait or per-device disk I/O (systeminformation aggregates them), so those read 0 and
 * one "all" disk row; and it forks `ps`/`ss` for processes and sockets, so it costs more CPU.
 */
export class SystemInformationCollector {
  private previousNet = new Map<string, { rxErrors: number; txErrors: number; rxDrops: number; txDrops: number }>();
  private si: Si | null = null;

  constructor(private readonly name = os.hostname()) {}

  async collect(): Promise<HostSnapshot> {
    const si = (this.si ??= (await import('systeminformation')).default as unknown as Si);
    const [load, mem, disks, fs, net, conns, procs] = await Promise.all([
      si.currentLoad(),
      si.mem(),
      si.disksIO(),
      si.fsSize(),
      si.networkStats('*'),
      si.networkConnections(),
      si.processes(),
    ]);
    // Busy as the remote collector counts it: user + system + steal. (Node's CPU times, which
    // systeminformation reads, have no iowait: it is neither busy nor reported here.)
    const times = (user: number, system: number, steal: number): CpuTimes => ({
      usage: clampPercent(user + system + steal),
      user: clampPercent(user),
      system: clampPercent(system),
      iowait: 0,
      steal: clampPercent(steal),
    });
    return {
      name: this.name,
      status: 'up',
      error: null,
      time: new Date().toISOString(),
      uptime: os.uptime(),
      cpu: {
        cores: load.cpus.length,
        ...times(load.currentLoadUser + load.currentLoadNice, load.currentLoadSystem + load.currentLoadIrq, load.currentLoadSteal),
        perCore: load.cpus.map((c) => times(c.loadUser + c.loadNice, c.loadSystem + c.loadIrq, c.loadSteal)),
      },
      load: os.loadavg() as [number, number, number],
      memory: {
        total: mem.total,
        available: mem.available,
        used: mem.total - mem.available,
        free: mem.free,
        cached: mem.cached,
        buffers: mem.buffers,
        swapTotal: mem.swaptotal,
        swapUsed: mem.swapused,
      },
      disks: disks
        ? [
            {
              device: 'all',
              readIops: disks.rIO_sec ?? 0,
              writeIops: disks.wIO_sec ?? 0,
              readBytesPerSec: 0,
              writeBytesPerSec: 0,
              utilisation: null,
              awaitMs: null,
              queueLength: null,
            },
          ]
        : [],
      filesystems: fs.map((f) => ({ mount: f.mount, device: f.fs, type: f.type, size: f.size, used: f.used, available: f.available })),
      network: net.map((n) => this.networkRow(n)),
      tcp: countTcpStates(conns),
      processes: topProcesses(
        procs.list.map((p) => ({
          pid: p.pid,
          user: p.user,
          command: p.name,
          args: [p.command, p.params].filter(Boolean).join(' '),
          cpu: p.cpu,
          rss: p.memRss * 1024,
          memory: p.mem,
          state: p.state,
          threads: null,
        })),
        TOP_PROCESSES,
      ),
      jvms: [],
    };
  }

  private networkRow(n: Awaited<ReturnType<Si['networkStats']>>[number]): NetworkSnapshot {
    const totals = { rxErrors: n.rx_errors, txErrors: n.tx_errors, rxDrops: n.rx_dropped, txDrops: n.tx_dropped };
    const before = this.previousNet.get(n.iface) ?? totals;
    this.previousNet.set(n.iface, totals);
    return {
      iface: n.iface,
      rxBytesPerSec: Math.max(0, n.rx_sec ?? 0),
      txBytesPerSec: Math.max(0, n.tx_sec ?? 0),
      // systeminformation does not count packets.
      rxPacketsPerSec: 0,
      txPacketsPerSec: 0,
      rxErrors: totals.rxErrors - before.rxErrors,
      txErrors: totals.txErrors - before.txErrors,
      rxDrops: totals.rxDrops - before.rxDrops,
      txDrops: totals.txDrops - before.txDrops,
    };
  }
}

const TCP_STATE_FIELDS: Record<string, keyof TcpSnapshot> = {
  ESTABLISHED: 'established',
  SYN_SENT: 'synSent',
  SYN_RECV: 'synRecv',
  FIN_WAIT1: 'finWait1',
  FIN_WAIT2: 'finWait2',
  TIME_WAIT: 'timeWait',
  CLOSE: 'close',
  CLOSE_WAIT: 'closeWait',
  LAST_ACK: 'lastAck',
  LISTEN: 'listen',
  CLOSING: 'closing',
};

function countTcpStates(conns: readonly { protocol: string; state: string }[]): TcpSnapshot {
  const tcp = emptyTcp();
  for (const c of conns) {
    const field = TCP_STATE_FIELDS[c.state.toUpperCase().replace('-', '_')];
    if (c.protocol.startsWith('tcp') && field && field !== 'retransmitsPerSec') tcp[field] += 1;
  }
  return tcp;
}

/** The union of the top `n` processes by CPU and the top `n` by memory, busiest first. */
export function topProcesses(all: readonly ProcessSnapshot[], n: number): ProcessSnapshot[] {
  const byCpu = [...all].sort((a, b) => b.cpu - a.cpu).slice(0, n);
  const byMem = [...all].sort((a, b) => b.rss - a.rss).slice(0, n);
  const seen = new Set<number>();
  return [...byCpu, ...byMem].filter((p) => !seen.has(p.pid) && seen.add(p.pid));
}

function clampPercent(value: number): number {
  return Number.isFinite(value) ? Math.min(100, Math.max(0, value)) : 0;
}
