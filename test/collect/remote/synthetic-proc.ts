/**
 * A synthetic Linux root (proc/, sys/block/, etc/passwd) in the kernel's real file formats,
 * for running the real collector script against counters the test chose (collectorScript's
 * `root` option). Tests advance the counters by known amounts and expect exact figures; the
 * wire benchmark fakes 8- and 64-core hosts with it.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface CpuCounters {
  user: number;
  nice: number;
  system: number;
  idle: number;
  iowait: number;
  irq: number;
  softirq: number;
  steal: number;
}

export interface DiskCounters {
  name: string;
  reads: number;
  sectorsRead: number;
  readMs: number;
  writes: number;
  sectorsWritten: number;
  writeMs: number;
  inFlight: number;
  ioMs: number;
  weightedMs: number;
}

export interface NetCounters {
  name: string;
  rxBytes: number;
  rxPackets: number;
  rxErrors: number;
  rxDrops: number;
  txBytes: number;
  txPackets: number;
  txErrors: number;
  txDrops: number;
}

export interface ProcessState {
  pid: number;
  comm: string;
  state: string;
  utime: number;
  stime: number;
  threads: number;
  starttime: number;
  rssPages: number;
  uid: number;
  /** Written NUL-separated, as the kernel does; [] for a kernel thread. */
  cmdline: string[];
  /** Storage bytes read and written (/proc/<pid>/io); absent: no io file (another user's process). */
  io?: { read: number; write: number };
}

export interface HostState {
  hostname: string;
  kernel: string;
  /** Seconds; written with two decimals, as the kernel does. */
  uptime: number;
  load: [number, number, number];
  cpus: CpuCounters[];
  /** kB values by /proc/meminfo key (without the colon). */
  meminfo: Record<string, number>;
  disks: DiskCounters[];
  /** Names that get a /sys/block/<name> directory. */
  wholeDisks: string[];
  nets: NetCounters[];
  /** Hex states of the IPv4 and IPv6 sockets, e.g. '01' established, '0A' listen. */
  tcp: string[];
  tcp6: string[];
  retransSegs: number;
  /** /proc/mounts lines. */
  mounts: string[];
  processes: ProcessState[];
  passwd: string[];
  /** Kernel page size in kB (written to proc/self/smaps); 4 unless a test wants otherwise. */
  pageKb: number;
}

export function cpu(partial: Partial<CpuCounters> = {}): CpuCounters {
  return { user: 0, nice: 0, system: 0, idle: 0, iowait: 0, irq: 0, softirq: 0, steal: 0, ...partial };
}

export function disk(name: string, partial: Partial<DiskCounters> = {}): DiskCounters {
  return { name, reads: 0, sectorsRead: 0, readMs: 0, writes: 0, sectorsWritten: 0, writeMs: 0, inFlight: 0, ioMs: 0, weightedMs: 0, ...partial };
}

export function net(name: string, partial: Partial<NetCounters> = {}): NetCounters {
  return { name, rxBytes: 0, rxPackets: 0, rxErrors: 0, rxDrops: 0, txBytes: 0, txPackets: 0, txErrors: 0, txDrops: 0, ...partial };
}

const cpuLine = (name: string, c: CpuCounters): string =>
  `${name} ${c.user} ${c.nice} ${c.system} ${c.idle} ${c.iowait} ${c.irq} ${c.softirq} ${c.steal} 0 0`;

function statFile(cpus: readonly CpuCounters[]): string {
  const keys = Object.keys(cpu()) as (keyof CpuCounters)[];
  const total = cpu(Object.fromEntries(keys.map((k) => [k, cpus.reduce((sum, c) => sum + c[k], 0)])));
  const lines = [cpuLine('cpu ', total), ...cpus.map((c, i) => cpuLine(`cpu${i}`, c))];
  return `${lines.join('\n')}\nintr 12345 0 0 0\nctxt 67890\nbtime 1700000000\nprocesses 4242\nprocs_running 2\nprocs_blocked 0\nsoftirq 1 0 0\n`;
}

function diskstatsFile(disks: readonly DiskCounters[]): string {
  return disks
    .map((d, i) =>
      [String(8).padStart(4), String(i * 16).padStart(7), d.name, d.reads, 0, d.sectorsRead, d.readMs, d.writes, 0,
        d.sectorsWritten, d.writeMs, d.inFlight, d.ioMs, d.weightedMs, 0, 0, 0, 0, 0, 0].join(' '),
    )
    .map((line) => `${line}\n`)
    .join('');
}

function netDevFile(nets: readonly NetCounters[]): string {
  const head =
    'Inter-|   Receive                                                |  Transmit\n' +
    ' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n';
  return head + nets
    .map((n) => `${n.name.padStart(6)}: ${n.rxBytes} ${n.rxPackets} ${n.rxErrors} ${n.rxDrops} 0 0 0 0 ${n.txBytes} ${n.txPackets} ${n.txErrors} ${n.txDrops} 0 0 0 0\n`)
    .join('');
}

function tcpFile(states: readonly string[], v6: boolean): string {
  const address = (port: number) => (v6 ? `${'0'.repeat(24)}01000000:${port.toString(16).toUpperCase().padStart(4, '0')}` : `0100007F:${port.toString(16).toUpperCase().padStart(4, '0')}`);
  const head = v6
    ? '  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n'
    : '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n';
  return head + states
    .map((st, i) => `${String(i).padStart(4)}: ${address(8080)} ${address(40000 + i)} ${st} 00000000:00000000 00:00000000 00000000     0        0 ${1000 + i} 1 0000000000000000 100 0 0 10 0\n`)
    .join('');
}

function snmpFile(retrans: number): string {
  return 'Ip: Forwarding DefaultTTL InReceives\nIp: 1 64 100\n' +
    'Tcp: RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens PassiveOpens AttemptFails EstabResets CurrEstab InSegs OutSegs RetransSegs InErrs OutRsts InCsumErrors\n' +
    `Tcp: 1 200 120000 -1 10 5 0 0 2 1000 900 ${retrans} 0 0 0\n` +
    'Udp: InDatagrams NoPorts\nUdp: 5 0\n';
}

function processStat(p: ProcessState): string {
  // fields 1..52 of /proc/<pid>/stat; 14/15 utime/stime, 20 threads, 22 starttime, 24 rss
  const after = [p.state, 1, p.pid, p.pid, 0, -1, 4194560, 100, 0, 0, 0, p.utime, p.stime, 0, 0, 20, 0, p.threads, 0,
    p.starttime, 123456789, p.rssPages, '18446744073709551615', ...Array(28).fill(0)];
  return `${p.pid} (${p.comm}) ${after.join(' ')}\n`;
}

function processStatus(p: ProcessState): string {
  return `Name:\t${p.comm}\nUmask:\t0022\nState:\t${p.state} (sleeping)\nTgid:\t${p.pid}\nNgid:\t0\nPid:\t${p.pid}\nPPid:\t1\n` +
    `TracerPid:\t0\nUid:\t${p.uid}\t${p.uid}\t${p.uid}\t${p.uid}\nGid:\t${p.uid}\t${p.uid}\t${p.uid}\t${p.uid}\nThreads:\t${p.threads}\n`;
}

function put(root: string, path: string, text: string): void {
  const file = join(root, path);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, text);
}

/** Writes (or rewrites) the whole synthetic root for a state; vanished pids are removed. */
export function writeHost(root: string, s: HostState): void {
  put(root, 'proc/sys/kernel/hostname', `${s.hostname}\n`);
  put(root, 'proc/sys/kernel/osrelease', `${s.kernel}\n`);
  put(root, 'proc/uptime', `${s.uptime.toFixed(2)} ${(s.uptime * s.cpus.length * 0.9).toFixed(2)}\n`);
  put(root, 'proc/loadavg', `${s.load.map((l) => l.toFixed(2)).join(' ')} 2/${s.processes.length} 4242\n`);
  put(root, 'proc/stat', statFile(s.cpus));
  put(root, 'proc/meminfo', Object.entries(s.meminfo).map(([k, v]) => `${`${k}:`.padEnd(16)}${String(v).padStart(8)} kB\n`).join(''));
  put(root, 'proc/diskstats', diskstatsFile(s.disks));
  put(root, 'proc/net/dev', netDevFile(s.nets));
  put(root, 'proc/net/tcp', tcpFile(s.tcp, false));
  put(root, 'proc/net/tcp6', tcpFile(s.tcp6, true));
  put(root, 'proc/net/snmp', snmpFile(s.retransSegs));
  put(root, 'proc/mounts', s.mounts.map((m) => `${m}\n`).join(''));
  put(root, 'proc/self/smaps', `55d0c0000000-55d0c0001000 r--p 00000000 fe:00 1 /usr/bin/awk\nSize:                  4 kB\nKernelPageSize:       ${s.pageKb} kB\nMMUPageSize:          ${s.pageKb} kB\n`);
  put(root, 'etc/passwd', s.passwd.map((l) => `${l}\n`).join(''));
  for (const name of s.wholeDisks) put(root, `sys/block/${name}/dev`, '8:0\n');
  const live = new Set(s.processes.map((p) => String(p.pid)));
  for (const name of readdirSync(join(root, 'proc'))) {
    if (/^\d+$/.test(name) && !live.has(name)) rmSync(join(root, 'proc', name), { recursive: true, force: true });
  }
  for (const p of s.processes) {
    put(root, `proc/${p.pid}/stat`, processStat(p));
    put(root, `proc/${p.pid}/status`, processStatus(p));
    put(root, `proc/${p.pid}/cmdline`, p.cmdline.map((a) => `${a}\0`).join(''));
    if (p.io) put(root, `proc/${p.pid}/io`, `rchar: ${p.io.read + 99}\nwchar: ${p.io.write + 99}\nsyscr: 7\nsyscw: 7\nread_bytes: ${p.io.read}\nwrite_bytes: ${p.io.write}\ncancelled_write_bytes: 0\n`);
  }
}

/** A sleeping single-threaded root process with what the test does not choose zeroed. */
export const syntheticProcess = (p: Partial<ProcessState> & Pick<ProcessState, 'pid' | 'comm'>): ProcessState => ({
  state: 'S', utime: 0, stime: 0, threads: 1, starttime: 500, rssPages: 0, uid: 0, cmdline: [], ...p,
});

/** A two-core host with disks, interfaces, mounts and processes of every awkward kind. */
export function exampleHost(): HostState {
  return {
    hostname: 'trade-db-7',
    kernel: '5.14.0-427.el9.x86_64',
    uptime: 1000,
    load: [0.5, 0.42, 3],
    cpus: [cpu({ user: 1000, idle: 5000 }), cpu({ user: 800, idle: 5200 })],
    meminfo: { MemTotal: 16384000, MemFree: 4000000, MemAvailable: 10000000, Buffers: 200000, Cached: 5000000, SReclaimable: 300000, SwapTotal: 2097148, SwapFree: 1048574 },
    disks: [
      disk('sda', { reads: 1000, sectorsRead: 9000, writes: 10 }),
      disk('sda1', { reads: 900, sectorsRead: 8000 }),
      disk('nvme0n1', { reads: 5 }),
      disk('nvme0n1p1', { reads: 5 }),
      disk('loop0', { reads: 50 }),
      disk('dm-0', { writes: 40 }),
      disk('xvdb1', { reads: 7 }),
      disk('sr0'),
    ],
    wholeDisks: ['sda', 'nvme0n1', 'loop0', 'dm-0', 'sr0'],
    nets: [net('lo', { rxBytes: 100, rxPackets: 1, txBytes: 100, txPackets: 1 }), net('eth0', { rxBytes: 5000, rxPackets: 50 }), net('ifb0')],
    tcp: ['0A', '01', '01', '06', '08'],
    tcp6: ['0A', '01', '0B'],
    retransSegs: 500,
    mounts: [
      '/dev/sda1 / ext4 rw 0 0',
      '/dev/nvme0n1p1 /data xfs rw 0 0',
      'tmpfs /dev/shm tmpfs rw 0 0',
      '/dev/loop0 /snap/core/1 squashfs ro 0 0',
      'overlay /var/lib/docker/overlay2/abc/merged overlay rw 0 0',
      '/dev/sdb1 /mnt/my\\040disk ext4 rw 0 0',
      'tmpfs /dev/shm tmpfs rw 0 0',
      'tmpfs /var/lib/kubelet/pods/0f3c/volumes/kubernetes.io~secret/token tmpfs rw 0 0',
      'tmpfs /run/user/1000 tmpfs rw 0 0',
    ],
    processes: [
      syntheticProcess({ pid: 1, comm: 'systemd', rssPages: 200, threads: 1, cmdline: ['/sbin/init', 'splash'] }),
      syntheticProcess({ pid: 2, comm: 'kthreadd' }),
      syntheticProcess({ pid: 200, comm: 'java', uid: 1001, rssPages: 16384, threads: 48, utime: 5000, cmdline: ['/usr/lib/jvm/bin/java', '-Xmx4g', '-cp', '/opt/a.jar:/opt/b.jar', '-Dx=y', 'com.acme.OrderEngine', '--port', '9000'] }),
      syntheticProcess({ pid: 201, comm: 'java', uid: 1002, rssPages: 8192, threads: 30, cmdline: ['java', '-jar', '/opt/md/market-data.jar'] }),
      syntheticProcess({ pid: 300, comm: 'tmux: server', rssPages: 100, cmdline: ['tmux', 'new', '-s', 'ops'] }),
      syntheticProcess({ pid: 301, comm: 'evil) R 1 (x', rssPages: 50, cmdline: ['evil', 'a\tb', '\u001b[31mred'] }),
      syntheticProcess({ pid: 400, comm: 'jsvc', rssPages: 4096, threads: 20, cmdline: ['jsvc', '-user', 'tomcat', '-pidfile', '/run/t.pid', '-cp', 'x.jar', 'org.apache.catalina.startup.Bootstrap', 'start'] }),
    ],
    passwd: ['root:x:0:0:root:/root:/bin/bash', 'orders:x:1001:1001::/home/orders:/bin/sh', 'md:x:1002:1002::/home/md:/bin/sh'],
    pageKb: 64,
  };
}
