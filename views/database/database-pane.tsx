import { wrapWords } from '../../src/format/text.js';
import { useMemo } from 'react';
import type { PaneProps } from '../app-context.js';
import { Lines } from '../components/lines.js';
import { detailWindow, scrollRoom } from '../components/list-detail.js';
import { platformNotice } from '../components/platform-notice.js';
import { useListNavigation } from '../components/use-list-navigation.js';
import { useCommand } from '../keys/use-command.js';
import { useStoreSelector } from '../store/use-store.js';
import { style } from '../theme.js';
import { databaseLines } from './database-lines.js';
import { useDatabaseState } from './use-database-state.js';

/**
 * One PostgreSQL server at a time (n / N for the others): connections, the blocking tree and
 * chains, longest transactions, cache, replication, error counters, top statements. The
 * movement keys scroll when it is longer than the screen.
 */
export function DatabasePane({ width, height }: PaneProps) {
  const platform = useStoreSelector((s) => s.platform);
  const readings = platform.databases ?? [];
  const [state, dispatch] = useDatabaseState();
  const index = Math.min(state.server, Math.max(0, readings.length - 1));
  const reading = readings[index];
  const many = readings.length > 1;
  const bodyHeight = Math.max(1, height - (many ? 1 : 0));
  const body = useMemo(() => (reading ? databaseLines(reading, width, state.order) : []), [reading, width, state.order]);
  const room = scrollRoom(body.length, bodyHeight);
  const maxScroll = Math.max(0, body.length - room);
  const scroll = Math.min(state.scroll, maxScroll);

  useListNavigation(maxScroll + 1, scroll, room, (to) => dispatch({ type: 'scroll', to }));
  const single = many ? null : 'only one database server';
  useCommand('pane.database.next', () => dispatch({ type: 'server', step: 1, count: readings.length }), single);
  useCommand('pane.database.previous', () => dispatch({ type: 'server', step: -1, count: readings.length }), single);
  useCommand('pane.database.statements', () => dispatch({ type: 'order' }));

  const lines = useMemo(() => {
    const shown = detailWindow(body, scroll, bodyHeight);
    if (!many) return shown;
    const failing = readings.filter((r) => r.error !== null).length;
    const tabs = `${style.title('Database')}  server ${index + 1} of ${readings.length}${failing ? `, ${style.bad(`${failing} failing`)}` : ''}  (n next, N previous)`;
    return [tabs, ...shown];
  }, [body, scroll, bodyHeight, many, readings, index]);

  const notice = platformNotice(platform, 'databases', readings.length > 0);
  if (notice) return <Lines lines={wrapWords(notice, width).map(style.dim)} />;
  return <Lines lines={lines} />;
}
