/**
 * The platform panes as an operator sees them: the real `perfmon` in a pseudo-terminal on a
 * lab inventory whose component `broker` reads a real RabbitMQ (prometheus plugin, through an
 * SSH-forwarded channel of lab-0) and whose component `db` reads a real PostgreSQL (psql over
 * SSH on lab-0). A publisher outruns its consumer: the Queues pane flags the imbalance, then
 * shows the backlog draining once the consumer catches up. Three sessions queue on one row:
 * the Database pane shows the chain. Also `perfmon snapshot --json` with its `components`.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SnapshotComponent } from '../../src/fleet/component-reports.js';
import { PtySession } from '../e2e/pty-session.js';
import { startLab, type Lab } from '../lab/lab.js';
import { startPostgres, type PgSession, type Postgres } from '../lab/postgres.js';
import { startAmqpPair, startRabbitMq, type AmqpPair, type RabbitMq } from '../lab/rabbitmq.js';

const BIN = fileURLToPath(new URL('../../bin/perfmon.js', import.meta.url));

let lab: Lab;
let broker: RabbitMq;
let pg: Postgres;
let pair: AmqpPair;
let inventory: string;
const sessions: PgSession[] = [];

beforeAll(async () => {
  [lab, broker, pg] = await Promise.all([startLab({ hosts: 1 }), startRabbitMq(), startPostgres()]);
  await pg.sql('create database trading');
  await pg.sql('create table orders(id int primary key, qty int); insert into orders select g, g from generate_series(1, 10) g', 'trading');
  pair = await startAmqpPair(broker.amqpPort, 'orders.in');
  inventory = join(lab.dir, 'platform.yaml');
  writeFileSync(
    inventory,
    [
      'interval: 1',
      'hosts:',
      '  - {name: lab-0}',
      'components:',
      '  - name: broker',
      '    role: broker',
      '    hosts: [lab-0]',
      '    queues:',
      `      - {type: rabbitmq, endpoint: "127.0.0.1:${broker.prometheusPort}/metrics/per-object", include: ['^orders'], limit: 100000}`,
      '  - name: db',
      '    role: database',
      '    hosts: [lab-0]',
      `    database: {type: postgres, host: 127.0.0.1, port: ${pg.port}, database: trading}`,
      '',
    ].join('\n'),
  );
}, 180_000);

afterAll(async () => {
  pair?.stop();
  sessions.forEach((s) => s.close());
  await Promise.all([broker?.stop(), pg?.stop(), lab?.stop()]);
});

function perfmon(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: lab.env, encoding: 'utf8' }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** The digit the tab bar shows for a pane (`6 Queues`, or `6 Que` when the bar is short of room), as the operator reads it. */
function paneKey(session: PtySession, title: string, short: string): string {
  const digit = new RegExp(`(\\d) (?:${title}|${short})\\b`).exec(session.screen()[0] ?? '')?.[1];
  if (!digit) throw new Error(`no ${title} in the tab bar: ${session.screen()[0]}`);
  return digit;
}

describe('perfmon snapshot --json on an inventory with components', () => {
  it('prints the components with their queues and database, read over the hosts’ connections', async () => {
    await pair.setRates(20, 10);
    const { code, stdout, stderr } = await perfmon(['snapshot', '--json', '--config', inventory]);
    expect(code, stderr).toBe(0);
    const out = JSON.parse(stdout) as { hosts: { name: string; status: string }[]; components: SnapshotComponent[] };
    expect(out.hosts.map((h) => [h.name, h.status])).toEqual([['lab-0', 'up']]);
    expect(out.components.map((c) => c.name)).toEqual(['broker', 'db']);
    const [queues, db] = out.components;
    expect(queues!.errors).toEqual([]);
    expect(queues!.queues!.find((q) => q.name === 'orders.in')).toMatchObject({ component: 'broker', host: 'lab-0', consumers: 1, source: 'rabbitmq-prometheus' });
    expect(db!.errors).toEqual([]);
    expect(db!.database!.map((d) => [d.host, d.connections.max, d.replication.role])).toEqual([['lab-0', 100, 'primary']]);
  });
});

describe('the Queues and Database panes in a terminal', () => {
  it('shows a backlog growing (IMBALANCE) then draining, and a lock chain of three sessions', async () => {
    await pair.setRates(40, 10);
    const session = new PtySession(['--config', inventory], { cols: 200, rows: 50, env: lab.env as Record<string, string> });
    try {
      await session.waitFor(/1 up 0 down/);
      session.write(paneKey(session, 'Queues', 'Que'));
      const row = (text: string) => text.split('\n').find((l) => /^broker +lab-0 +prom orders\.in /.test(l)) ?? '';
      await session.waitFor((text) => /^broker +lab-0 +prom orders\.in +\d+/.test(row(text)));
      // The imbalance is judged over 30 s of history: flagged once every 10 s of it grew.
      const flagged = row(await session.waitFor((text) => /✖IMBALANCE \d\d:\d\d:\d\d/.test(row(text)), 60_000));
      expect(flagged).toMatch(/ full in \d+(m|h) /);
      // the depth is a compact count: past 999 it reads 1k, 1.2k …
      expect(flagged).toMatch(/^broker +lab-0 +prom orders\.in +\d+(\.\d)?k? +\+\d/);

      await pair.setRates(5, 100);
      const draining = row(await session.waitFor((text) => / drains \d/.test(row(text)), 40_000));
      expect(draining).not.toContain('IMBALANCE');
      await session.waitFor((text) => / empty /.test(row(text)), 60_000);

      const [holder, first, second] = await Promise.all([pg.session('trading'), pg.session('trading'), pg.session('trading')]);
      sessions.push(holder!, first!, second!);
      expect(await holder!.run('begin;')).toBe('BEGIN');
      expect(await holder!.run('update orders set qty = qty + 1 where id = 1;')).toBe('UPDATE 1');
      first!.send('update orders set qty = 0 where id = 1;');
      session.write(paneKey(session, 'Database', 'DB'));
      await session.waitFor(new RegExp(`└─ ${first!.pid} postgres@trading {2}waits`));
      second!.send('update orders set qty = -1 where id = 1;');
      const screen = await session.waitFor(new RegExp(`chain ${second!.pid} → ${first!.pid} → ${holder!.pid}`), 20_000);
      expect(screen).toMatch(new RegExp(`^ {2}${holder!.pid} postgres@trading {2}idle in transaction, xact [\\d.]+s, holds {2}update orders set qty = qty \\+ 1 where id = 1;$`, 'm'));
      expect(screen).toMatch(new RegExp(`^ {2}└─ ${first!.pid} postgres@trading {2}waits [\\d.]+s for transactionid ShareLock {2}update orders set qty = 0 where id = 1;$`, 'm'));
      expect(screen).toMatch(new RegExp(`^ {5}└─ ${second!.pid} postgres@trading {2}waits [\\d.]+s for tuple ExclusiveLock on orders {2}update orders set qty = -1 where id = 1;$`, 'm'));
      expect(screen).toMatch(/^CONNECTIONS \d+ of 97 .* waiting on a lock 2$/m);
      await holder!.run('rollback;');
      await session.waitFor(/LOCKS no session waits on another/, 20_000);

      session.write('q');
      expect((await session.exited).exitCode).toBe(0);
    } finally {
      session.kill();
    }
  }, 240_000);
});
