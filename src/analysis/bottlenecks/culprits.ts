/**
 * Who is behind a saturated host resource: the processes the recorder kept among each
 * reading's busiest (process_cpu, process_rss_bytes {pid, command}), ranked by their mean over
 * the window — a process counts as 0 in the buckets where it was not among the busiest, so one
 * that burned the whole window outranks one that spiked once.
 */
import type { BottleneckWindow } from './bottleneck-window.js';
import { seriesOf } from './bottleneck-window.js';
import type { Culprit } from './finding.js';
import { alignedMeans, bucketTimes } from './saturation.js';

export const TOP_CULPRITS = 3;

export function topProcesses(window: BottleneckWindow, host: string, metric: string, figure: (v: number) => string, minimum: number): Culprit[] {
  const buckets = bucketTimes(window).length;
  if (buckets === 0) return [];
  return seriesOf(window, metric, { host })
    .map((s) => {
      const total = alignedMeans(window, s.points).reduce((sum, v) => sum + (Number.isFinite(v) ? v : 0), 0);
      const value = total / buckets;
      const pid = Number(s.key.labels['pid']);
      return { kind: 'process' as const, host, name: s.key.labels['command'] ?? '?', pid: Number.isFinite(pid) ? pid : null, figure: figure(value), value };
    })
    .filter((c) => c.value >= minimum)
    .sort((a, b) => b.value - a.value)
    .slice(0, TOP_CULPRITS);
}
