/**
 * `perfmon queues` as a table: one row per queue, the worst first (flagged, then deepest).
 * Pure; the Queues pane shows the same columns.
 */
import { formatCount, formatDuration } from '../format/units.js';
import { padEnd, padStart } from '../format/text.js';
import type { QueueStatus } from '../model/queue-reading.js';

const rate = (x: number | null): string => (x === null ? '—' : formatCount(x));
const signed = (x: number | null): string => (x === null ? '—' : `${x > 0 ? '+' : ''}${formatCount(x)}`);

function eta(q: QueueStatus): string {
  if (q.trend === 'empty') return 'empty';
  if (q.secondsToDrain !== null) return `drains ${formatDuration(q.secondsToDrain)}`;
  if (q.secondsToLimit !== null) return `full in ${formatDuration(q.secondsToLimit)}`;
  return q.trend;
}

function flag(q: QueueStatus): string {
  if (q.imbalance.sustained) return 'IMBALANCE';
  return q.imbalance.covered ? '' : '(warming up)';
}

const SOURCE: Record<QueueStatus['source'], string> = { 'rabbitmq-prometheus': 'prom', rabbitmqctl: 'ctl', prometheus: 'map' };

const COLUMNS: Array<{ title: string; width: number; right?: boolean; cell: (q: QueueStatus) => string }> = [
  { title: 'COMPONENT', width: 10, cell: (q) => q.component },
  { title: 'HOST', width: 10, cell: (q) => q.host },
  { title: 'SRC', width: 4, cell: (q) => SOURCE[q.source] },
  { title: 'QUEUE', width: 22, cell: (q) => (q.vhost && q.vhost !== '/' ? `${q.vhost}/${q.name}` : q.name) },
  { title: 'DEPTH', width: 7, right: true, cell: (q) => (q.depth === null ? '—' : formatCount(q.depth)) },
  { title: 'GROWTH/s', width: 8, right: true, cell: (q) => signed(q.growthPerSec) },
  { title: 'PUB/s', width: 6, right: true, cell: (q) => rate(q.publishPerSec) },
  { title: 'DELIV/s', width: 7, right: true, cell: (q) => rate(q.deliverPerSec) },
  { title: 'ACK/s', width: 6, right: true, cell: (q) => rate(q.ackPerSec) },
  { title: 'CONS', width: 4, right: true, cell: (q) => (q.consumers === null ? '—' : String(q.consumers)) },
  { title: 'UNACK', width: 5, right: true, cell: (q) => (q.unacked === null ? '—' : formatCount(q.unacked)) },
  { title: 'ETA', width: 15, cell: eta },
  { title: 'FLAG', width: 12, cell: flag },
];

/** Flagged first, then by depth. */
export function sortQueues(queues: readonly QueueStatus[]): QueueStatus[] {
  return [...queues].sort(
    (a, b) => Number(b.imbalance.sustained) - Number(a.imbalance.sustained) || (b.depth ?? -1) - (a.depth ?? -1) || a.name.localeCompare(b.name),
  );
}

export function queueTable(queues: readonly QueueStatus[]): string {
  const line = (cells: string[]) => cells.join(' ').trimEnd();
  const header = line(COLUMNS.map((c) => (c.right ? padStart(c.title, c.width) : padEnd(c.title, c.width))));
  const rows = sortQueues(queues).map((q) => line(COLUMNS.map((c) => (c.right ? padStart(c.cell(q), c.width) : padEnd(c.cell(q), c.width)))));
  return [header, ...rows].join('\n') + '\n';
}
