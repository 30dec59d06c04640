/**
 * The tests' own reading of /proc, to hold the collector's figures against. Counters are read
 * into plain arrays; comparisons use nested windows (see collector-proc.test.ts).
 */
import { readFileSync } from 'node:fs';
import { descendantsOf } from '../../lab/process-tree.js';

export interface ProcCounters {
  /** Jiffies per cpu line ('cpu', 'cpu0', …): busy (user+nice+system+irq+softirq+steal) and total. */
  cpu: Map<string, { busy: number; total: number }>;
  /** /proc/diskstats fields 4.. by device name. */
  disks: Map<string, number[]>;
  /** /proc/net/dev counters (16) by interface. */
  nets: Map<string, number[]>;
}

export function readCounters(): ProcCounters {
  const cpu = new Map<string, { busy: number; total: number }>();
  for (const line of readFileSync('/proc/stat', 'utf8').split('\n')) {
    if (!line.startsWith('cpu')) continue;
    const [name = '', ...v] = line.split(/\s+/);
    const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = v.map(Number);
    const busy = user + nice + system + irq + softirq + steal;
    cpu.set(name, { busy, total: busy + idle + iowait });
  }
  const disks = new Map<string, number[]>();
  for (const line of readFileSync('/proc/diskstats', 'utf8').trim().split('\n')) {
    const words = line.trim().split(/\s+/);
    disks.set(words[2] ?? '', words.slice(3).map(Number));
  }
  const nets = new Map<string, number[]>();
  for (const line of readFileSync('/proc/net/dev', 'utf8').split('\n').slice(2)) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    nets.set(line.slice(0, colon).trim(), line.slice(colon + 1).trim().split(/\s+/).map(Number));
  }
  return { cpu, disks, nets };
}

export function coreCount(): number {
  return readFileSync('/proc/stat', 'utf8').split('\n').filter((l) => /^cpu\d+ /.test(l)).length;
}

export function meminfoKb(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of readFileSync('/proc/meminfo', 'utf8').trim().split('\n')) {
    const [key = '', value = '0'] = line.split(/:\s+/);
    out[key] = Number.parseInt(value, 10);
  }
  return out;
}

export function loadavg(): [number, number, number] {
  const [a = 0, b = 0, c = 0] = readFileSync('/proc/loadavg', 'utf8').split(' ').map(Number);
  return [a, b, c];
}

export function uptime(): number {
  return Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
}

/** Fields of /proc/<pid>/stat after the command name (index 0 = field 3, the state). */
export function processStat(pid: number): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).trim().split(' ');
}

export function processRssKb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:')) ?? '';
  return Number.parseInt(line.replace(/\D+/g, ''), 10);
}

/** The last /proc/mounts entry for a mount point: the one df sees. */
export function mountType(mount: string): string | undefined {
  const entries = readFileSync('/proc/mounts', 'utf8').trim().split('\n').map((l) => l.split(' '));
  return entries.filter((e) => e[1] === mount).at(-1)?.[2];
}

/** Descendants of a process whose command name (comm) is `name`. */
export function descendantsNamed(root: number, name: string): number[] {
  return descendantsOf(root).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === name;
    } catch {
      return false; // exited while we looked
    }
  });
}

