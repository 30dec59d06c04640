/**
 * `perfmon tune` as the real bin: on this machine (no inventory) and over SSH on a component of
 * three lab hosts (which are this machine too). Every value it reports is checked against what
 * the test reads itself from /proc/sys and /sys (the sysctls, THP, each disk's scheduler and
 * readahead), and each finding against the profile's bound.
 */
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostTuning } from '../../src/runtime/tune-command.js';
import { SYSCTLS } from '../../src/collect/tuning-reading.js';
import { startLab, type Lab } from '../lab/lab.js';
import { runPerfmon } from '../support-bin.js';

let lab: Lab;

beforeAll(async () => {
  lab = await startLab({ hosts: 3 });
});

afterAll(() => lab?.stop());

const sysctl = async (name: string) => (await readFile(`/proc/sys/${name.replace(/\./g, '/')}`, 'utf8')).trim().replace(/\s+/g, ' ');
const bracketed = async (path: string) => /\[(.+?)\]/.exec(await readFile(path, 'utf8'))?.[1];

/** What the test reads itself, in the reading's own terms. */
async function machine() {
  const values: Record<string, string> = {};
  for (const name of SYSCTLS) values[name] = await sysctl(name).catch(() => 'unreadable');
  const disks: Record<string, { scheduler: string; readAheadKb: number }> = {};
  for (const d of await readdir('/sys/block')) {
    if (/^(loop|ram|zram|sr|dm-)/.test(d)) continue;
    disks[d] = { scheduler: (await bracketed(`/sys/block/${d}/queue/scheduler`)) ?? 'none', readAheadKb: Number(await readFile(`/sys/block/${d}/queue/read_ahead_kb`, 'utf8')) };
  }
  return { sysctl: values, thp: (await bracketed('/sys/kernel/mm/transparent_hugepage/enabled')) ?? 'none', disks };
}

function expectReadingIsThisMachine(host: HostTuning, truth: Awaited<ReturnType<typeof machine>>): void {
  expect(host.error).toBeNull();
  const reading = host.reading!;
  for (const [name, value] of Object.entries(truth.sysctl)) if (value !== 'unreadable') expect([name, reading.sysctl[name]]).toEqual([name, value]);
  expect(reading.thp.enabled).toBe(truth.thp);
  expect(Object.fromEntries(reading.disks.map((d) => [d.device, { scheduler: d.scheduler, readAheadKb: d.readAheadKb }]))).toEqual(truth.disks);
  // Each bound of the low-latency profile, finding or not, as the test reads the value.
  const found = (setting: string) => host.findings.some((f) => f.setting === setting && f.kind === 'profile');
  expect(found('sysctl.vm.swappiness')).toBe(Number(truth.sysctl['vm.swappiness']) > 10);
  expect(found('sysctl.net.core.somaxconn')).toBe(Number(truth.sysctl['net.core.somaxconn']) < 4096);
  expect(found('sysctl.vm.dirty_ratio')).toBe(Number(truth.sysctl['vm.dirty_ratio']) > 10);
  expect(found('thp')).toBe(truth.thp === 'always');
  const swappiness = host.findings.find((f) => f.setting === 'sysctl.vm.swappiness');
  if (swappiness) expect(swappiness).toMatchObject({ current: truth.sysctl['vm.swappiness'], recommended: 'at most 10', change: 'sysctl -w vm.swappiness=10' });
}

describe('perfmon tune', () => {
  it('this machine without an inventory: the values are the ones /proc and /sys hold, the findings follow the profile', async () => {
    const result = await runPerfmon(['tune', '--json'], { ...lab.env, XDG_CONFIG_HOME: join(lab.dir, 'no-config') });
    expect(result.code, result.stderr).toBe(0);
    const printed = JSON.parse(result.stdout) as { profile: string; hosts: HostTuning[] };
    expect(printed.profile).toBe('low-latency');
    expect(printed.hosts).toHaveLength(1);
    expect(printed.hosts[0]!.host).toMatch(/\(this machine\)$/);
    expectReadingIsThisMachine(printed.hosts[0]!, await machine());
  });

  it('a component over SSH: its three hosts read, each with this machine’s values; the same settings everywhere, so no odd host', async () => {
    const config = join(lab.dir, 'tune.yaml');
    await writeFile(config, ['hosts:', ...lab.hosts.map((h) => `  - { name: ${h.name} }`), 'components:', `  - { name: order-engine, role: order-engine, hosts: [${lab.hosts.map((h) => h.name).join(', ')}] }`, ''].join('\n'));
    const result = await runPerfmon(['tune', 'order-engine', '--json', '--config', config], lab.env);
    expect(result.code, result.stderr).toBe(0);
    const printed = JSON.parse(result.stdout) as { hosts: HostTuning[] };
    expect(printed.hosts.map((h) => h.host)).toEqual(lab.hosts.map((h) => h.name));
    const truth = await machine();
    for (const host of printed.hosts) expectReadingIsThisMachine(host, truth);
    expect(printed.hosts.flatMap((h) => h.findings).filter((f) => f.kind === 'odd-host')).toEqual([]);
    const text = await runPerfmon(['tune', 'order-engine', '--config', config, '--profile', 'throughput'], lab.env);
    expect(text.stdout).toMatch(new RegExp(`^${lab.hosts[0]!.name}: (meets the throughput profile|\\d+ findings? against the throughput profile)$`, 'm'));
  });

  it('an unknown profile is refused (exit 2), naming the built-in ones', async () => {
    const result = await runPerfmon(['tune', '--profile', 'fastest'], { ...lab.env, XDG_CONFIG_HOME: join(lab.dir, 'no-config') });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("perfmon: no tuning profile 'fastest' (built in: low-latency, throughput)\n");
  });
});
