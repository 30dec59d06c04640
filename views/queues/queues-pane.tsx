import { useCallback, useMemo } from 'react';
import type { PaneProps } from '../app-context.js';
import { ListDetailPane, listSummary } from '../components/list-detail-pane.js';
import type { ListDetailState } from '../components/list-detail.js';
import { platformNotice } from '../components/platform-notice.js';
import { useStoreSelector } from '../store/use-store.js';
import { style } from '../theme.js';
import { truncate } from '../../src/format/text.js';
import { queueColumns } from './queue-columns.js';
import { queueDetailLines, queueRows, QUEUE_SORT_KEYS, sortQueueRows, type QueueRow, type QueueSortKey } from './queue-rows.js';

const SORT_NAMES = { worst: 'worst first', depth: 'depth', growth: 'growth', name: 'name' } as const;
/** Source errors shown above the table; the rest are counted. */
const MAX_ERROR_LINES = 3;

type State = ListDetailState<QueueSortKey>;
const shown = (all: readonly QueueRow[], s: State) => sortQueueRows(all, s.sort, s.reverse, s.filter);

/**
 * Every queue: depth, growth, publish vs deliver/ack rates, consumers, unacked, time to drain
 * or to the limit, a sustained imbalance flagged with since when, and a depth sparkline.
 * Sources that could not be read are named per host above the table. Enter: one queue.
 */
export function QueuesPane({ width, height }: PaneProps) {
  const platform = useStoreSelector((s) => s.platform);
  const reading = platform.queues;
  const all = useMemo(() => queueRows(reading), [reading]);
  const above = useMemo(() => {
    const errors = reading?.errors ?? [];
    const lines = errors.slice(0, MAX_ERROR_LINES).map((e) => style.bad(truncate(`✖ ${e.component ? `${e.component} ` : ''}${e.message}`, width)));
    if (errors.length > MAX_ERROR_LINES) lines.push(style.bad(`✖ and ${errors.length - MAX_ERROR_LINES} more sources could not be read`));
    if (all.length === 0 && reading) lines.push(style.dim(errors.length ? 'No queue to show while the sources above cannot be read.' : 'The sources answered with no queue (or none passes include/exclude).'));
    return lines;
  }, [reading, all.length, width]);
  const columns = useCallback((s: State) => queueColumns(s.sort, s.reverse, Math.max(8, Math.min(30, width - 150))), [width]);
  const summary = useCallback(
    (s: State, count: number) => {
      const flagged = all.filter((r) => r.queue.imbalance.sustained).length;
      return listSummary({ title: 'Queues', total: all.length, noun: 'queue', alarm: flagged ? `${flagged} IMBALANCE` : undefined, sortNames: SORT_NAMES, state: s, shown: count, readMs: reading?.timeMs });
    },
    [all, reading],
  );
  const detail = useCallback((row: QueueRow) => queueDetailLines(row, width), [width]);
  return (
    <ListDetailPane
      pane="queues"
      sortKeys={QUEUE_SORT_KEYS}
      width={width}
      height={height}
      notice={platformNotice(platform, 'queues', reading !== undefined)}
      all={all}
      shown={shown}
      columns={columns}
      summary={summary}
      above={above}
      detail={detail}
      gone="That queue is no longer reported. Esc goes back."
    />
  );
}
