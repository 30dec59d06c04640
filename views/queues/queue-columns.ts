import { sortMarker } from '../components/sort-mark.js';
import { formatCount } from '../../src/format/units.js';
import type { Column } from '../components/table.js';
import { sparkline } from '../components/sparkline.js';
import { levelCell, style } from '../theme.js';
import { etaText, flagText, queueName, type QueueRow, type QueueSortKey } from './queue-rows.js';

const SOURCE = { 'rabbitmq-prometheus': 'prom', rabbitmqctl: 'ctl', prometheus: 'map' } as const;
const rate = (x: number | null): string => (x === null ? '—' : formatCount(x));
const signed = (x: number | null): string => (x === null ? '—' : `${x > 0 ? '+' : ''}${formatCount(x)}`);

/**
 * The Queues table: the columns of `perfmon queues` plus a depth sparkline. A sustained
 * imbalance is marked critical, a queue with messages and no consumer too.
 */
export function queueColumns(sort: QueueSortKey, reverse: boolean, trendWidth: number): Column<QueueRow>[] {
  const mark = sortMarker<QueueSortKey>(sort, reverse, ['name']);
  return [
    { header: 'COMPONENT', width: 10, priority: 4, cell: (r) => r.queue.component },
    { header: 'HOST', width: 10, priority: 5, cell: (r) => r.queue.host },
    { header: 'SRC', width: 4, priority: 1, cell: (r) => SOURCE[r.queue.source] },
    { header: mark('name', 'QUEUE'), width: 14, flex: true, maxWidth: 40, priority: 10, cell: (r) => queueName(r.queue) },
    { header: mark('depth', 'DEPTH'), width: 7, align: 'right', priority: 10, cell: (r) => (r.queue.depth === null ? '—' : formatCount(r.queue.depth)) },
    { header: mark('growth', 'GROW/s'), width: 7, align: 'right', priority: 8, cell: (r) => signed(r.queue.growthPerSec) },
    { header: 'PUB/s', width: 6, align: 'right', priority: 9, cell: (r) => rate(r.queue.publishPerSec) },
    { header: 'DELIV/s', width: 7, align: 'right', priority: 3, cell: (r) => rate(r.queue.deliverPerSec) },
    { header: 'ACK/s', width: 6, align: 'right', priority: 9, cell: (r) => rate(r.queue.ackPerSec) },
    {
      header: 'CONS',
      width: 5,
      align: 'right',
      priority: 6,
      cell: (r) => levelCell(r.queue.consumers === null ? '—' : String(r.queue.consumers), r.queue.consumers === 0 && (r.queue.depth ?? 0) > 0 ? 'critical' : 'ok'),
    },
    { header: 'UNACK', width: 5, align: 'right', priority: 4, cell: (r) => (r.queue.unacked === null ? '—' : formatCount(r.queue.unacked)) },
    { header: 'ETA', width: 15, priority: 7, cell: (r) => etaText(r.queue) },
    {
      header: mark('worst', 'FLAG'),
      width: 19,
      priority: 9,
      cell: (r) => (r.queue.imbalance.sustained ? levelCell(flagText(r.queue), 'critical') : { text: flagText(r.queue), paint: style.dim }),
    },
    { header: 'DEPTH TREND', width: trendWidth, priority: 2, cell: (r) => ({ text: sparkline(r.depths, trendWidth), paint: style.accent }) },
  ];
}
