/**
 * The one shape every collector produces for a host, local or remote, and that
 * `perfmon snapshot --json` prints. It is a public contract: add fields, never rename
 * or remove them. Bytes are integers, rates are per second, percentages are 0–100.
 */

export type HostStatus = 'up' | 'down';

export interface CpuTimes {
  /** Busy share of all time, 0–100 (everything but idle and iowait). */
  usage: number;
  user: number;
  system: number;
  iowait: number;
  steal: number;
}

export interface CpuSnapshot extends CpuTimes {
  cores: number;
  /** One entry per logical core, in the kernel's order (cpu0, cpu1, …). */
  perCore: CpuTimes[];
}

export interface MemorySnapshot {
  total: number;
  available: number;
  used: number;
  free: number;
  cached: number;
  buffers: number;
  swapTotal: number;
  swapUsed: number;
}

export interface DiskSnapshot {
  device: string;
  readIops: number;
  writeIops: number;
  readBytesPerSec: number;
  writeBytesPerSec: number;
  /** Share of wall time the device had I/O in flight, 0–100; null where unknown. */
  utilisation: number | null;
  /** Average ms per completed request (r+w); null where unknown or idle. */
  awaitMs: number | null;
  /** Average number of requests in flight over the interval; null where unknown. */
  queueLength: number | null;
}

export interface FilesystemSnapshot {
  mount: string;
  device: string;
  type: string;
  size: number;
  used: number;
  available: number;
}

export interface NetworkSnapshot {
  iface: string;
  rxBytesPerSec: number;
  txBytesPerSec: number;
  rxPacketsPerSec: number;
  txPacketsPerSec: number;
  /** Errors and drops are counted over the interval (not totals since boot). */
  rxErrors: number;
  txErrors: number;
  rxDrops: number;
  txDrops: number;
}

/** TCP sockets by state (IPv4 + IPv6), as the kernel names them, plus retransmits per second. */
export interface TcpSnapshot {
  established: number;
  synSent: number;
  synRecv: number;
  finWait1: number;
  finWait2: number;
  timeWait: number;
  close: number;
  closeWait: number;
  lastAck: number;
  listen: number;
  closing: number;
  retransmitsPerSec: number | null;
}

export interface ProcessSnapshot {
  pid: number;
  user: string;
  command: string;
  /** Full command line when known, else the command name. */
  args: string;
  /** Share of one core, so a busy multi-threaded process can exceed 100. */
  cpu: number;
  rss: number;
  /** rss as a share of memory.total, 0–100. */
  memory: number;
  state: string;
  threads: number | null;
  /** Bytes per second it read and wrote to storage (/proc/<pid>/io); absent where unknown (another user's process, not running nor waiting on a disk). */
  ioBytesPerSec?: number;
}

export interface JvmProcess {
  pid: number;
  user: string;
  mainClass: string;
}

export interface HostSnapshot {
  name: string;
  status: HostStatus;
  /** Why the host is down (or what partly failed); null when all is well. */
  error: string | null;
  /** ISO 8601 time of the reading. */
  time: string;
  /** Seconds since the host booted. */
  uptime: number | null;
  cpu: CpuSnapshot;
  load: [number, number, number];
  memory: MemorySnapshot;
  disks: DiskSnapshot[];
  filesystems: FilesystemSnapshot[];
  network: NetworkSnapshot[];
  tcp: TcpSnapshot;
  processes: ProcessSnapshot[];
  jvms: JvmProcess[];
}

export function emptyCpuTimes(): CpuTimes {
  return { usage: 0, user: 0, system: 0, iowait: 0, steal: 0 };
}

export function emptyTcp(): TcpSnapshot {
  return {
    established: 0,
    synSent: 0,
    synRecv: 0,
    finWait1: 0,
    finWait2: 0,
    timeWait: 0,
    close: 0,
    closeWait: 0,
    lastAck: 0,
    listen: 0,
    closing: 0,
    retransmitsPerSec: null,
  };
}

/** The snapshot of a host that could not be read: every metric empty, the reason in `error`. */
export function downSnapshot(name: string, error: string, time = new Date()): HostSnapshot {
  return {
    name,
    status: 'down',
    error,
    time: time.toISOString(),
    uptime: null,
    cpu: { ...emptyCpuTimes(), cores: 0, perCore: [] },
    load: [0, 0, 0],
    memory: { total: 0, available: 0, used: 0, free: 0, cached: 0, buffers: 0, swapTotal: 0, swapUsed: 0 },
    disks: [],
    filesystems: [],
    network: [],
    tcp: emptyTcp(),
    processes: [],
    jvms: [],
  };
}
