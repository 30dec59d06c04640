/**
 * What the Database pane shows for one PostgreSQL server, as plain data (and as `database`
 * in `perfmon snapshot --json`'s components). Times are seconds, sizes bytes, ratios 0–1.
 */

export interface SessionInfo {
  pid: number;
  user: string;
  database: string;
  application: string;
  /** Client address, '' for a local socket. */
  client: string;
  /** active, idle, idle in transaction, …; '' for background processes. */
  state: string;
  /** Seconds since the transaction began (null outside a transaction). */
  transactionSeconds: number | null;
  /** Seconds since the current (or last) query began. */
  querySeconds: number | null;
  waitEventType: string;
  waitEvent: string;
  /** The query text as pg_stat_activity has it (cut at track_activity_query_size). */
  query: string;
}

export interface BlockedSession extends SessionInfo {
  /** The pids holding what it waits for (pg_blocking_pids). */
  blockedBy: number[];
  /** Seconds it has waited for the lock. */
  waitSeconds: number | null;
  /** The lock it waits for: type, mode, relation when there is one. */
  lockType: string;
  lockMode: string;
  relation: string;
}

/** A session in the blocking tree: the holder at the root, those waiting on it below. */
export interface LockNode {
  session: SessionInfo & Partial<Pick<BlockedSession, 'waitSeconds' | 'lockType' | 'lockMode' | 'relation'>>;
  blocks: LockNode[];
}

export interface LockReport {
  /** Every session waiting on a lock held by another, longest wait first. */
  blocked: Array<BlockedSession & { chain: number[] }>;
  /** The blocking trees, one per root holder (a session that waits for nobody). */
  trees: LockNode[];
}

export interface ConnectionCounts {
  /** Client backends (what max_connections limits). */
  total: number;
  max: number;
  reservedForSuperuser: number;
  /** total ÷ (max − reserved), 0–1. */
  usedRatio: number;
  active: number;
  idle: number;
  idleInTransaction: number;
  idleInTransactionAborted: number;
  waitingOnLock: number;
  byState: Record<string, number>;
}

export interface StatementInfo {
  queryId: string;
  user: string;
  database: string;
  calls: number;
  totalSeconds: number;
  meanSeconds: number;
  rows: number;
  query: string;
}

export interface StatementsReport {
  available: boolean;
  /** Why not: not installed in this database, not preloaded, no permission (the server's words). */
  reason?: string;
  byTotalTime: StatementInfo[];
  byMeanTime: StatementInfo[];
}

export interface ReplicaInfo {
  application: string;
  client: string;
  state: string;
  syncState: string;
  /** Bytes of WAL the replica has not replayed yet. */
  replayLagBytes: number | null;
  writeLagSeconds: number | null;
  flushLagSeconds: number | null;
  replayLagSeconds: number | null;
}

export interface StandbyInfo {
  /** Bytes received but not yet replayed. */
  replayLagBytes: number | null;
  /** Seconds since the last replayed transaction committed on the primary (grows on an idle primary too). */
  replayDelaySeconds: number | null;
  receiverStatus: string;
  senderHost: string;
}

export interface ReplicationReport {
  role: 'primary' | 'standby';
  /** On a primary: its standbys (pg_stat_replication). */
  replicas: ReplicaInfo[];
  /** On a standby: how far behind it is. */
  standby: StandbyInfo | null;
}

export const ERROR_COUNTERS = ['rollbacks', 'conflicts', 'deadlocks', 'tempFiles', 'tempBytes', 'checksumFailures'] as const;
export type ErrorCounter = (typeof ERROR_COUNTERS)[number];

export interface DatabaseCounters {
  database: string;
  commits: number;
  rollbacks: number;
  blocksRead: number;
  blocksHit: number;
  conflicts: number;
  deadlocks: number;
  tempFiles: number;
  tempBytes: number;
  checksumFailures: number;
}

export interface DatabaseSnapshot {
  component: string;
  host: string;
  timeMs: number;
  serverVersion: number;
  connections: ConnectionCounts;
  longestTransactions: SessionInfo[];
  locks: LockReport;
  cache: {
    /** blks_hit ÷ (blks_hit + blks_read) since the statistics were reset, all databases. */
    hitRatio: number | null;
    /** The same over the last interval; null on the first sample or without block reads/hits. */
    intervalHitRatio: number | null;
  };
  statements: StatementsReport;
  replication: ReplicationReport;
  errors: {
    /** Since the statistics were reset, all databases. */
    totals: Record<ErrorCounter, number>;
    /** Increase over the last interval (null on the first sample). */
    interval: Record<ErrorCounter, number> | null;
    byDatabase: DatabaseCounters[];
  };
}
