/**
 * The series platform readings become in history: application metrics and SLOs per component
 * (and per host), every queue's depth and rates, each database's connections, locks, cache and
 * error counters, each JVM's heap, non-heap pools, GC and threads, each component's health check
 * on each host. Each reading is one instant of one group — `app:<component>`, `queues`,
 * `db:<component>:<host>`, `jvm:<host>`, `health:<component>:<host>` — at the time the collector
 * read it. A figure the collector could
 * not read (null) is left out: a gap, never a made-up zero.
 */
import type { HostHealthReading, HostJvmsReading, PlatformState } from '../model/platform-state.js';
import type { AppMetricValue } from '../model/app-reading.js';
import type { LockNode } from '../model/database-reading.js';
import type { ApplicationReading, DatabaseReading, QueuesReading } from '../model/platform-readings.js';
import type { Labels } from '../model/series-key.js';
import type { KeyedValue } from './host-snapshot-samples.js';

export interface GroupInstant {
  group: string;
  t: number;
  samples: KeyedValue[];
}

function collector(): { out: KeyedValue[]; add: (name: string, v: unknown, labels: Labels) => void } {
  const out: KeyedValue[] = [];
  return {
    out,
    add: (name, v, labels) => {
      if (typeof v === 'number' && Number.isFinite(v)) out.push({ key: { name, labels }, v });
    },
  };
}

function appMetrics(add: (name: string, v: unknown, labels: Labels) => void, metrics: Record<string, AppMetricValue>, labels: Labels): void {
  for (const metric of Object.values(metrics)) {
    add('app_metric', metric.value, { ...labels, metric: metric.key });
    for (const q of metric.quantiles ?? []) add('app_metric_quantile', q.value, { ...labels, metric: metric.key, quantile: String(q.q) });
  }
}

function applicationInstant(reading: ApplicationReading): GroupInstant {
  const { out, add } = collector();
  const component = { component: reading.component };
  if (reading.detail) {
    appMetrics(add, reading.detail.metrics, component);
    for (const host of reading.detail.hosts) appMetrics(add, host.metrics, { ...component, host: host.host });
    for (const endpoint of reading.detail.endpoints) add('app_endpoint_up', endpoint.ok ? 1 : 0, { ...component, host: endpoint.host, endpoint: endpoint.endpoint });
  }
  for (const slo of reading.report?.slos ?? []) {
    const labels = { ...component, slo: slo.name };
    add('slo_sli', slo.sli, labels);
    add('slo_error_budget_remaining', slo.errorBudget.remaining, labels);
    add('slo_current_value', slo.current.value, labels);
    for (const alert of slo.alerts) {
      const window = { ...labels, window: `${alert.shortWindowSeconds}s/${alert.longWindowSeconds}s` };
      add('slo_burn_rate_short', alert.shortBurnRate, window);
      add('slo_burn_rate_long', alert.longBurnRate, window);
    }
  }
  return { group: `app:${reading.component}`, t: reading.timeMs, samples: out };
}

function queuesInstant(reading: QueuesReading): GroupInstant {
  const { out, add } = collector();
  for (const q of reading.queues) {
    const labels: Labels = { component: q.component, host: q.host, queue: q.name, ...(q.vhost === null ? {} : { vhost: q.vhost }) };
    add('queue_depth', q.depth, labels);
    add('queue_ready', q.ready, labels);
    add('queue_unacked', q.unacked, labels);
    add('queue_consumers', q.consumers, labels);
    add('queue_publish_per_sec', q.publishPerSec, labels);
    add('queue_deliver_per_sec', q.deliverPerSec, labels);
    add('queue_ack_per_sec', q.ackPerSec, labels);
    add('queue_growth_per_sec', q.growthPerSec, labels);
  }
  return { group: 'queues', t: reading.timeMs, samples: out };
}

function countBlocked(node: LockNode): number {
  return node.blocks.reduce((n, b) => n + 1 + countBlocked(b), 0);
}

function databaseInstant(reading: DatabaseReading): GroupInstant {
  const { out, add } = collector();
  const labels = { component: reading.component, host: reading.host };
  add('db_up', reading.snapshot === null ? 0 : 1, labels);
  const s = reading.snapshot;
  if (s) {
    add('db_connections', s.connections.total, labels);
    add('db_connections_max', s.connections.max, labels);
    add('db_connections_used_ratio', s.connections.usedRatio, labels);
    add('db_connections_active', s.connections.active, labels);
    add('db_connections_idle_in_transaction', s.connections.idleInTransaction, labels);
    add('db_sessions_waiting_on_lock', s.connections.waitingOnLock, labels);
    add('db_sessions_blocked', s.locks.blocked.length, labels);
    add('db_cache_hit_ratio', s.cache.hitRatio, labels);
    // Each root holder of a lock chain and how many sessions wait behind it: who to blame later.
    for (const tree of s.locks.trees) add('db_lock_holder_blocking', countBlocked(tree), { ...labels, pid: String(tree.session.pid), user: tree.session.user });
    for (const [counter, total] of Object.entries(s.errors.totals)) add('db_errors_total', total, { ...labels, counter });
  }
  return { group: `db:${reading.component}:${reading.host}`, t: reading.timeMs, samples: out };
}

function jvmsInstant(reading: HostJvmsReading): GroupInstant {
  const { out, add } = collector();
  for (const jvm of reading.jvms) {
    const labels = { host: reading.host, pid: String(jvm.pid), main: jvm.mainClass };
    add('jvm_up', jvm.status === 'ok' ? 1 : 0, labels);
    add('jvm_uptime_seconds', jvm.uptimeSeconds, labels);
    add('jvm_heap_used_bytes', jvm.heap?.used, labels);
    add('jvm_heap_committed_bytes', jvm.heap?.committed, labels);
    add('jvm_heap_max_bytes', jvm.heap?.max, labels);
    for (const [pool, figures] of [['metaspace', jvm.nonHeap?.metaspace], ['class-space', jvm.nonHeap?.classSpace], ['code-cache', jvm.nonHeap?.codeCache]] as const) {
      add('jvm_nonheap_used_bytes', figures?.used, { ...labels, pool });
      add('jvm_nonheap_committed_bytes', figures?.committed, { ...labels, pool });
    }
    add('jvm_gc_count', jvm.gc?.count, labels);
    add('jvm_gc_time_ms', jvm.gc?.timeMs, labels);
    add('jvm_gc_per_sec', jvm.gc?.countPerSec, labels);
    add('jvm_gc_time_percent', jvm.gc?.timePercent, labels);
    for (const c of jvm.gc?.collectors ?? []) {
      add('jvm_gc_collector_count', c.count, { ...labels, collector: c.name });
      add('jvm_gc_collector_time_ms', c.timeMs, { ...labels, collector: c.name });
    }
    add('jvm_threads_live', jvm.threads?.live, labels);
    add('jvm_threads_daemon', jvm.threads?.daemon, labels);
    add('jvm_threads_peak', jvm.threads?.peak, labels);
  }
  return { group: `jvm:${reading.host}`, t: reading.time, samples: out };
}

function healthInstants(component: string, readings: readonly HostHealthReading[]): GroupInstant[] {
  return readings.map((r) => ({ group: `health:${component}:${r.host}`, t: r.time, samples: [{ key: { name: 'component_healthy', labels: { component, host: r.host } }, v: r.ok ? 1 : 0 }] }));
}

/** The instants one platform slot holds (a slot holds every component's latest; the recorder keeps only new ones). */
export function platformInstants(key: keyof PlatformState, value: PlatformState[keyof PlatformState]): GroupInstant[] {
  if (value === undefined) return [];
  if (key === 'applications') return (value as readonly ApplicationReading[]).map(applicationInstant);
  if (key === 'queues') return [queuesInstant(value as QueuesReading)];
  if (key === 'databases') return (value as readonly DatabaseReading[]).map(databaseInstant);
  if (key === 'jvms') return (value as readonly HostJvmsReading[]).map(jvmsInstant);
  if (key === 'componentHealth') return Object.entries(value as Readonly<Record<string, readonly HostHealthReading[]>>).flatMap(([component, readings]) => healthInstants(component, readings));
  return [];
}
