/**
 * The bottleneck analysis as a pure function over a window built by hand: saturation is most
 * of the window (not a spike), hosts saturated alike are one finding, culprits, dependsOn,
 * severity from the alerts and SLOs that coincide, worst first. The lab test plants real ones.
 */
import { describe, expect, it } from 'vitest';
import { analyseBottlenecks } from '../../src/analysis/bottlenecks/analyse-bottlenecks.js';
import type { BottleneckWindow, WindowSeries } from '../../src/analysis/bottlenecks/bottleneck-window.js';
import { culpritSeries } from '../../src/analysis/bottlenecks/host-resources.js';
import type { ComponentTopology } from '../../src/analysis/bottlenecks/impact.js';
import { formatReport } from '../../src/analysis/bottlenecks/format-findings.js';
import { parseSeriesId } from '../../src/model/series-key.js';

const STEP = 2000;
const BUCKETS = 30;
const FROM = 1_800_000_000_000;

/** A window of BUCKETS buckets; each series given as its bucket means (null: no reading then). */
function windowOf(series: Record<string, readonly (number | null)[]>): BottleneckWindow {
  const byName = new Map<string, WindowSeries[]>();
  for (const [id, values] of Object.entries(series)) {
    const key = parseSeriesId(id);
    const points = values.flatMap((v, i) => (v === null ? [] : [{ t: FROM + i * STEP, mean: v, max: v, min: v }]));
    byName.set(key.name, [...(byName.get(key.name) ?? []), { id, key, points }]);
  }
  return { from: FROM, to: FROM + BUCKETS * STEP, step: STEP, series: byName, observed: BUCKETS };
}

const constant = (v: number, n = BUCKETS) => Array.from({ length: n }, () => v);
/** `high` for the first `share` of the window, `low` after. */
const mostly = (share: number, high: number, low: number) => Array.from({ length: BUCKETS }, (_, i) => (i < share * BUCKETS ? high : low));

const host = (name: string, cpu: readonly number[], extra: Record<string, readonly (number | null)[]> = {}) => ({
  [`cpu_usage{host="${name}"}`]: cpu,
  [`load1{host="${name}"}`]: constant(3),
  [`cpu_core_usage{core="0",host="${name}"}`]: cpu,
  [`cpu_core_usage{core="1",host="${name}"}`]: cpu,
  ...extra,
});

const topology: ComponentTopology[] = [
  { name: 'db', role: 'database', hosts: ['db1'], dependsOn: [] },
  { name: 'engine', role: 'order-engine', hosts: ['app1', 'app2'], dependsOn: ['db'], profiles: ['shed-orders'], restartable: true },
  { name: 'web', role: 'web', hosts: ['web1'], dependsOn: ['engine'] },
];

describe('analyseBottlenecks', () => {
  it('finds a CPU saturated for most of the window with its burner first, and nothing for one spike', () => {
    const window = windowOf({
      ...host('app1', mostly(0.7, 97, 20), { 'process_cpu{command="burn",host="app1",pid="42"}': mostly(0.7, 180, 0), 'process_cpu{command="sshd",host="app1",pid="7"}': constant(3) }),
      ...host('web1', [100, ...constant(10, BUCKETS - 1)]),
    });
    const [finding, ...rest] = analyseBottlenecks(window, topology);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ id: 'cpu:app1', resource: 'cpu', severity: 'warning', hosts: ['app1'], components: ['engine'], affects: ['web'] });
    expect(finding!.evidence[0]).toMatchObject({ series: 'cpu_usage{host="app1"}', threshold: 80, shareAbove: 0.7, peak: 97 });
    expect(finding!.evidence[1]).toMatchObject({ what: 'run queue per core', mean: 1.5 });
    expect(finding!.culprits.map((c) => [c.name, c.pid, c.figure])).toEqual([
      ['burn', 42, '126% of a core'],
      ['sshd', 7, '3% of a core'],
    ]);
    expect(finding!.score).toBeCloseTo(0.7 * 1.5);
    expect(finding!.actions.map((a) => a.command)).toEqual(['perfmon snapshot app1 --json', null, 'perfmon degrade --profile shed-orders --dry-run']);
    // below half the window is not saturated
    expect(analyseBottlenecks(windowOf(host('app1', mostly(0.45, 99, 10))), topology)).toEqual([]);
  });

  it('makes one finding of hosts saturated alike (same top culprit), two when their culprits differ', () => {
    const burning = (h: string, command: string) => host(h, constant(95), { [`process_cpu{command="${command}",host="${h}",pid="9"}`]: constant(90) });
    const alike = analyseBottlenecks(windowOf({ ...burning('app1', 'java'), ...burning('app2', 'java') }), topology);
    expect(alike.map((f) => [f.id, f.hosts, f.title])).toEqual([['cpu:app1,app2', ['app1', 'app2'], 'CPU saturated on app1, app2']]);
    const apart = analyseBottlenecks(windowOf({ ...burning('app1', 'java'), ...burning('app2', 'gzip') }), topology);
    expect(apart.map((f) => f.id).sort()).toEqual(['cpu:app1', 'cpu:app2']);
  });

  it('asks for the process series of saturated resources only', () => {
    const window = windowOf({ ...host('app1', constant(95)), ...host('web1', constant(5)), 'disk_utilisation{device="sda",host="web1"}': constant(99) });
    expect(culpritSeries(window, ['app1', 'web1'])).toEqual([
      { name: 'process_cpu', labels: { host: 'app1' } },
      { name: 'process_io_bytes_per_sec', labels: { host: 'web1' } },
    ]);
  });

  it('a saturated database disk slows what depends on it; its alert makes it critical, a CPU alert on the host does not', () => {
    const disk = { 'disk_utilisation{device="sda",host="db1"}': constant(99), 'disk_queue_length{device="sda",host="db1"}': constant(9), 'process_io_bytes_per_sec{command="postgres",host="db1",pid="5"}': constant(80e6) };
    const cpuAlert = { 'alert_state{alertname="CpuBusyCritical",host="db1",severity="critical"}': constant(2) };
    const [warning] = analyseBottlenecks(windowOf({ ...host('db1', constant(10)), ...disk, ...cpuAlert }), topology);
    expect(warning).toMatchObject({ id: 'disk:sda@db1', severity: 'warning', components: ['db'], affects: ['engine', 'web'], title: 'disk sda saturated on db1' });
    expect(warning!.culprits[0]).toMatchObject({ name: 'postgres', figure: '76.3M/s read+written' });
    const diskAlert = { 'alert_state{alertname="DiskBusyCritical",device="sda",host="db1",severity="critical"}': [...constant(0, 20), ...constant(2, 10)] };
    const [critical] = analyseBottlenecks(windowOf({ ...host('db1', constant(10)), ...disk, ...diskAlert }), topology);
    expect(critical).toMatchObject({ severity: 'critical', severityReason: 'alert firing: DiskBusyCritical on db1' });
  });

  it('an SLO burning on a dependant makes the bottleneck critical, and critical ranks before a higher score', () => {
    const window = windowOf({
      ...host('app1', constant(99), { 'load1{host="app1"}': constant(8) }),
      ...host('db1', constant(10)),
      'db_sessions_waiting_on_lock{component="db",host="db1"}': constant(3),
      'slo_burn_rate_short{component="web",slo="latency",window="300s/3600s"}': constant(14),
      'slo_burn_rate_long{component="web",slo="latency",window="300s/3600s"}': constant(2),
    });
    const findings = analyseBottlenecks(window, topology);
    // both affect web (app1 runs the engine, which web depends on; db1 too), so both are critical: the deeper one first
    expect(findings.map((f) => [f.id, f.severity])).toEqual([
      ['cpu:app1', 'critical'],
      ['db-locks:db/db1', 'critical'],
    ]);
    expect(findings[1]!.severityReason).toBe('SLO web/latency burning (burn rate up to 14.0)');
    const calm = analyseBottlenecks(windowOf({ ...host('app1', constant(99), { 'load1{host="app1"}': constant(8) }), ...host('db1', constant(10)), 'db_sessions_waiting_on_lock{component="db",host="db1"}': constant(3), 'alert_state{alertname="OrdersSlow",component="db",severity="critical"}': constant(2) }), topology);
    expect(calm.map((f) => [f.id, f.severity])).toEqual([
      ['db-locks:db/db1', 'critical'],
      ['cpu:app1', 'warning'],
    ]);
  });

  it('a queue with no consumer, a growing backlog, a JVM thrashing in GC', () => {
    const rising = Array.from({ length: BUCKETS }, (_, i) => 100 + 40 * i);
    const window = windowOf({
      'queue_depth{component="engine",host="app1",queue="orders.in"}': rising,
      'queue_consumers{component="engine",host="app1",queue="orders.in"}': constant(2),
      'queue_publish_per_sec{component="engine",host="app1",queue="orders.in"}': constant(50),
      'queue_deliver_per_sec{component="engine",host="app1",queue="orders.in"}': constant(30),
      'queue_depth{component="engine",host="app1",queue="audit"}': constant(500),
      'queue_consumers{component="engine",host="app1",queue="audit"}': constant(0),
      'jvm_gc_time_percent{host="app2",main="com.acme.Engine",pid="77"}': constant(35),
      'jvm_heap_used_bytes{host="app2",main="com.acme.Engine",pid="77"}': constant(950),
      'jvm_heap_max_bytes{host="app2",main="com.acme.Engine",pid="77"}': constant(1000),
    });
    const findings = analyseBottlenecks(window, topology);
    const byId = new Map(findings.map((f) => [f.id, f]));
    expect([...byId.keys()].sort()).toEqual(['jvm-gc:app2/77', 'jvm-heap:app2/77', 'queue-backlog:engine/orders.in', 'queue-consumers:engine/audit']);
    expect(byId.get('queue-consumers:engine/audit')!.title).toBe('queue audit (engine) has no consumer: 500 messages waiting');
    expect(byId.get('queue-backlog:engine/orders.in')).toMatchObject({ components: ['engine'], affects: ['web'], culprits: [{ kind: 'queue', name: 'orders.in', figure: '50/s in, 30/s out, 2 consumers' }] });
    const gc = byId.get('jvm-gc:app2/77')!;
    expect(gc.culprits[0]).toMatchObject({ kind: 'jvm', host: 'app2', pid: 77 });
    expect(gc.actions.map((a) => a.key)).toEqual(['0 c', '0 h', '0 t', '9 o', '9 r']);
    expect(gc.actions.at(-1)!.command).toBe('perfmon restart engine --dry-run');
    // the text the CLI prints names each finding once, worst first
    const text = formatReport({ store: '/s', from: new Date(FROM).toISOString(), to: new Date(FROM + BUCKETS * STEP).toISOString(), stepSeconds: 2, saturatedShare: 0.5, hosts: [], findings }, 100);
    expect(text.split('\n').filter((l) => /^\d+\. /.test(l))).toHaveLength(4);
  });

  it('a host seen for a moment of the window is not saturated for "half of it"', () => {
    const briefly = [...constant(99, 3), ...Array.from({ length: BUCKETS - 3 }, () => null)];
    expect(analyseBottlenecks(windowOf({ ...host('app1', constant(10)), 'jvm_gc_time_percent{host="app1",main="X",pid="1"}': briefly }), topology)).toEqual([]);
  });
});
