/**
 * What the tuning advisor says about a host: each setting read (collect/tuning-reading.ts)
 * against the profile's rule, and where it does not meet it a finding — the current value, the
 * recommended one, why (the profile's reason), and the exact change. Then, across the hosts of
 * a component, the one host whose setting differs from all the others (often the sick one).
 * Pure.
 */
import { formatBytes } from '../../format/units.js';
import type { JvmSettings, TuningReading } from '../../collect/tuning-reading.js';
import type { Rule, TuningProfile } from './tuning-profiles.js';

export interface TuningFinding {
  host: string;
  /** The profile's setting id (`sysctl.vm.swappiness`, `disk.readahead`, `jvm.collector`, …) or `odd-host`. */
  setting: string;
  /** What it is about beyond the host: a disk, a mount, `jvm 4242`; null for the host itself. */
  subject: string | null;
  current: string;
  recommended: string;
  why: string;
  /** The exact change: a command, or the JVM option to set. */
  change: string;
  kind: 'profile' | 'odd-host';
}

function meets(rule: Rule, value: string | number): boolean {
  if (rule.kind === 'oneOf') return rule.values.includes(String(value));
  const n = typeof value === 'number' ? value : Number(String(value).trim().split(/\s+/).at(-1));
  if (!Number.isFinite(n)) return true;
  return rule.kind === 'min' ? n >= rule.value : n <= rule.value;
}

function wanted(rule: Rule, format: (n: number) => string = String): string {
  if (rule.kind === 'oneOf') return rule.values.filter((v) => v !== 'none').join(' or ');
  return `${rule.kind === 'min' ? 'at least' : 'at most'} ${format(rule.value)}`;
}

/** The value a `min`/`max` rule's change sets; the first of a `oneOf`. */
const target = (rule: Rule): string => (rule.kind === 'oneOf' ? rule.values[0]! : String(rule.value));

const SIZE = /^(\d+)([kKmMgGtT]?)$/;
const UNIT: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

/** `-Xmx4g` / `-XX:MaxHeapSize=4294967296` → bytes; null when not set. */
export function maxHeapBytes(args: readonly string[]): number | null {
  for (const arg of [...args].reverse()) {
    const value = arg.startsWith('-Xmx') ? arg.slice(4) : arg.startsWith('-XX:MaxHeapSize=') ? arg.slice('-XX:MaxHeapSize='.length) : null;
    const m = value === null ? null : SIZE.exec(value);
    if (m) return Number(m[1]) * UNIT[m[2]!.toLowerCase()]!;
  }
  return null;
}

/** The collector a JVM's flags choose (G1 when none is named: the default since JDK 9). */
export function collectorOf(args: readonly string[]): string {
  const flags: Array<[string, string]> = [
    ['-XX:+UseZGC', 'ZGC'],
    ['-XX:+UseShenandoahGC', 'Shenandoah'],
    ['-XX:+UseParallelGC', 'Parallel'],
    ['-XX:+UseSerialGC', 'Serial'],
    ['-XX:+UseG1GC', 'G1'],
  ];
  for (const arg of [...args].reverse()) {
    const hit = flags.find(([flag]) => flag === arg);
    if (hit) return hit[1];
  }
  return 'G1';
}

const mainOf = (j: JvmSettings) => j.args.find((a, i) => i > 0 && !a.startsWith('-') && j.args[i - 1] !== '-cp' && j.args[i - 1] !== '-classpath') ?? 'java';

export function hostFindings(reading: TuningReading, profile: TuningProfile): TuningFinding[] {
  const out: TuningFinding[] = [];
  const host = reading.host;
  const check = (setting: string, subject: string | null, current: string | number | null, change: (rule: Rule) => string, format?: (n: number) => string) => {
    const rule = profile.rules[setting];
    if (rule === undefined || current === null || meets(rule, current)) return;
    out.push({ host, setting, subject, current: typeof current === 'number' && format ? format(current) : String(current), recommended: wanted(rule, format), why: rule.why, change: change(rule), kind: 'profile' });
  };
  check('governor', null, reading.governor.includes(',') ? reading.governor : reading.governor, (r) => `cpupower frequency-set -g ${target(r)}`);
  check('thp', null, reading.thp.enabled, (r) => `echo ${target(r)} > /sys/kernel/mm/transparent_hugepage/enabled`);
  for (const [name, value] of Object.entries(reading.sysctl)) check(`sysctl.${name}`, null, value, (r) => `sysctl -w ${name}=${target(r)}`);
  check('irqbalance', null, reading.irqbalance, () => 'systemctl disable --now irqbalance (then pin the NIC and disk IRQs off the latency-critical cores)');
  for (const disk of reading.disks) {
    check(disk.rotational ? 'disk.scheduler.hdd' : 'disk.scheduler.ssd', disk.device, disk.scheduler, (r) => `echo ${target(r)} > /sys/block/${disk.device}/queue/scheduler`);
    check('disk.readahead', disk.device, disk.readAheadKb, (r) => `echo ${target(r)} > /sys/block/${disk.device}/queue/read_ahead_kb`, (n) => `${n} KiB`);
  }
  for (const mount of reading.mounts) check('mount.atime', mount.mount, mount.options.includes('noatime') ? 'noatime' : (mount.options.find((o) => /atime$/.test(o)) ?? 'atime'), () => `mount -o remount,noatime ${mount.mount} (and noatime in /etc/fstab)`);
  const { total, free, sizeBytes } = reading.hugePages;
  const largePages = reading.jvms.some((j) => j.args.includes('-XX:+UseLargePages'));
  if (total > 0 && free === total && !largePages) {
    out.push({
      host,
      setting: 'hugepages',
      subject: null,
      current: `${total} reserved (${formatBytes(total * sizeBytes)}), none in use`,
      recommended: 'used by the JVMs or PostgreSQL, or not reserved',
      why: 'reserved huge pages are memory no process can use unless it asks for huge pages',
      change: '-XX:+UseLargePages on the JVM (huge_pages = on for PostgreSQL), or sysctl -w vm.nr_hugepages=0',
      kind: 'profile',
    });
  }
  for (const jvm of reading.jvms) {
    const subject = `jvm ${jvm.pid} ${mainOf(jvm)}`;
    check('jvm.openFiles', subject, jvm.openFiles, (r) => `LimitNOFILE=${target(r)} in its systemd unit (now: prlimit --pid ${jvm.pid} --nofile=${target(r)})`);
    check('jvm.nice', subject, jvm.nice, () => `renice -n 0 -p ${jvm.pid}`);
    const heap = maxHeapBytes(jvm.args);
    const limit = typeof jvm.cgroupMemory === 'number' ? Math.min(jvm.cgroupMemory, reading.memTotalBytes ?? Infinity) : reading.memTotalBytes;
    if (heap !== null && limit !== null && limit > 0) {
      const share = Math.round((heap / limit) * 100);
      check('jvm.heapShare', subject, share, (r) => `-Xmx${Math.floor((limit * Number(target(r))) / 100 / 1024 ** 2)}m (of ${formatBytes(limit)}${typeof jvm.cgroupMemory === 'number' ? ' in its cgroup' : ''})`, (n) => `${n}% of ${formatBytes(limit)}`);
    }
    check('jvm.collector', subject, collectorOf(jvm.args), (r) => (target(r) === 'ZGC' ? '-XX:+UseZGC (JDK 21-22: also -XX:+ZGenerational), at the next restart' : `-XX:+Use${target(r)}GC, at the next restart`));
    check('jvm.preTouch', subject, jvm.args.includes('-XX:+AlwaysPreTouch') ? 'on' : 'off', () => '-XX:+AlwaysPreTouch (with -Xms equal to -Xmx), at the next restart');
  }
  return out;
}

/** The settings of a reading as flat values, for comparing hosts. */
export function comparableSettings(reading: TuningReading): Map<string, string> {
  const values = new Map<string, string>([
    ['governor', reading.governor],
    ['thp', reading.thp.enabled],
    ['irqbalance', reading.irqbalance],
  ]);
  for (const [name, value] of Object.entries(reading.sysctl)) values.set(`sysctl.${name}`, value);
  for (const d of reading.disks) {
    values.set(`disk ${d.device} scheduler`, d.scheduler);
    values.set(`disk ${d.device} read_ahead_kb`, String(d.readAheadKb));
  }
  return values;
}

/**
 * Across the hosts of one component: each setting where exactly one host differs from all the
 * others (who agree; three hosts at least, else no majority says which is odd).
 */
export function oddHostFindings(component: string, readings: readonly TuningReading[]): TuningFinding[] {
  if (readings.length < 3) return [];
  const settings = readings.map((r) => comparableSettings(r));
  const out: TuningFinding[] = [];
  for (const [key] of settings[0]!) {
    const values = settings.map((s) => s.get(key));
    if (values.some((v) => v === undefined)) continue;
    const counts = new Map<string, number>();
    for (const v of values) counts.set(v!, (counts.get(v!) ?? 0) + 1);
    if (counts.size !== 2) continue;
    const [[common, many], [odd, few]] = [...counts].sort((a, b) => b[1] - a[1]) as [[string, number], [string, number]];
    if (few !== 1) continue;
    const i = values.indexOf(odd);
    out.push({
      host: readings[i]!.host,
      setting: key,
      subject: null,
      current: odd,
      recommended: common,
      why: `the other ${many} hosts of ${component} have ${common}: the one host configured differently is often the sick one`,
      change: `make it ${common}, as on ${readings.filter((_, j) => j !== i).map((r) => r.host).join(', ')}`,
      kind: 'odd-host',
    });
  }
  return out;
}
