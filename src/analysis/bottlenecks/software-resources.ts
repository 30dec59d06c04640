/**
 * Software resources, from the platform series the recorder keeps: each JVM's GC time share
 * and heap after GC (the floor of its heap in each bucket, against its max), each database's
 * connections, lock waits and cache hit ratio, each queue's backlog and consumers. Thread-pool
 * saturation needs a thread dump, which history does not keep: the actions offer one.
 */
import { formatBytes, formatCount, formatPercent } from '../../format/units.js';
import type { BottleneckWindow, WindowSeries } from './bottleneck-window.js';
import { seriesOf } from './bottleneck-window.js';
import type { BottleneckResource, Culprit, Evidence } from './finding.js';
import type { ComponentTopology } from './impact.js';
import { alignedMeans, evidence, meanOf, SATURATED_SHARE, SATURATION_LEVEL, shareIn } from './saturation.js';

export interface SoftwareCandidate {
  resource: BottleneckResource;
  /** What it is on: `host/pid`, `component/host`, `component/queue`. */
  subject: string;
  hosts: string[];
  /** The component owning it, when the series names one. */
  components: string[];
  title: string;
  share: number;
  pressure: number;
  evidence: Evidence[];
  culprits: Culprit[];
}

/** A JVM spending this share of its time in GC is thrashing rather than working. */
export const GC_TIME_LEVEL = 10;
/** A cache hit ratio at or below this, most of the window, sends reads to disk. */
export const CACHE_HIT_LEVEL = 0.9;

const clamp01 = (v: number) => (Number.isFinite(v) ? Math.max(0, Math.min(1, v)) : 0);
const label = (s: WindowSeries, name: string) => s.key.labels[name] ?? '?';

function jvmCandidates(window: BottleneckWindow): SoftwareCandidate[] {
  const out: SoftwareCandidate[] = [];
  const jvms = new Map<string, { host: string; pid: string; main: string }>();
  for (const name of ['jvm_gc_time_percent', 'jvm_heap_used_bytes']) {
    for (const s of seriesOf(window, name)) jvms.set(`${label(s, 'host')}/${label(s, 'pid')}`, { host: label(s, 'host'), pid: label(s, 'pid'), main: label(s, 'main') });
  }
  for (const [subject, { host, pid, main }] of jvms) {
    const labels = { host, pid };
    const culprit: Culprit = { kind: 'jvm', host, name: main, pid: Number(pid), figure: '', value: 0 };
    const gc = seriesOf(window, 'jvm_gc_time_percent', labels)[0];
    if (gc) {
      const values = alignedMeans(window, gc.points);
      const share = shareIn(window, values, GC_TIME_LEVEL);
      if (share >= SATURATED_SHARE) {
        const mean = meanOf(values);
        out.push({
          resource: 'jvm-gc',
          subject,
          hosts: [host],
          components: [],
          title: `JVM ${main} (pid ${pid}) thrashing in GC: ${formatPercent(mean)} of its time`,
          share,
          pressure: clamp01(mean / 50),
          evidence: [evidence(window, { series: gc.id, what: 'time in GC', unit: '%', values, threshold: GC_TIME_LEVEL, scaleMax: 100 })],
          culprits: [{ ...culprit, figure: `${formatPercent(mean)} of its time in GC`, value: mean }],
        });
      }
    }
    const used = seriesOf(window, 'jvm_heap_used_bytes', labels)[0];
    const max = seriesOf(window, 'jvm_heap_max_bytes', labels)[0];
    if (used && max) {
      const maxes = alignedMeans(window, max.points);
      // The lowest heap of a bucket is what the last collection in it left: the live set.
      const floor = alignedMeans(window, used.points, (p) => p.min).map((v, i) => (100 * v) / maxes[i]!);
      const share = shareIn(window, floor, SATURATION_LEVEL);
      if (share >= SATURATED_SHARE) {
        const lastMax = maxes.filter(Number.isFinite).at(-1) ?? Number.NaN;
        out.push({
          resource: 'jvm-heap',
          subject,
          hosts: [host],
          components: [],
          title: `JVM ${main} (pid ${pid}) heap full after GC: ${formatPercent(meanOf(floor))} of ${formatBytes(lastMax)}`,
          share,
          pressure: clamp01((meanOf(floor) - SATURATION_LEVEL) / 20),
          evidence: [evidence(window, { series: `min ${used.id} / jvm_heap_max_bytes`, what: 'heap after GC', unit: '%', values: floor, threshold: SATURATION_LEVEL, scaleMax: 100 })],
          culprits: [{ ...culprit, figure: `${formatPercent(meanOf(floor))} of the heap live`, value: meanOf(floor) }],
        });
      }
    }
  }
  return out;
}

function databaseCandidates(window: BottleneckWindow): SoftwareCandidate[] {
  const out: SoftwareCandidate[] = [];
  const servers = new Map<string, { component: string; host: string }>();
  for (const name of ['db_connections_used_ratio', 'db_sessions_waiting_on_lock', 'db_cache_hit_ratio']) {
    for (const s of seriesOf(window, name)) servers.set(`${label(s, 'component')}/${label(s, 'host')}`, { component: label(s, 'component'), host: label(s, 'host') });
  }
  for (const [subject, { component, host }] of servers) {
    const labels = { component, host };
    const base = { subject, hosts: [host], components: [component] };
    const database: Culprit = { kind: 'database', host, name: component, pid: null, figure: '', value: 0 };
    const connections = seriesOf(window, 'db_connections_used_ratio', labels)[0];
    if (connections) {
      const values = alignedMeans(window, connections.points).map((v) => v * 100);
      const share = shareIn(window, values, SATURATION_LEVEL);
      if (share >= SATURATED_SHARE) {
        out.push({
          ...base,
          resource: 'db-connections',
          title: `database ${component} on ${host}: connections ${formatPercent(meanOf(values))} of the maximum`,
          share,
          pressure: clamp01((meanOf(values) - SATURATION_LEVEL) / 20),
          evidence: [evidence(window, { series: connections.id, what: 'connections used', unit: '%', values, threshold: SATURATION_LEVEL, scaleMax: 100 })],
          culprits: [{ ...database, figure: `${formatPercent(meanOf(values))} of its connections`, value: meanOf(values) }],
        });
      }
    }
    const waiting = seriesOf(window, 'db_sessions_waiting_on_lock', labels)[0];
    if (waiting) {
      const values = alignedMeans(window, waiting.points);
      const share = shareIn(window, values, 1);
      if (share >= SATURATED_SHARE) {
        const blocked = seriesOf(window, 'db_sessions_blocked', labels)[0];
        const ev = [evidence(window, { series: waiting.id, what: 'sessions waiting on a lock', unit: 'sessions', values, threshold: 1 })];
        if (blocked) ev.push(evidence(window, { series: blocked.id, what: 'sessions blocked', unit: 'sessions', values: alignedMeans(window, blocked.points) }));
        out.push({
          ...base,
          resource: 'db-locks',
          title: `database ${component} on ${host}: ${formatCount(meanOf(values))} sessions waiting on locks`,
          share,
          pressure: clamp01(meanOf(values) / 5),
          evidence: ev,
          culprits: [{ ...database, figure: `${formatCount(meanOf(values))} sessions waiting on a lock (the Database pane shows the holder and its statement)`, value: meanOf(values) }],
        });
      }
    }
    const cache = seriesOf(window, 'db_cache_hit_ratio', labels)[0];
    if (cache) {
      const values = alignedMeans(window, cache.points);
      const share = shareIn(window, values, CACHE_HIT_LEVEL, true);
      if (share >= SATURATED_SHARE) {
        out.push({
          ...base,
          resource: 'db-cache',
          title: `database ${component} on ${host}: cache hit ${formatPercent(100 * meanOf(values))}`,
          share,
          pressure: 0,
          evidence: [evidence(window, { series: cache.id, what: 'cache hit ratio', unit: 'ratio', values, threshold: CACHE_HIT_LEVEL, below: true, scaleMax: 1 })],
          culprits: [{ ...database, figure: `cache hit ${formatPercent(100 * meanOf(values))}`, value: meanOf(values) }],
        });
      }
    }
  }
  return out;
}

function queueLimit(topology: readonly ComponentTopology[], component: string, queue: string): number | null {
  const c = topology.find((t) => t.name === component);
  return c?.queueLimits?.[queue] ?? c?.queueLimit ?? null;
}

function queueCandidates(window: BottleneckWindow, topology: readonly ComponentTopology[]): SoftwareCandidate[] {
  const out: SoftwareCandidate[] = [];
  for (const depth of seriesOf(window, 'queue_depth')) {
    const { component = '?', queue = '?', host = '?' } = depth.key.labels;
    const labels = { component, queue, host };
    const depths = alignedMeans(window, depth.points);
    const known = depths.filter(Number.isFinite);
    if (known.length < 2) continue;
    const subject = `${component}/${queue}`;
    const base = { subject, hosts: [host], components: [component] };
    const rate = (name: string) => {
      const s = seriesOf(window, name, labels)[0];
      return s ? { id: s.id, values: alignedMeans(window, s.points) } : null;
    };
    const publish = rate('queue_publish_per_sec');
    const deliver = rate('queue_deliver_per_sec');
    const consumers = rate('queue_consumers');
    const limit = queueLimit(topology, component, queue);
    const growth = known.at(-1)! - known[0]!;
    // Backlog: the depth rose from one bucket to the next for most of the window (or sat near its limit).
    const rises = known.slice(1).filter((v, i) => v > known[i]!).length / (known.length - 1);
    const fill = limit === null ? [] : depths.map((d) => (100 * d) / limit);
    const fullShare = limit === null ? 0 : shareIn(window, fill, SATURATION_LEVEL);
    const share = Math.max(rises, fullShare);
    const ev = [evidence(window, { series: depth.id, what: 'depth', unit: 'messages', values: depths, ...(limit === null ? {} : { threshold: (limit * SATURATION_LEVEL) / 100 }) })];
    if (publish) ev.push(evidence(window, { series: publish.id, what: 'published', unit: '/s', values: publish.values }));
    if (deliver) ev.push(evidence(window, { series: deliver.id, what: 'delivered', unit: '/s', values: deliver.values }));
    const consumerCount = consumers ? meanOf(consumers.values) : Number.NaN;
    const inflow = publish ? meanOf(publish.values) : Number.NaN;
    const outflow = deliver ? meanOf(deliver.values) : Number.NaN;
    const rates = `${formatCount(inflow)}/s in, ${formatCount(outflow)}/s out, ${Number.isFinite(consumerCount) ? formatCount(consumerCount) : '?'} consumers`;
    const culprit: Culprit = { kind: 'queue', host, name: queue, pid: null, figure: rates, value: growth };
    // No consumer most of the window while messages wait: nothing drains it at all.
    const idle = consumers ? shareIn(window, consumers.values, 0, true) : 0;
    if (idle >= SATURATED_SHARE && (known.at(-1)! > 0 || inflow > 0)) {
      out.push({
        ...base,
        resource: 'queue-consumers',
        title: `queue ${queue} (${component}) has no consumer: ${formatCount(known.at(-1)!)} messages waiting`,
        share: idle,
        pressure: 1,
        evidence: [...ev, evidence(window, { series: consumers!.id, what: 'consumers', unit: 'consumers', values: consumers!.values, threshold: 0, below: true })],
        culprits: [culprit],
      });
      continue;
    }
    if (growth <= 0 || share < SATURATED_SHARE) continue;
    out.push({
      ...base,
      resource: 'queue-backlog',
      title: `queue ${queue} (${component}) backlog growing: +${formatCount(growth)} messages (${rates})${limit === null ? '' : `, ${formatPercent((100 * known.at(-1)!) / limit)} of its limit`}`,
      share,
      pressure: limit === null ? clamp01(growth / Math.max(1, known[0]! + growth)) : clamp01(known.at(-1)! / limit),
      evidence: ev,
      culprits: [culprit],
    });
  }
  return out;
}

export function softwareCandidates(window: BottleneckWindow, topology: readonly ComponentTopology[]): SoftwareCandidate[] {
  return [...jvmCandidates(window), ...databaseCandidates(window), ...queueCandidates(window, topology)];
}
