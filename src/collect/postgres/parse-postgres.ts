/**
 * psql's CSV for one sample (see postgres-queries.ts) into the parts of a DatabaseSnapshot.
 * Pure; a row that does not fit its section is reported with its line, never thrown.
 */
import type { CsvRow } from './csv.js';
import { buildLockReport, type LockRow } from './lock-tree.js';
import { SESSION_COLUMNS } from './postgres-queries.js';
import type {
  ConnectionCounts,
  DatabaseCounters,
  LockReport,
  ReplicationReport,
  SessionInfo,
  StatementInfo,
  StatementsReport,
} from '../../model/database-reading.js';

export interface ParsedSample {
  info: { version: number; maxConnections: number; reserved: number; inRecovery: boolean; statementsInstalled: boolean } | null;
  connections: Omit<ConnectionCounts, 'max' | 'reservedForSuperuser' | 'usedRatio'>;
  longestTransactions: SessionInfo[];
  locks: LockReport;
  databases: DatabaseCounters[];
  replication: Omit<ReplicationReport, 'role'>;
  statements: Pick<StatementsReport, 'byTotalTime' | 'byMeanTime'> & { ran: boolean };
  problems: string[];
}

const num = (text: string | undefined): number | null => {
  if (text === undefined || text.trim() === '') return null;
  const x = Number(text);
  return Number.isFinite(x) ? x : null;
};
const int = (text: string | undefined): number => num(text) ?? 0;

function session(f: readonly string[], at = 1): SessionInfo {
  return {
    pid: int(f[at]),
    user: f[at + 1] ?? '',
    database: f[at + 2] ?? '',
    application: f[at + 3] ?? '',
    client: f[at + 4] ?? '',
    state: f[at + 5] ?? '',
    transactionSeconds: num(f[at + 6]),
    querySeconds: num(f[at + 7]),
    waitEventType: f[at + 8] ?? '',
    waitEvent: f[at + 9] ?? '',
    query: f[at + 10] ?? '',
  };
}

function lockRow(f: readonly string[]): LockRow {
  const base = session(f);
  const at = 1 + SESSION_COLUMNS;
  const blockedBy = (f[at] ?? '').split(' ').filter((x) => x !== '').map(Number);
  if (blockedBy.length === 0) return base;
  return { ...base, blockedBy, waitSeconds: num(f[at + 1]), lockType: f[at + 2] ?? '', lockMode: f[at + 3] ?? '', relation: f[at + 4] ?? '' };
}

function statement(f: readonly string[]): StatementInfo {
  return {
    queryId: f[1] ?? '',
    user: f[2] ?? '',
    database: f[3] ?? '',
    calls: int(f[4]),
    totalSeconds: num(f[5]) ?? 0,
    meanSeconds: num(f[6]) ?? 0,
    rows: int(f[7]),
    query: f[8] ?? '',
  };
}

/** Fields each section's rows have (a shorter or longer row is a problem, not a guess). */
const WIDTH: Record<string, number> = {
  info: 6,
  conn: 4,
  xact: 1 + SESSION_COLUMNS,
  lock: 6 + SESSION_COLUMNS,
  db: 11,
  replica: 9,
  standby: 5,
  statements: 1,
  end: 1,
  stmt_total: 9,
  stmt_mean: 9,
};

export function parseSample(rows: readonly CsvRow[], where: string): ParsedSample {
  const out: ParsedSample = {
    info: null,
    connections: { total: 0, active: 0, idle: 0, idleInTransaction: 0, idleInTransactionAborted: 0, waitingOnLock: 0, byState: {} },
    longestTransactions: [],
    locks: { blocked: [], trees: [] },
    databases: [],
    replication: { replicas: [], standby: null },
    statements: { byTotalTime: [], byMeanTime: [], ran: false },
    problems: [],
  };
  const lockRows: LockRow[] = [];
  for (const { fields: f, line } of rows) {
    const tag = f[0] ?? '';
    if (WIDTH[tag] === undefined || f.length !== WIDTH[tag]) {
      out.problems.push(`${where}: line ${line}: unexpected row ${JSON.stringify(f.join(',').slice(0, 80))}`);
      continue;
    }
    switch (tag) {
      case 'info':
        out.info = { version: int(f[1]), maxConnections: int(f[2]), reserved: int(f[3]), inRecovery: f[4] === 't', statementsInstalled: f[5] === 't' };
        break;
      case 'conn': {
        const state = f[1] || 'unknown';
        const n = int(f[2]);
        const c = out.connections;
        c.byState[state] = (c.byState[state] ?? 0) + n;
        c.total += n;
        c.waitingOnLock += int(f[3]);
        if (state === 'active') c.active += n;
        else if (state === 'idle') c.idle += n;
        else if (state === 'idle in transaction') c.idleInTransaction += n;
        else if (state === 'idle in transaction (aborted)') c.idleInTransactionAborted += n;
        break;
      }
      case 'xact':
        out.longestTransactions.push(session(f));
        break;
      case 'lock':
        lockRows.push(lockRow(f));
        break;
      case 'db':
        out.databases.push({
          database: f[1]!,
          commits: int(f[2]),
          rollbacks: int(f[3]),
          blocksRead: int(f[4]),
          blocksHit: int(f[5]),
          conflicts: int(f[6]),
          deadlocks: int(f[7]),
          tempFiles: int(f[8]),
          tempBytes: int(f[9]),
          checksumFailures: int(f[10]),
        });
        break;
      case 'replica':
        out.replication.replicas.push({
          application: f[1]!,
          client: f[2]!,
          state: f[3]!,
          syncState: f[4]!,
          replayLagBytes: num(f[5]),
          writeLagSeconds: num(f[6]),
          flushLagSeconds: num(f[7]),
          replayLagSeconds: num(f[8]),
        });
        break;
      case 'standby':
        out.replication.standby = { replayLagBytes: num(f[1]), replayDelaySeconds: num(f[2]), receiverStatus: f[3]!, senderHost: f[4]! };
        break;
      case 'statements':
        out.statements.ran = true;
        break;
      case 'end':
        break;
      case 'stmt_total':
        out.statements.byTotalTime.push(statement(f));
        break;
      case 'stmt_mean':
        out.statements.byMeanTime.push(statement(f));
        break;
    }
  }
  out.locks = buildLockReport(lockRows);
  return out;
}
