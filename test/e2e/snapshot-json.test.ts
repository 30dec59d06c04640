import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { HostSnapshot } from '../../src/model/host-snapshot.js';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../bin/perfmon.js', import.meta.url));

/** Busy and total jiffies of all CPUs, read straight from /proc/stat. */
function cpuTicks(): { busy: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = fields as [number, number, number, number, number, number, number, number];
  const total = user + nice + system + idle + iowait + irq + softirq + steal;
  return { busy: total - idle - iowait, total };
}

describe('perfmon snapshot --json', () => {
  it('reports this machine as /proc does: core count and MemTotal exactly, usage within tolerance', async () => {
    const before = cpuTicks();
    const { stdout } = await run(process.execPath, [BIN, 'snapshot', '--json', '--interval', '1'], { encoding: 'utf8' });
    const after = cpuTicks();
    const { hosts } = JSON.parse(stdout) as { hosts: HostSnapshot[] };
    expect(hosts).toHaveLength(1);
    const host = hosts[0]!;
    expect(host.status).toBe('up');
    expect(host.error).toBeNull();

    const cores = readFileSync('/proc/stat', 'utf8').split('\n').filter((l) => /^cpu\d+ /.test(l)).length;
    expect(host.cpu.cores).toBe(cores);
    expect(host.cpu.perCore).toHaveLength(cores);
    const memTotalKb = Number(/^MemTotal:\s+(\d+) kB/m.exec(readFileSync('/proc/meminfo', 'utf8'))![1]);
    expect(host.memory.total).toBe(memTotalKb * 1024);

    // The snapshot's second reading covers one second inside the window the test measured;
    // on a shared machine the load moves, so the tolerance is wide but still catches nonsense.
    const measured = ((after.busy - before.busy) / (after.total - before.total)) * 100;
    expect(Math.abs(host.cpu.usage - measured)).toBeLessThan(35);
    expect(host.cpu.usage).toBeGreaterThanOrEqual(0);
    expect(host.cpu.usage).toBeLessThanOrEqual(100);
  });

  it('keeps the documented shape: every field present, bytes as integers, percentages 0–100', async () => {
    const { stdout } = await run(process.execPath, [BIN, 'snapshot', '--json', '--interval', '0.5'], { encoding: 'utf8' });
    const host = (JSON.parse(stdout) as { hosts: HostSnapshot[] }).hosts[0]!;
    expect(Object.keys(host).sort()).toEqual(
      ['cpu', 'disks', 'error', 'filesystems', 'jvms', 'load', 'memory', 'name', 'network', 'processes', 'status', 'tcp', 'time', 'uptime'].sort(),
    );
    expect(Object.keys(host.cpu).sort()).toEqual(['cores', 'iowait', 'perCore', 'steal', 'system', 'usage', 'user'].sort());
    expect(host.load).toHaveLength(3);
    expect(Number.isNaN(Date.parse(host.time))).toBe(false);
    for (const value of Object.values(host.memory)) expect(Number.isInteger(value)).toBe(true);
    for (const fs of host.filesystems) for (const key of ['size', 'used', 'available'] as const) expect(Number.isInteger(fs[key])).toBe(true);
    for (const p of host.processes) expect(Number.isInteger(p.rss)).toBe(true);
    for (const pct of [host.cpu.usage, host.cpu.user, host.cpu.system, host.cpu.iowait, host.cpu.steal, ...host.cpu.perCore.map((c) => c.usage)]) {
      expect(pct).toBeGreaterThanOrEqual(0);
      expect(pct).toBeLessThanOrEqual(100);
    }
    expect(Object.keys(host.tcp)).toContain('established');
  });

  it('prints a readable table without --json', async () => {
    const { stdout } = await run(process.execPath, [BIN, 'snapshot', '--interval', '0.25'], { encoding: 'utf8' });
    expect(stdout).toMatch(/ UP /);
    expect(stdout).toMatch(/^CPU /m);
    expect(stdout).toMatch(/^MEM /m);
    expect(stdout).toMatch(/PID +USER/);
    expect(stdout).not.toContain('\u001b[');
  });
});
