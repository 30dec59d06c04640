/**
 * The Database pane's lines for one PostgreSQL server: connections against the maximum, the
 * blocking tree exactly as the server reports it (pids, users, states, waits, queries) with
 * each waiter's chain, the longest transactions, cache hit ratio, replication, error counters
 * and the top statements. Pure; the pane scrolls them.
 */
import { stripVTControlCharacters } from 'node:util';
import type { LockNode, SessionInfo, StatementInfo } from '../../src/model/database-reading.js';
import { ERROR_COUNTERS, type ErrorCounter } from '../../src/model/database-reading.js';
import type { DatabaseReading } from '../../src/model/platform-readings.js';
import { truncate, wrapWords } from '../../src/format/text.js';
import { formatBytes, formatCount, formatDuration, formatPercent } from '../../src/format/units.js';
import { plainGauge, paintGauge } from '../components/bar.js';
import { clockTime } from '../../src/format/units.js';
import { marked, style } from '../theme.js';
import type { Level } from '../../src/analysis/thresholds.js';
import { BLANK } from '../components/list-detail.js';

export type StatementOrder = 'total' | 'mean';

const ERROR_NAMES: Record<ErrorCounter, string> = {
  rollbacks: 'rollbacks',
  conflicts: 'conflicts',
  deadlocks: 'deadlocks',
  tempFiles: 'temp files',
  tempBytes: 'temp bytes',
  checksumFailures: 'checksum failures',
};

/** Seconds with a tenth under a minute: "3.1s", "4m 09s"; "—" when unknown. */
function seconds(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return x < 60 ? `${x.toFixed(1)}s` : formatDuration(x);
}

/**
 * perfmon's own sampling statements as pg_stat_statements normalises them: a tag constant
 * first (`select 'conn', …` becomes `select $1, …`, or the lock query's `with waiting as (`)
 * over the statistics views. They are not what the operator is looking for.
 */
export function isPerfmonStatement(query: string): boolean {
  return /^(select \$1, |with waiting as \()/.test(query) && /\bpg_(stat_\w+|blocking_pids|is_in_recovery|extension|last_wal_receive_lsn)\b|\bcurrent_setting\(/.test(query);
}

/** A query on one line (psql keeps its line breaks). */
const oneLine = (query: string): string => query.replace(/\s+/g, ' ').trim();

const who = (s: SessionInfo): string => `${s.pid} ${s.user || '?'}@${s.database || '?'}`;

/** Lines a query may take under its session in the lock tree before it is cut. */
const QUERY_LINES = 3;

/** A session of the blocking tree, then those waiting on it; the query whole when it fits, else on up to three lines below. */
function lockTree(node: LockNode, depth: number, width: number): string[] {
  const s = node.session;
  const indent = depth === 0 ? '  ' : `  ${'   '.repeat(depth - 1)}└─ `;
  const facts =
    s.waitSeconds === undefined || s.waitSeconds === null
      ? `${s.state || 'no state'}, xact ${seconds(s.transactionSeconds)}, holds`
      : `waits ${seconds(s.waitSeconds)} for ${s.lockType} ${s.lockMode}${s.relation ? ` on ${s.relation}` : ''}`;
  const head = `${indent}${who(s)}  ${facts}`;
  const query = oneLine(s.query);
  const paint = depth === 0 ? style.bad : style.warn;
  let own: string[];
  if (head.length + 2 + query.length <= width) own = [paint(`${head}  ${query}`)];
  else {
    const pad = ' '.repeat(indent.length + 3);
    const wrapped = wrapWords(query, Math.max(10, width - pad.length));
    const shown = wrapped.slice(0, QUERY_LINES);
    if (wrapped.length > QUERY_LINES) shown[QUERY_LINES - 1] = truncate(`${shown[QUERY_LINES - 1]} ${wrapped[QUERY_LINES]}`, width - pad.length);
    own = [paint(truncate(head, width)), ...shown.map((l) => pad + l)];
  }
  return [...own, ...node.blocks.flatMap((child) => lockTree(child, depth + 1, width))];
}

function statementLines(list: readonly StatementInfo[], width: number, count: number): string[] {
  const header = style.bold(`  ${'CALLS'.padStart(7)} ${'TOTAL'.padStart(8)} ${'MEAN'.padStart(8)} ${'ROWS'.padStart(7)}  QUERY`);
  return [
    header,
    ...list.slice(0, count).map((s) =>
      truncate(`  ${formatCount(s.calls).padStart(7)} ${seconds(s.totalSeconds).padStart(8)} ${seconds(s.meanSeconds).padStart(8)} ${formatCount(s.rows).padStart(7)}  ${oneLine(s.query)}`, width),
    ),
  ];
}

/** Parts joined by two spaces, wrapped onto lines indented by two; a part longer than a line is cut. */
function wrapParts(parts: readonly string[], width: number): string[] {
  const lines: string[] = [];
  let line = '';
  let used = 0;
  for (const part of parts) {
    const size = stripVTControlCharacters(part).length;
    if (line && used + 2 + size > width) {
      lines.push(line);
      line = '  ';
      used = 2;
    }
    const gap = line && line !== '  ' ? '  ' : '';
    line += gap + part;
    used += gap.length + size;
  }
  if (line) lines.push(line);
  return lines;
}

function connectionLevel(ratio: number): Level {
  return ratio >= 0.9 ? 'critical' : ratio >= 0.7 ? 'warning' : 'ok';
}

export function databaseLines(reading: DatabaseReading, width: number, order: StatementOrder): string[] {
  const s = reading.snapshot;
  const version = s ? `PostgreSQL ${Math.floor(s.serverVersion / 10000)}.${s.serverVersion % 10000}` : '';
  const lines = [`${style.title(`${reading.component} on ${reading.host}`)}  ${version}  ${s ? s.replication.role : ''}  read ${clockTime(s?.timeMs ?? reading.timeMs)}`];
  // The reason whole (it is what the operator acts on), then the last good reading.
  if (reading.error) lines.push(...wrapWords(`✖ ${reading.error}${s ? ' (the last good reading below)' : ''}`, width).map((l) => style.bad(l)));
  if (!s) return lines;

  const c = s.connections;
  const usable = c.max - c.reservedForSuperuser;
  const level = connectionLevel(c.usedRatio);
  lines.push(
    ...wrapParts(
      [
        `${style.bold('CONNECTIONS')} ${c.total} of ${usable} ${paintGauge(plainGauge(c.usedRatio * 100, 10), level)} ${marked(formatPercent(c.usedRatio * 100), level)}`,
        `active ${c.active}`,
        `idle ${c.idle}`,
        `idle in transaction ${c.idleInTransaction}${c.idleInTransactionAborted ? ` (aborted ${c.idleInTransactionAborted})` : ''}`,
        c.waitingOnLock ? style.warn(`waiting on a lock ${c.waitingOnLock}`) : 'waiting on a lock 0',
      ],
      width,
    ),
  );
  const hit = s.cache.hitRatio === null ? '—' : `${(s.cache.hitRatio * 100).toFixed(2)}%`;
  const recent = s.cache.intervalHitRatio === null ? '' : ` (last interval ${(s.cache.intervalHitRatio * 100).toFixed(2)}%)`;
  lines.push(...wrapParts([`${style.bold('CACHE HIT')} ${hit}${recent}`, `${style.bold('REPLICATION')} ${replicationText(s.replication)}`], width));
  const interval = s.errors.interval;
  const counters = ERROR_COUNTERS.map((k) => {
    const total = k === 'tempBytes' ? formatBytes(s.errors.totals[k]) : formatCount(s.errors.totals[k]);
    const added = interval ? interval[k] : null;
    const text = `${ERROR_NAMES[k]} ${total}${added ? ` (+${k === 'tempBytes' ? formatBytes(added) : formatCount(added)})` : ''}`;
    return added && k !== 'tempFiles' && k !== 'tempBytes' ? style.warn(text) : text;
  });
  lines.push(...wrapParts([`${style.bold('ERRORS')} ${counters[0]}`, ...counters.slice(1)], width));

  lines.push(BLANK);
  const blocked = s.locks.blocked;
  if (blocked.length === 0) lines.push(`${style.bold('LOCKS')} no session waits on another`);
  else {
    lines.push(`${style.bold('LOCKS')} ${style.bad(`${blocked.length} session${blocked.length === 1 ? '' : 's'} blocked`)}; the holder first, those waiting on it below:`);
    for (const tree of s.locks.trees) lines.push(...lockTree(tree, 0, width));
    lines.push(...blocked.map((b) => truncate(`  chain ${b.chain.join(' → ')}  (${b.pid} has waited ${seconds(b.waitSeconds)})`, width)));
  }

  lines.push(BLANK, style.bold('LONGEST TRANSACTIONS'));
  if (s.longestTransactions.length === 0) lines.push('  none open');
  for (const t of s.longestTransactions) {
    lines.push(truncate(`  ${who(t).padEnd(24)} ${seconds(t.transactionSeconds).padStart(7)}  ${(t.state || '—').padEnd(20)} ${oneLine(t.query)}`, width));
  }

  lines.push(BLANK, `${style.bold(`TOP STATEMENTS by ${order} time`)} ${style.dim(`(t: by ${order === 'total' ? 'mean' : 'total'})`)}`);
  if (!s.statements.available) lines.push(style.dim(`  pg_stat_statements: ${s.statements.reason ?? 'not available'}`));
  else {
    const all = order === 'total' ? s.statements.byTotalTime : s.statements.byMeanTime;
    const theirs = all.filter((x) => !isPerfmonStatement(x.query));
    lines.push(...statementLines(theirs, width, 10));
    if (theirs.length < all.length) lines.push(style.dim(`  (${all.length - theirs.length} of perfmon's own reads left out)`));
  }
  return lines;
}

function replicationText(r: NonNullable<DatabaseReading['snapshot']>['replication']): string {
  if (r.role === 'standby') {
    const st = r.standby;
    if (!st) return 'standby';
    return `standby of ${st.senderHost || '?'} (${st.receiverStatus || 'no receiver'}): ${st.replayLagBytes === null ? '—' : formatBytes(st.replayLagBytes)} behind, last replay ${seconds(st.replayDelaySeconds)} ago`;
  }
  if (r.replicas.length === 0) return 'primary, no replicas';
  return `primary, ${r.replicas
    .map((x) => `${x.application || x.client} ${x.state}/${x.syncState} lag ${x.replayLagBytes === null ? '—' : formatBytes(x.replayLagBytes)} ${seconds(x.replayLagSeconds)}`)
    .join('; ')}`;
}
