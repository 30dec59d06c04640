// Shared by the benchmarks: a program in a pseudo-terminal, and its CPU time and RSS from /proc.
import { readdirSync, readFileSync } from 'node:fs';
import pty from 'node-pty';

export function spawnInPty(file, args, { cols = 80, rows = 24, env = {} } = {}) {
  const child = pty.spawn(file, args, { cols, rows, name: 'xterm-256color', env: { ...process.env, TERM: 'xterm-256color', ...env } });
  let output = '';
  const listeners = new Set();
  child.onData((data) => {
    output += data;
    for (const listener of listeners) listener(output);
  });
  return {
    child,
    output: () => output,
    /** Resolves with the ms since `since` when the output first matches `pattern`. */
    waitFor(pattern, since) {
      return new Promise((resolve) => {
        const check = (text) => {
          if (!pattern.test(text)) return;
          listeners.delete(check);
          resolve(performance.now() - since);
        };
        listeners.add(check);
        check(output);
      });
    },
  };
}

const CLOCK_TICKS = 100; // USER_HZ on Linux

/** utime + stime of a process and all its reaped children, in seconds. */
export function cpuSeconds(pid) {
  const { user, system } = cpuSplit(pid);
  return user + system;
}

/** User and system (kernel) CPU seconds of a process and its reaped children. */
export function cpuSplit(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const [utime, stime, cutime, cstime] = [11, 12, 13, 14].map((i) => Number(fields[i]));
  return { user: (utime + cutime) / CLOCK_TICKS, system: (stime + cstime) / CLOCK_TICKS };
}

/**
 * CPU seconds of a process and every live descendant (perfmon's local collector is a child
 * `sh` + `awk`: its cost is perfmon's cost), plus their reaped children.
 */
export function treeCpuSeconds(pid) {
  const parents = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const inTree = (p) => {
    for (let cur = p; cur > 1; cur = parents.get(cur) ?? 0) if (cur === pid) return true;
    return false;
  };
  let total = 0;
  for (const p of parents.keys()) {
    if (!inTree(p)) continue;
    try {
      total += cpuSeconds(p);
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

/** Resident set size in bytes. */
export function rssBytes(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) * 1024;
}

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
