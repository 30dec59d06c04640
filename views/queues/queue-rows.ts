/**
 * The Queues pane's rows: every queue of the platform reading, sorted and filtered, with the
 * words its ETA and FLAG columns show, and the detail of one queue. Pure.
 */
import { naturalCompare } from '../../src/format/text.js';
import type { QueuesReading } from '../../src/model/platform-readings.js';
import { queueId, type QueueStatus } from '../../src/model/queue-reading.js';
import { formatCount, formatDuration } from '../../src/format/units.js';
import { clockTime } from '../../src/format/units.js';
import { sparkline } from '../components/sparkline.js';
import { style } from '../theme.js';
import { BLANK } from '../components/list-detail.js';

export interface QueueRow {
  id: string;
  queue: QueueStatus;
  depths: readonly number[];
}

export const QUEUE_SORT_KEYS = ['worst', 'depth', 'growth', 'name'] as const;
export type QueueSortKey = (typeof QUEUE_SORT_KEYS)[number];

export function queueRows(reading: QueuesReading | undefined): QueueRow[] {
  return (reading?.queues ?? []).map((queue) => {
    const id = queueId(queue);
    return { id, queue, depths: reading?.depths[id] ?? [] };
  });
}

/** `vhost/name` outside RabbitMQ's default vhost. */
export function queueName(q: Pick<QueueStatus, 'vhost' | 'name'>): string {
  return q.vhost && q.vhost !== '/' ? `${q.vhost}/${q.name}` : q.name;
}

/** How soon it matters: the time to the limit of a growing queue, else to drain (smaller is worse). */
function urgency(q: QueueStatus): number {
  return q.secondsToLimit ?? (q.trend === 'growing' ? 1e9 : 2e9);
}

const COMPARE: Record<QueueSortKey, (a: QueueStatus, b: QueueStatus) => number> = {
  worst: (a, b) => Number(b.imbalance.sustained) - Number(a.imbalance.sustained) || urgency(a) - urgency(b) || (b.depth ?? -1) - (a.depth ?? -1),
  depth: (a, b) => (b.depth ?? -1) - (a.depth ?? -1),
  growth: (a, b) => (b.growthPerSec ?? -Infinity) - (a.growthPerSec ?? -Infinity),
  name: (a, b) => naturalCompare(queueName(a), queueName(b)),
};

/** Case-insensitive match on component, host, queue (vhost/name), source, trend or "imbalance". */
export function sortQueueRows(rows: readonly QueueRow[], sort: QueueSortKey, reverse: boolean, filter: string): QueueRow[] {
  const needle = filter.trim().toLowerCase();
  const kept = needle
    ? rows.filter(({ queue: q }) =>
        [q.component, q.host, queueName(q), q.source, q.trend, q.imbalance.sustained ? 'imbalance' : ''].some((s) => s.toLowerCase().includes(needle)),
      )
    : [...rows];
  const sorted = kept.sort((a, b) => COMPARE[sort](a.queue, b.queue) || naturalCompare(a.id, b.id));
  return reverse ? sorted.reverse() : sorted;
}

/** "drains 4m 09s", "full in 5m 02s", "empty", or the trend. */
export function etaText(q: QueueStatus): string {
  if (q.trend === 'empty') return 'empty';
  if (q.secondsToDrain !== null) return `drains ${formatDuration(q.secondsToDrain)}`;
  if (q.secondsToLimit !== null) return `full in ${formatDuration(q.secondsToLimit)}`;
  return q.trend;
}

/** "IMBALANCE 12:03:04" (since when), "(warming up)" until the window is covered, else ''. */
export function flagText(q: QueueStatus): string {
  if (q.imbalance.sustained) return q.imbalanceSinceMs === null ? 'IMBALANCE' : `IMBALANCE ${clockTime(q.imbalanceSinceMs)}`;
  return q.imbalance.covered ? '' : '(warming up)';
}

const perSec = (x: number | null): string => (x === null ? '—' : `${formatCount(x)}/s`);

/** Everything known of one queue, for the detail view. */
export function queueDetailLines(row: QueueRow, width: number): string[] {
  const q = row.queue;
  const since = q.imbalanceSinceMs === null ? '' : ` since ${clockTime(q.imbalanceSinceMs)} (${formatDuration((q.timeMs - q.imbalanceSinceMs) / 1000)})`;
  const chartWidth = Math.max(10, Math.min(row.depths.length, width - 14));
  const shown = row.depths.slice(-chartWidth);
  return [
    style.title(`${queueName(q)}  ${q.component} on ${q.host}  (${q.source})`),
    `depth ${q.depth ?? '—'}  ready ${q.ready ?? '—'}  unacked ${q.unacked ?? '—'}  consumers ${q.consumers ?? '—'}${q.limit === null ? '' : `  limit ${q.limit}`}`,
    `publish ${perSec(q.publishPerSec)}  deliver ${perSec(q.deliverPerSec)}  ack ${perSec(q.ackPerSec)}  growth ${perSec(q.growthPerSec)}  over the last ${formatDuration(q.rateWindowSeconds)}`,
    `trend ${q.trend}  ${etaText(q)}`,
    q.imbalance.sustained
      ? style.bad(`✖ IMBALANCE: more in than out in every ${formatDuration(q.imbalance.windowSeconds / q.imbalance.slices.length)} of the last ${formatDuration(q.imbalance.windowSeconds)}${since}`)
      : q.imbalance.covered
        ? `no sustained imbalance over the last ${formatDuration(q.imbalance.windowSeconds)}`
        : style.dim(`imbalance judged once ${formatDuration(q.imbalance.windowSeconds)} of history are in (warming up)`),
    `net inflow per slice, oldest first: ${q.imbalance.slices.map((x) => `${x > 0 ? '+' : ''}${formatCount(x)}`).join('  ') || '—'}`,
    BLANK,
    `depth, last ${shown.length} readings (max ${formatCount(Math.max(0, ...shown))}):`,
    `  ${style.accent(sparkline(shown, chartWidth))}`,
    style.dim(`read ${clockTime(q.timeMs)}`),
  ];
}
