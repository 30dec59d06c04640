/**
 * The tuning advisor's rules over readings parsed from the script's own output format: a
 * finding names the current value, the bound, why and the exact change; JVM flags (collector,
 * heap against memory or its cgroup, pre-touch) are read from the command line; huge pages
 * reserved and unused are said; across a component, only a host that differs from all the
 * others is flagged.
 */
import { describe, expect, it } from 'vitest';
import { parseTuningOutput } from '../../src/collect/tuning-reading.js';
import { collectorOf, hostFindings, maxHeapBytes, oddHostFindings } from '../../src/analysis/tuning/tuning-findings.js';
import { builtInProfile, configuredProfile } from '../../src/analysis/tuning/tuning-profiles.js';
import { inventorySchema } from '../../src/config/inventory-schema.js';

const output = (overrides: Record<string, string> = {}) =>
  Object.entries({
    governor: 'powersave',
    'thp.enabled': 'always',
    'meminfo.MemTotal': String(8 * 1024 * 1024),
    'meminfo.HugePages_Total': '512',
    'meminfo.HugePages_Free': '512',
    'meminfo.Hugepagesize': '2048',
    'sysctl.vm.swappiness': '60',
    'sysctl.net.core.somaxconn': '4096',
    'disk.nvme0n1.scheduler': 'mq-deadline',
    'disk.nvme0n1.read_ahead_kb': '128',
    'disk.nvme0n1.rotational': '0',
    'jvm.4242.nofile': '1024',
    'jvm.4242.nice': '0',
    'jvm.4242.cgroup_memory': String(4 * 1024 ** 3),
    'jvm.4242.args': ['java', '-Xmx4g', '-XX:+UseG1GC', '-cp', 'app.jar', 'com.example.OrderEngine'].join('\x1f'),
    ...overrides,
  })
    .map(([k, v]) => `${k}\t${v}`)
    .join('\n');

const lowLatency = builtInProfile('low-latency')!;

describe('tuning findings', () => {
  const findings = hostFindings(parseTuningOutput('oms-1', output()), lowLatency);
  const of = (setting: string) => findings.find((f) => f.setting === setting);

  it('a setting outside the profile: current, recommended, why, the exact change', () => {
    expect(of('sysctl.vm.swappiness')).toMatchObject({ host: 'oms-1', current: '60', recommended: 'at most 10', change: 'sysctl -w vm.swappiness=10', kind: 'profile' });
    expect(of('governor')).toMatchObject({ current: 'powersave', recommended: 'performance', change: 'cpupower frequency-set -g performance' });
    expect(of('thp')).toMatchObject({ current: 'always', change: 'echo never > /sys/kernel/mm/transparent_hugepage/enabled' });
    expect(of('sysctl.net.core.somaxconn')).toBeUndefined();
    expect(of('disk.scheduler.ssd')).toBeUndefined();
  });

  it('JVM flags: the collector, the heap against its cgroup, pre-touch, the open-file limit', () => {
    expect(of('jvm.collector')).toMatchObject({ subject: 'jvm 4242 com.example.OrderEngine', current: 'G1', recommended: 'ZGC or Shenandoah' });
    expect(of('jvm.heapShare')).toMatchObject({ current: '100% of 4G', recommended: 'at most 75% of 4G', change: '-Xmx3072m (of 4G in its cgroup)' });
    expect(of('jvm.preTouch')).toMatchObject({ current: 'off', recommended: 'on' });
    expect(of('jvm.openFiles')).toMatchObject({ current: '1024', change: 'LimitNOFILE=65536 in its systemd unit (now: prlimit --pid 4242 --nofile=65536)' });
    expect(maxHeapBytes(['-Xmx512m', '-XX:MaxHeapSize=2g'])).toBe(2 * 1024 ** 3);
    expect(collectorOf(['-XX:+UseZGC'])).toBe('ZGC');
    expect(collectorOf([])).toBe('G1');
  });

  it('huge pages reserved and none in use', () => {
    expect(of('hugepages')).toMatchObject({ current: '512 reserved (1G), none in use' });
    const used = hostFindings(parseTuningOutput('oms-1', output({ 'meminfo.HugePages_Free': '10' })), lowLatency);
    expect(used.some((f) => f.setting === 'hugepages')).toBe(false);
  });

  it('throughput wants the opposite dirty ratio and readahead', () => {
    const t = hostFindings(parseTuningOutput('oms-1', output({ 'sysctl.vm.dirty_ratio': '10' })), builtInProfile('throughput')!);
    expect(t.find((f) => f.setting === 'sysctl.vm.dirty_ratio')).toMatchObject({ current: '10', recommended: 'at least 40' });
    expect(t.find((f) => f.setting === 'disk.readahead')).toMatchObject({ subject: 'nvme0n1', current: '128 KiB', recommended: 'at least 2048 KiB' });
    expect(t.some((f) => f.setting === 'thp')).toBe(false);
  });
});

describe('the odd host out', () => {
  const reading = (host: string, swappiness: string) => parseTuningOutput(host, output({ 'sysctl.vm.swappiness': swappiness }));

  it('flags the one host whose setting differs from all the others, with what they have', () => {
    const odd = oddHostFindings('order-engine', [reading('oms-1', '1'), reading('oms-2', '60'), reading('oms-3', '1')]);
    expect(odd).toEqual([
      expect.objectContaining({ host: 'oms-2', setting: 'sysctl.vm.swappiness', current: '60', recommended: '1', kind: 'odd-host', change: 'make it 1, as on oms-1, oms-3' }),
    ]);
  });

  it('says nothing without a majority: two hosts, or a split', () => {
    expect(oddHostFindings('order-engine', [reading('oms-1', '1'), reading('oms-2', '60')])).toEqual([]);
    expect(oddHostFindings('order-engine', [reading('a', '1'), reading('b', '60'), reading('c', '1'), reading('d', '60')])).toEqual([]);
  });
});

describe('an inventory profile', () => {
  it('extends a built-in one: its own rules replace those of the same setting, the others stay', () => {
    const own = configuredProfile('oms', { extends: 'low-latency', rules: { 'sysctl.vm.swappiness': { max: 1, why: 'the order engine must never swap' }, 'jvm.collector': { oneOf: ['G1'], why: 'certified on G1' } } });
    const found = hostFindings(parseTuningOutput('oms-1', output()), own);
    expect(found.find((f) => f.setting === 'sysctl.vm.swappiness')).toMatchObject({ recommended: 'at most 1', why: 'the order engine must never swap', change: 'sysctl -w vm.swappiness=1' });
    expect(found.some((f) => f.setting === 'jvm.collector')).toBe(false);
    expect(found.some((f) => f.setting === 'governor')).toBe(true);
  });

  it('the inventory schema takes tuningProfiles and refuses a rule with two bounds', () => {
    const ok = inventorySchema.safeParse({ tuningProfiles: { oms: { extends: 'throughput', rules: { 'sysctl.vm.swappiness': { max: 1, why: 'never swap' } } } } });
    expect(ok.success).toBe(true);
    const bad = inventorySchema.safeParse({ tuningProfiles: { oms: { rules: { 'sysctl.vm.swappiness': { min: 1, max: 5, why: 'both' } } } } });
    expect(bad.success).toBe(false);
    expect(JSON.stringify(bad.error?.issues)).toContain('give exactly one of min, max or oneOf');
  });
});
