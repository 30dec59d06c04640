/**
 * The SQL perfmon runs through psql, one statement per `-c`, all in one session. Every row
 * starts with a tag naming its section, so the CSV of all statements can be split again.
 * Read-only, and cheap enough for every interval: pg_blocking_pids() is called only for
 * sessions waiting on a lock (it takes the lock manager's locks).
 * Needs PostgreSQL 10+ (statements 13+ names, older total_time/mean_time are used below 13).
 */

export interface ServerFacts {
  /** server_version_num, e.g. 150018. */
  version: number;
  /** pg_stat_statements is installed in the database perfmon connects to. */
  statementsInstalled: boolean;
}

export const INFO_SQL = `select 'info', current_setting('server_version_num')::int, current_setting('max_connections')::int,
 current_setting('superuser_reserved_connections')::int, pg_is_in_recovery(),
 exists(select 1 from pg_extension where extname = 'pg_stat_statements')`;

/** The columns of a session (pg_stat_activity as `a`), in SessionInfo's order. */
const SESSION = `a.pid, coalesce(a.usename, ''), coalesce(a.datname, ''), coalesce(a.application_name, ''),
 coalesce(host(a.client_addr), ''), coalesce(a.state, ''), extract(epoch from now() - a.xact_start),
 extract(epoch from now() - a.query_start), coalesce(a.wait_event_type, ''), coalesce(a.wait_event, ''), coalesce(a.query, '')`;
export const SESSION_COLUMNS = 11;

const CONNECTIONS_SQL = `select 'conn', coalesce(state, ''), count(*), count(*) filter (where wait_event_type = 'Lock')
 from pg_stat_activity where backend_type = 'client backend' group by 2`;

const TRANSACTIONS_SQL = `select 'xact', ${SESSION} from pg_stat_activity a
 where a.xact_start is not null and a.pid <> pg_backend_pid() order by a.xact_start limit 5`;

function locksSql(version: number): string {
  // pg_locks.waitstart exists from 14; before, the state change of a waiting session is close.
  const waited = version >= 140000 ? 'coalesce(l.waitstart, a.state_change)' : 'a.state_change';
  return `with waiting as (
 select pid, pg_blocking_pids(pid) as blockers from pg_stat_activity where wait_event_type = 'Lock' and pid <> pg_backend_pid()
), involved as (select pid from waiting union select unnest(blockers) from waiting)
select 'lock', ${SESSION}, coalesce(array_to_string(w.blockers, ' '), ''),
 case when w.pid is null then null else extract(epoch from now() - ${waited}) end,
 coalesce(l.locktype, ''), coalesce(l.mode, ''), coalesce(l.relation::regclass::text, '')
from involved i join pg_stat_activity a on a.pid = i.pid
left join waiting w on w.pid = a.pid
left join lateral (select locktype, mode, relation${version >= 140000 ? ', waitstart' : ''} from pg_locks where pid = a.pid and not granted limit 1) l on true`;
}

function databasesSql(version: number): string {
  const checksums = version >= 120000 ? 'coalesce(checksum_failures, 0)' : '0';
  return `select 'db', datname, xact_commit, xact_rollback, blks_read, blks_hit, conflicts, deadlocks, temp_files, temp_bytes, ${checksums}
 from pg_stat_database where datname is not null`;
}

// pg_current_wal_lsn() fails on a standby: the CASE keeps it from being called there.
const REPLICAS_SQL = `select 'replica', coalesce(application_name, ''), coalesce(host(client_addr), ''), coalesce(state, ''), coalesce(sync_state, ''),
 case when pg_is_in_recovery() then null else pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn) end,
 extract(epoch from write_lag), extract(epoch from flush_lag), extract(epoch from replay_lag)
from pg_stat_replication`;

const STANDBY_SQL = `select 'standby', pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn()),
 extract(epoch from now() - pg_last_xact_replay_timestamp()),
 coalesce((select status from pg_stat_wal_receiver limit 1), ''), coalesce((select sender_host from pg_stat_wal_receiver limit 1), '')
where pg_is_in_recovery()`;

export const STATEMENTS_MARK = `select 'statements'`;
export const END_SQL = `select 'end'`;

function statementsSql(version: number, order: 'total' | 'mean'): string {
  const [total, mean] = version >= 130000 ? ['total_exec_time', 'mean_exec_time'] : ['total_time', 'mean_time'];
  return `select 'stmt_${order}', s.queryid, coalesce(r.rolname, ''), coalesce(d.datname, ''), s.calls, s.${total} / 1000, s.${mean} / 1000, s.rows, s.query
 from pg_stat_statements s left join pg_roles r on r.oid = s.userid left join pg_database d on d.oid = s.dbid
 order by s.${order === 'total' ? total : mean} desc limit 10`;
}

/** Every statement of one sample, in order; the statements' queries last (they may fail). */
export function sampleStatements(facts: ServerFacts): string[] {
  const v = facts.version;
  const out = [INFO_SQL, CONNECTIONS_SQL, TRANSACTIONS_SQL, locksSql(v), databasesSql(v), REPLICAS_SQL, STANDBY_SQL];
  if (facts.statementsInstalled) out.push(STATEMENTS_MARK, statementsSql(v, 'total'), statementsSql(v, 'mean'));
  // psql's exit status follows the last -c: end on one that cannot fail.
  out.push(END_SQL);
  return out;
}
