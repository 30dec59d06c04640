/**
 * PostgreSQL through psql on a lab host over SSH, against a throwaway PostgreSQL 15 cluster:
 * a blocking chain of three real sessions reported exactly, pg_stat_statements present and
 * absent, a real deadlock in the error counters, and a failing connection named clearly.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sshTransport, type Transport } from '../../src/collect/app-metrics/index.js';
import { PostgresCollector, PostgresError, type DatabaseSnapshot } from '../../src/collect/postgres/index.js';
import { databaseSchema } from '../../src/config/observability-schema.js';
import { connect, type SshConnection } from '../../src/ssh/connection.js';
import { SshConfigSource } from '../../src/ssh/ssh-config.js';
import { startLab, type Lab } from '../lab/lab.js';
import { startPostgres, type PgSession, type Postgres } from '../lab/postgres.js';

let lab: Lab;
let pg: Postgres;
let conn: SshConnection;
let transport: Transport;
const sessions: PgSession[] = [];

beforeAll(async () => {
  [lab, pg] = await Promise.all([startLab({ hosts: 1 }), startPostgres()]);
  conn = await connect(new SshConfigSource({ home: lab.home }).resolve('lab-0'), { env: lab.env });
  transport = sshTransport(conn);
  await pg.sql('create database trading');
  await pg.sql('create database nopss');
  await pg.sql('create extension pg_stat_statements', 'trading');
  await pg.sql("create table orders(id int primary key, sym text, qty int); insert into orders select g, 'SYM' || g, g from generate_series(1, 1000) g", 'trading');
}, 120_000);

afterAll(async () => {
  sessions.forEach((s) => s.close());
  conn?.close();
  await Promise.all([pg?.stop(), lab?.stop()]);
});

function collector(database = 'trading', port = pg.port): PostgresCollector {
  const config = databaseSchema.parse({ type: 'postgres', host: '127.0.0.1', port, database });
  return new PostgresCollector({ component: 'db', transport, database: config }, { timeoutMs: 20_000 });
}

async function open(database = 'trading'): Promise<PgSession> {
  const s = await pg.session(database);
  sessions.push(s);
  return s;
}

async function sampleUntil(c: PostgresCollector, done: (s: DatabaseSnapshot) => boolean, max = 30): Promise<DatabaseSnapshot> {
  let last: DatabaseSnapshot | undefined;
  for (let i = 0; i < max; i++) {
    last = await c.sample();
    if (done(last)) return last;
  }
  throw new Error(`not reached in ${max} samples; last locks: ${JSON.stringify(last?.locks.blocked.map((b) => [b.pid, b.blockedBy]))}`);
}

// A statement with a line break, commas and both kinds of quote: the CSV must carry it whole.
const HOLDER_QUERY = `update orders set sym = 'a,"b"' || 'c''d',\n  qty = qty + 1 where id = 1;`;
const WAITER_1 = 'update orders set qty = 0 where id = 1 /* waiter, first */;';
const WAITER_2 = 'update orders set qty = -1 where id = 1 /* waiter, second */;';

describe('blocked queries', () => {
  test('three sessions on one row: the chain holder ← waiter 1 ← waiter 2, with pids, users, queries and waits', async () => {
    const [holder, first, second] = [await open(), await open(), await open()];
    expect(await holder.run('begin;')).toBe('BEGIN');
    expect(await holder.run(HOLDER_QUERY)).toBe('UPDATE 1');
    first.send(WAITER_1);
    const c = collector();
    await sampleUntil(c, (s) => s.locks.blocked.length === 1);
    second.send(WAITER_2);
    const snap = await sampleUntil(c, (s) => s.locks.blocked.length === 2);

    expect(snap.locks.trees).toHaveLength(1);
    const root = snap.locks.trees[0]!;
    expect(root.session).toMatchObject({ pid: holder.pid, user: 'postgres', database: 'trading', state: 'idle in transaction', query: HOLDER_QUERY });
    expect(root.blocks.map((n) => n.session.pid)).toEqual([first.pid]);
    const w1 = root.blocks[0]!;
    expect(w1.session).toMatchObject({ pid: first.pid, state: 'active', query: WAITER_1, lockType: 'transactionid', lockMode: 'ShareLock' });
    expect(w1.blocks.map((n) => n.session.pid)).toEqual([second.pid]);
    expect(w1.blocks[0]!.session).toMatchObject({ pid: second.pid, query: WAITER_2, lockType: 'tuple', lockMode: 'ExclusiveLock', relation: 'orders' });
    expect(w1.blocks[0]!.blocks).toEqual([]);

    const byPid = new Map(snap.locks.blocked.map((b) => [b.pid, b]));
    expect(byPid.get(first.pid)).toMatchObject({ blockedBy: [holder.pid], chain: [first.pid, holder.pid] });
    expect(byPid.get(second.pid)).toMatchObject({ blockedBy: [first.pid], chain: [second.pid, first.pid, holder.pid] });
    // Longest wait first; waits are real elapsed times.
    expect(snap.locks.blocked.map((b) => b.pid)).toEqual([first.pid, second.pid]);
    expect(byPid.get(first.pid)!.waitSeconds!).toBeGreaterThan(byPid.get(second.pid)!.waitSeconds!);
    expect(snap.connections.waitingOnLock).toBe(2);
    expect(snap.connections.idleInTransaction).toBeGreaterThanOrEqual(1);
    expect(snap.longestTransactions[0]).toMatchObject({ pid: holder.pid, query: HOLDER_QUERY });

    expect(await holder.run('rollback;')).toBe('ROLLBACK');
    const clear = await sampleUntil(c, (s) => s.locks.blocked.length === 0);
    expect(clear.locks.trees).toEqual([]);
  });
});

describe('server health', () => {
  test('connections against max_connections, cache hit ratio, primary with no replicas, statements by total and mean time', async () => {
    // Slow enough (0.1 s a call) to rank among the top statements whatever the setup ran.
    for (let i = 0; i < 3; i++) await pg.sql('select pg_sleep(0.1), count(*) from orders where qty > 100', 'trading');
    const c = collector();
    await c.sample();
    const s = await c.sample();
    expect(s.serverVersion).toBeGreaterThanOrEqual(150000);
    expect(s.connections.max).toBe(100);
    expect(s.connections.total).toBeGreaterThanOrEqual(1);
    expect(s.connections.usedRatio).toBeCloseTo(s.connections.total / (100 - s.connections.reservedForSuperuser), 12);
    expect(s.cache.hitRatio!).toBeGreaterThan(0.5);
    expect(s.cache.hitRatio!).toBeLessThanOrEqual(1);
    expect(s.replication).toEqual({ role: 'primary', replicas: [], standby: null });
    expect(s.statements.available).toBe(true);
    expect(s.statements.byTotalTime.length).toBeGreaterThan(0);
    expect(s.statements.byMeanTime.length).toBeGreaterThan(0);
    const counted = s.statements.byTotalTime.find((x) => x.query.includes('from orders where qty >'));
    expect(counted).toMatchObject({ calls: 3, user: 'postgres', database: 'trading', query: 'select pg_sleep($1), count(*) from orders where qty > $2' });
    expect(counted!.meanSeconds).toBeGreaterThanOrEqual(0.1);
    expect(s.statements.byMeanTime.some((x) => x.queryId === counted!.queryId)).toBe(true);
    const totals = s.statements.byTotalTime.map((x) => x.totalSeconds);
    expect(totals).toEqual([...totals].sort((a, b) => b - a));
    const means = s.statements.byMeanTime.map((x) => x.meanSeconds);
    expect(means).toEqual([...means].sort((a, b) => b - a));
  });

  test('pg_stat_statements absent from the database: said so, nothing else lost', async () => {
    const s = await collector('nopss').sample();
    expect(s.statements).toEqual({ available: false, reason: 'pg_stat_statements is not installed in database nopss', byTotalTime: [], byMeanTime: [] });
    expect(s.connections.max).toBe(100);
  });

  test('a real deadlock and its rollback show in the interval counters', async () => {
    const c = collector();
    await c.sample();
    const [a, b] = [await open(), await open()];
    await a.run('begin;');
    await b.run('begin;');
    await a.run('update orders set qty = 1 where id = 2;');
    await b.run('update orders set qty = 1 where id = 3;');
    // Each waits for the other's row; the deadlock detector aborts one of them (whichever waited
    // deadlock_timeout first), the other's update then completes.
    const pa = a.run('update orders set qty = 2 where id = 3;');
    const pb = b.run('update orders set qty = 2 where id = 2;');
    const winner = await Promise.race([pa.then(() => a), pb.then(() => b)]);
    const loser = winner === a ? b : a;
    expect(await (winner === a ? pa : pb)).toBe('UPDATE 1');
    expect(await winner.run('commit;')).toBe('COMMIT');
    // The aborted one printed its error on stderr; its pending answer is the rollback's tag.
    loser.send('rollback;');
    expect(await (loser === a ? pa : pb)).toBe('ROLLBACK');
    const s = await c.sample();
    expect(s.errors.interval!.deadlocks).toBe(1);
    expect(s.errors.interval!.rollbacks).toBeGreaterThanOrEqual(1);
    expect(s.errors.totals.deadlocks).toBeGreaterThanOrEqual(1);
    expect(s.errors.byDatabase.find((d) => d.database === 'trading')!.deadlocks).toBe(1);
  });

  test('replication seen from both sides: the primary lists its standby, the standby says how far behind it is', async () => {
    const standby = await pg.startStandby();
    await pg.sql("insert into orders select g, 'R', g from generate_series(100001, 100100) g", 'trading');
    const primary = await sampleUntil(collector(), (s) => s.replication.replicas.some((r) => r.state === 'streaming'));
    expect(primary.replication.role).toBe('primary');
    expect(primary.replication.standby).toBeNull();
    const replica = primary.replication.replicas[0]!;
    expect(replica).toMatchObject({ state: 'streaming', syncState: 'async', client: '127.0.0.1' });
    expect(replica.replayLagBytes).toEqual(expect.any(Number));
    expect(replica.replayLagBytes!).toBeGreaterThanOrEqual(0);
    const onStandby = await sampleUntil(collector('trading', standby.port), (s) => s.replication.standby?.receiverStatus === 'streaming');
    expect(onStandby.replication).toMatchObject({ role: 'standby', replicas: [], standby: { receiverStatus: 'streaming', senderHost: '127.0.0.1' } });
    expect(onStandby.replication.standby!.replayLagBytes!).toBeGreaterThanOrEqual(0);
    expect(onStandby.replication.standby!.replayDelaySeconds!).toBeGreaterThanOrEqual(0);
  });

  test('a server that is not there: an error naming the host and what psql said', async () => {
    const err = await collector('trading', 1).sample().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PostgresError);
    expect((err as Error).message).toMatch(/^lab-0: psql -d trading failed: .*(refused|could not connect)/);
  });
});
