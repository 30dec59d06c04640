/**
 * The settings that decide a host's latency, read in one shell script (over SSH, or on this
 * machine): CPU frequency governor, transparent huge pages, huge pages reserved and free,
 * memory, the vm/kernel/net sysctls (from /proc/sys, no sysctl binary needed), irqbalance,
 * each disk's scheduler, readahead and kind, the data filesystems' mount options, and for each
 * JVM its open-file limit, nice value, CPU affinity, cgroup limits and command line. The
 * script takes no input (nothing of ours reaches the shell); it prints `key<TAB>value` lines,
 * parsed here into a raw TuningReading. Pure but for the script itself.
 */

export const SYSCTLS = [
  'vm.swappiness',
  'vm.dirty_ratio',
  'vm.dirty_background_ratio',
  'kernel.numa_balancing',
  'net.core.somaxconn',
  'net.core.rmem_max',
  'net.core.wmem_max',
  'net.ipv4.tcp_rmem',
  'net.ipv4.tcp_wmem',
  'net.core.busy_poll',
  'net.core.busy_read',
  'net.core.netdev_max_backlog',
  'net.ipv4.tcp_max_syn_backlog',
] as const;

export const TUNING_SCRIPT = [
  "g=$(cat /sys/devices/system/cpu/cpu*/cpufreq/scaling_governor 2>/dev/null | sort -u | tr '\\n' ',' | sed 's/,$//')",
  'printf "governor\\t%s\\n" "${g:-none}"',
  'for f in enabled defrag; do v=$(sed -n "s/.*\\[\\(.*\\)\\].*/\\1/p" /sys/kernel/mm/transparent_hugepage/$f 2>/dev/null); printf "thp.%s\\t%s\\n" "$f" "${v:-none}"; done',
  'awk \'/^(MemTotal|HugePages_Total|HugePages_Free|Hugepagesize):/ {sub(":","",$1); print "meminfo." $1 "\\t" $2}\' /proc/meminfo',
  `for k in ${SYSCTLS.map((s) => s.replace(/\./g, '/')).join(' ')}; do [ -r /proc/sys/$k ] && printf "sysctl.%s\\t%s\\n" "$(echo $k | tr / .)" "$(tr '\\t' ' ' < /proc/sys/$k)"; done`,
  'if pgrep -x irqbalance >/dev/null 2>&1; then printf "irqbalance\\trunning\\n"; else printf "irqbalance\\tstopped\\n"; fi',
  'for q in /sys/block/*/queue; do [ -d "$q" ] || continue; d=${q%/queue}; d=${d##*/}; case $d in loop*|ram*|zram*|sr*|dm-*) continue;; esac;',
  '  s=$(sed -n "s/.*\\[\\(.*\\)\\].*/\\1/p" $q/scheduler 2>/dev/null); printf "disk.%s.scheduler\\t%s\\n" "$d" "${s:-none}";',
  '  printf "disk.%s.read_ahead_kb\\t%s\\n" "$d" "$(cat $q/read_ahead_kb)"; printf "disk.%s.rotational\\t%s\\n" "$d" "$(cat $q/rotational)"; done',
  'awk \'$3 ~ /^(ext4|xfs|btrfs)$/ {print "mount." $2 "\\t" $3 " " $4}\' /proc/mounts',
  'printf "nproc\\t%s\\n" "$(nproc 2>/dev/null || echo 0)"',
  'for p in $(pgrep -x java; pgrep -x jsvc); do [ -r /proc/$p/status ] || continue;',
  '  printf "jvm.%s.nofile\\t%s\\n" "$p" "$(awk \'/^Max open files/ {print $4}\' /proc/$p/limits 2>/dev/null)";',
  '  printf "jvm.%s.nice\\t%s\\n" "$p" "$(sed "s/.*) //" /proc/$p/stat | awk \'{print $17}\')";',
  '  printf "jvm.%s.cpus\\t%s\\n" "$p" "$(awk \'/^Cpus_allowed_list/ {print $2}\' /proc/$p/status)";',
  '  cg=$(awk -F: \'$1 == "0" {print $3}\' /proc/$p/cgroup 2>/dev/null);',
  '  printf "jvm.%s.cgroup_memory\\t%s\\n" "$p" "$(cat /sys/fs/cgroup$cg/memory.max 2>/dev/null || echo none)";',
  '  printf "jvm.%s.cgroup_cpu\\t%s\\n" "$p" "$(cat /sys/fs/cgroup$cg/cpu.max 2>/dev/null || echo none)";',
  '  printf "jvm.%s.args\\t%s\\n" "$p" "$(tr \'\\0\\t\' \'\\037 \' < /proc/$p/cmdline)"; done',
].join('\n');

export interface DiskSettings {
  device: string;
  scheduler: string;
  readAheadKb: number | null;
  rotational: boolean;
}

export interface JvmSettings {
  pid: number;
  openFiles: number | null;
  nice: number | null;
  cpus: string;
  /** cgroup v2 memory.max in bytes, 'max', or null when not readable. */
  cgroupMemory: number | 'max' | null;
  /** cgroup v2 cpu.max (`max 100000`, `200000 100000`), or null. */
  cgroupCpu: string | null;
  args: string[];
}

export interface TuningReading {
  host: string;
  governor: string;
  thp: { enabled: string; defrag: string };
  memTotalBytes: number | null;
  hugePages: { total: number; free: number; sizeBytes: number };
  sysctl: Record<string, string>;
  irqbalance: 'running' | 'stopped';
  disks: DiskSettings[];
  mounts: Array<{ mount: string; fsType: string; options: string[] }>;
  cpus: number;
  jvms: JvmSettings[];
}

const int = (text: string | undefined): number | null => (text !== undefined && /^-?\d+$/.test(text.trim()) ? Number(text.trim()) : null);

/** The script's output → a reading; lines it does not know are ignored. */
export function parseTuningOutput(host: string, text: string): TuningReading {
  const values = new Map<string, string>();
  for (const line of text.split('\n')) {
    const tab = line.indexOf('\t');
    if (tab > 0) values.set(line.slice(0, tab), line.slice(tab + 1).trim());
  }
  const disks = new Map<string, DiskSettings>();
  const jvms = new Map<number, JvmSettings>();
  const mounts: TuningReading['mounts'] = [];
  const sysctl: Record<string, string> = {};
  for (const [key, value] of values) {
    if (key.startsWith('sysctl.')) sysctl[key.slice('sysctl.'.length)] = value;
    const disk = /^disk\.(.+)\.(scheduler|read_ahead_kb|rotational)$/.exec(key);
    if (disk) {
      const d = disks.get(disk[1]!) ?? { device: disk[1]!, scheduler: 'none', readAheadKb: null, rotational: false };
      if (disk[2] === 'scheduler') d.scheduler = value;
      else if (disk[2] === 'read_ahead_kb') d.readAheadKb = int(value);
      else d.rotational = value === '1';
      disks.set(d.device, d);
    }
    if (key.startsWith('mount.')) {
      const [fsType = '?', options = ''] = value.split(' ');
      mounts.push({ mount: key.slice('mount.'.length), fsType, options: options.split(',') });
    }
    const jvm = /^jvm\.(\d+)\.(\w+)$/.exec(key);
    if (jvm) {
      const pid = Number(jvm[1]);
      const j = jvms.get(pid) ?? { pid, openFiles: null, nice: null, cpus: '', cgroupMemory: null, cgroupCpu: null, args: [] };
      switch (jvm[2]) {
        case 'nofile':
          j.openFiles = value === 'unlimited' ? Number.MAX_SAFE_INTEGER : int(value);
          break;
        case 'nice':
          j.nice = int(value);
          break;
        case 'cpus':
          j.cpus = value;
          break;
        case 'cgroup_memory':
          j.cgroupMemory = value === 'max' ? 'max' : int(value);
          break;
        case 'cgroup_cpu':
          j.cgroupCpu = value === 'none' ? null : value;
          break;
        case 'args':
          j.args = value.split('\x1f').filter(Boolean);
          break;
      }
      jvms.set(pid, j);
    }
  }
  const kb = (k: string) => {
    const n = int(values.get(k));
    return n === null ? null : n * 1024;
  };
  return {
    host,
    governor: values.get('governor') ?? 'none',
    thp: { enabled: values.get('thp.enabled') ?? 'none', defrag: values.get('thp.defrag') ?? 'none' },
    memTotalBytes: kb('meminfo.MemTotal'),
    hugePages: { total: int(values.get('meminfo.HugePages_Total')) ?? 0, free: int(values.get('meminfo.HugePages_Free')) ?? 0, sizeBytes: kb('meminfo.Hugepagesize') ?? 0 },
    sysctl,
    irqbalance: values.get('irqbalance') === 'running' ? 'running' : 'stopped',
    disks: [...disks.values()].sort((a, b) => a.device.localeCompare(b.device)),
    mounts,
    cpus: int(values.get('nproc')) ?? 0,
    jvms: [...jvms.values()].sort((a, b) => a.pid - b.pid),
  };
}
