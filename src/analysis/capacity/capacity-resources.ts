/**
 * The resources a capacity forecast watches, and how each is read from history: which series
 * gives the level, which its limit, and how a bucket is summarised. Filesystems are judged by
 * df's rule (used against used + available), memory by what is not available, the JVM heap
 * after GC (the lowest point of each bucket: what a collection leaves), database connections
 * against max_connections, queues against their configured limit, CPU by its recent peak
 * against the critical level.
 */
import type { Labels } from '../../model/series-key.js';

export type ResourceKind = 'filesystem' | 'memory' | 'heap' | 'db-connections' | 'queue' | 'cpu';

export interface ResourceSpec {
  kind: ResourceKind;
  /** The level's series; or `free`, the level being limit − free. */
  used?: string;
  free?: string;
  /** The limit's series (same labels); absent: used + free, or a fixed limit from the context. */
  limit?: string;
  /** Which figure of a bucket is the level. */
  reduce: 'mean' | 'min';
  /** Judge the recent peak, not the trend line (CPU). */
  peak?: boolean;
  unit: 'bytes' | 'count' | 'percent';
  /** What the resource is on its host: the mount, the JVM, the queue… */
  target: (labels: Labels) => string;
}

export const RESOURCES: readonly ResourceSpec[] = [
  { kind: 'filesystem', used: 'fs_used_bytes', free: 'fs_available_bytes', reduce: 'mean', unit: 'bytes', target: (l) => l['mount'] ?? '?' },
  { kind: 'memory', free: 'memory_available_bytes', limit: 'memory_total_bytes', reduce: 'mean', unit: 'bytes', target: () => 'memory' },
  { kind: 'heap', used: 'jvm_heap_used_bytes', limit: 'jvm_heap_max_bytes', reduce: 'min', unit: 'bytes', target: (l) => `${l['main'] ?? 'jvm'} (pid ${l['pid'] ?? '?'})` },
  { kind: 'db-connections', used: 'db_connections', limit: 'db_connections_max', reduce: 'mean', unit: 'count', target: () => 'connections' },
  { kind: 'queue', used: 'queue_depth', reduce: 'mean', unit: 'count', target: (l) => (l['vhost'] ? `${l['vhost']}/${l['queue'] ?? '?'}` : (l['queue'] ?? '?')) },
  { kind: 'cpu', used: 'cpu_usage', reduce: 'mean', peak: true, unit: 'percent', target: () => 'cpu (peak)' },
];
