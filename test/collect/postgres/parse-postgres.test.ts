import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { buildLockReport, parseCsv, parseSample, psqlCommand, psqlErrors, sampleStatements, type LockRow } from '../../../src/collect/postgres/index.js';
import { databaseSchema } from '../../../src/config/observability-schema.js';

const fixture = (name: string): string => readFileSync(new URL(`../../../fixtures/postgres/${name}`, import.meta.url), 'utf8');

describe('CSV as psql --csv writes it', () => {
  test('quoted fields keep commas, doubled quotes and line breaks; rows know their first line', () => {
    const rows = parseCsv('a,1,"x,""y""\nz",\r\nb,,""\n');
    expect(rows).toEqual([
      { fields: ['a', '1', 'x,"y"\nz', ''], line: 1 },
      { fields: ['b', '', ''], line: 3 },
    ]);
    expect(parseCsv('')).toEqual([]);
    expect(parseCsv('last,row')).toEqual([{ fields: ['last', 'row'], line: 1 }]);
  });
});

describe('a real sample (PostgreSQL 15, three sessions on one row)', () => {
  const pids = JSON.parse(fixture('sample-lock-chain.json')) as { holder: number; waiter1: number; waiter2: number };
  const sample = parseSample(parseCsv(fixture('sample-lock-chain.csv')), 'db-1: psql');

  test('every row read, nothing left over', () => {
    expect(sample.problems).toEqual([]);
    expect(sample.info).toEqual({ version: 150018, maxConnections: 100, reserved: 3, inRecovery: false, statementsInstalled: true });
  });

  test('the blocking tree and chains, exactly', () => {
    const [root] = sample.locks.trees;
    expect(sample.locks.trees).toHaveLength(1);
    expect(root!.session).toMatchObject({ pid: pids.holder, state: 'idle in transaction', query: `update orders set sym = 'a,"b"' || 'c''d',\n  qty = qty + 1 where id = 1;` });
    expect(root!.blocks.map((n) => n.session.pid)).toEqual([pids.waiter1]);
    expect(root!.blocks[0]!.blocks.map((n) => n.session.pid)).toEqual([pids.waiter2]);
    expect(sample.locks.blocked.map((b) => [b.pid, b.blockedBy, b.chain, b.lockType, b.lockMode, b.relation])).toEqual([
      [pids.waiter1, [pids.holder], [pids.waiter1, pids.holder], 'transactionid', 'ShareLock', ''],
      [pids.waiter2, [pids.waiter1], [pids.waiter2, pids.waiter1, pids.holder], 'tuple', 'ExclusiveLock', 'orders'],
    ]);
  });

  test('connections by state, databases, statements', () => {
    expect(sample.connections.waitingOnLock).toBe(2);
    expect(sample.connections.byState['idle in transaction']).toBe(1);
    expect(sample.databases.map((d) => d.database).sort()).toEqual(['nopss', 'postgres', 'template0', 'template1', 'trading']);
    expect(sample.statements.ran).toBe(true);
    const sleeper = sample.statements.byTotalTime.find((s) => s.query.includes('pg_sleep'));
    expect(sleeper).toMatchObject({ calls: 3, database: 'trading', user: 'postgres' });
    expect(sleeper!.query).toBe("select pg_sleep($1), count(*) from orders where sym like $2");
  });

  test('a row of the wrong width is reported with its line, not guessed', () => {
    const bad = parseSample(parseCsv('info,150018,100\nconn,active,3,0\n'), 'db-1: psql');
    expect(bad.problems).toEqual(['db-1: psql: line 1: unexpected row "info,150018,100"']);
    expect(bad.connections.active).toBe(3);
  });
});

describe('lock trees from rows', () => {
  const row = (pid: number, blockedBy: number[] = []): LockRow => ({
    pid,
    user: 'u',
    database: 'd',
    application: '',
    client: '',
    state: blockedBy.length ? 'active' : 'idle in transaction',
    transactionSeconds: 1,
    querySeconds: 1,
    waitEventType: blockedBy.length ? 'Lock' : '',
    waitEvent: '',
    query: `q${pid}`,
    ...(blockedBy.length ? { blockedBy, waitSeconds: 10 - pid, lockType: 'relation', lockMode: 'AccessExclusiveLock', relation: 't' } : {}),
  });

  test('a waiter blocked by two holders appears under both', () => {
    const report = buildLockReport([row(1), row(2), row(3, [1, 2])]);
    expect(report.trees.map((t) => [t.session.pid, t.blocks.map((b) => b.session.pid)])).toEqual([
      [1, [3]],
      [2, [3]],
    ]);
    expect(report.blocked[0]).toMatchObject({ pid: 3, chain: [3, 1] });
  });

  test('a cycle (a deadlock not yet broken) is cut, never looped', () => {
    const report = buildLockReport([row(5, [6]), row(6, [5])]);
    expect(report.trees).toHaveLength(1);
    expect(report.trees[0]!.session.pid).toBe(5);
    expect(report.trees[0]!.blocks[0]!.session.pid).toBe(6);
    expect(report.trees[0]!.blocks[0]!.blocks).toEqual([]);
    expect(report.blocked.find((b) => b.pid === 5)!.chain).toEqual([5, 6]);
  });
});

describe('psql command and errors', () => {
  test('every value and statement is quoted; sudo and host come from the inventory', () => {
    const db = databaseSchema.parse({ type: 'postgres', sudoUser: 'postgres', database: "o'brien", port: 5433 });
    expect(psqlCommand(db, ["select 'x'"])).toBe(
      "'sudo' '-n' '-u' 'postgres' '--' 'env' 'PGCONNECT_TIMEOUT=5' 'PGAPPNAME=perfmon' 'psql' '-X' '-q' '--csv' '-t' '-U' 'postgres' '-d' 'o'\\''brien' '-p' '5433' '-c' 'select '\\''x'\\'''",
    );
  });

  test('statements are asked for only where pg_stat_statements is installed, and the last statement cannot fail', () => {
    const without = sampleStatements({ version: 150000, statementsInstalled: false });
    expect(without.some((s) => s.includes('pg_stat_statements s'))).toBe(false);
    expect(sampleStatements({ version: 150000, statementsInstalled: true }).filter((s) => s.includes('pg_stat_statements s'))).toHaveLength(2);
    expect(sampleStatements({ version: 120000, statementsInstalled: true }).some((s) => s.includes('total_time'))).toBe(true);
    expect(without.at(-1)).toBe("select 'end'");
  });

  test("the server's words when pg_stat_statements is missing (real stderr)", () => {
    expect(psqlErrors(fixture('statements-missing.stderr'))).toEqual(['relation "pg_stat_statements" does not exist', 'relation "pg_stat_statements" does not exist']);
  });
});
