import { useCallback, useMemo } from 'react';
import { useAppConfig, useUiState, type PaneProps } from '../app-context.js';
import { ListDetailPane, listSummary } from '../components/list-detail-pane.js';
import type { ListDetailState } from '../components/list-detail.js';
import { style } from '../theme.js';
import { truncate } from '../../src/format/text.js';
import { clockTime } from '../../src/format/units.js';
import { auditColumns, auditDetailLines, auditRows, AUDIT_SORT_KEYS, sortAuditRows, type AuditRow, type AuditSortKey } from './audit-rows.js';
import { useAuditLog } from './use-audit-log.js';

const SORT_NAMES = { time: 'newest first', result: 'failed first' } as const;
const MAX_PROBLEM_LINES = 2;

type State = ListDetailState<AuditSortKey>;
const columns = (s: State) => auditColumns(s.sort, s.reverse);

/**
 * Who did what, where, when, with what result: the session's audit log, newest first, `/` to
 * filter (any word: an operator, a host, a run id, a command), Enter for an entry in full with
 * its command. Replaying, it shows what had been done by the moment on screen.
 */
export function AuditPane({ width, height }: PaneProps) {
  const { auditPath } = useAppConfig();
  const { replayAt } = useUiState();
  const { reading, error, readMs } = useAuditLog(auditPath);
  const all = useMemo(() => auditRows(reading?.entries ?? []), [reading]);
  const shown = useCallback((rows: readonly AuditRow[], s: State) => sortAuditRows(rows, s.sort, s.reverse, s.filter, replayAt), [replayAt]);
  const above = useMemo(() => {
    const problems = reading?.problems ?? [];
    const lines = problems.slice(0, MAX_PROBLEM_LINES).map((p) => style.bad(truncate(`✖ ${p}; skipped`, width)));
    if (problems.length > MAX_PROBLEM_LINES) lines.push(style.bad(`✖ and ${problems.length - MAX_PROBLEM_LINES} more lines that are not audit records`));
    if (error) lines.push(style.bad(truncate(`✖ ${error}`, width)));
    return lines;
  }, [reading, error, width]);
  const summary = useCallback(
    (s: State, count: number) => {
      const failed = all.filter((r) => r.entry.result === 'failed' && (replayAt === null || r.timeMs <= replayAt)).length;
      const upTo = replayAt === null ? undefined : `up to ${clockTime(replayAt)}`;
      return listSummary({ title: 'Audit', total: all.length, noun: 'record', alarm: failed ? `${failed} FAILED` : undefined, note: upTo, sortNames: SORT_NAMES, state: s, shown: count, readMs: readMs ?? undefined });
    },
    [all, replayAt, readMs],
  );
  const notice =
    auditPath === undefined
      ? 'No audit log in this session: watching this machine changes nothing.'
      : reading !== null && all.length === 0 && !error
        ? `Nothing in ${reading.file} yet: every action that changes a host (restart, drain, degrade, a runbook command) is logged there before and after it runs.`
        : null;
  return (
    <ListDetailPane
      pane="audit"
      sortKeys={AUDIT_SORT_KEYS}
      width={width}
      height={height}
      notice={notice}
      all={all}
      shown={shown}
      columns={columns}
      summary={summary}
      above={above}
      detail={auditDetailLines}
      gone="That entry is no longer in the log. Esc goes back."
    />
  );
}
