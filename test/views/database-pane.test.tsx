import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PlatformState } from '../../src/model/platform-state.js';
import { capturedPlatform, LOCK_PIDS } from '../fleet/platform-fixture.js';
import { expectFits, linesOf, plain, renderPlatformPane, renderPlatformSized } from './platform-app.js';
import type { RenderedApp } from './render-app.js';

// psql's real output (PostgreSQL 15) while three sessions queued on one row of `orders`.
let platform: PlatformState;
beforeAll(async () => {
  platform = await capturedPlatform();
});
let app: RenderedApp | undefined;
afterEach(() => app?.unmount());

const { holder, waiter1, waiter2 } = LOCK_PIDS;

describe('database pane', () => {
  it('shows the blocking tree exactly: the holder, who waits on whom, users, states, waits, lock modes and queries', async () => {
    const sized = await renderPlatformSized(200, 50, 'database', platform);
    const frame = plain(sized.frame());
    sized.unmount();
    // A blank line (not a collapsed one) sets the locks apart.
    expect(frame).toMatch(/checksum failures 0\n *\nLOCKS 2 sessions blocked; the holder first, those waiting on it below:\n/);
    expect(frame).toContain(`  ${holder} postgres@trading  idle in transaction, xact 3.1s, holds  update orders set sym = 'a,"b"' || 'c''d', qty = qty + 1 where id = 1;`);
    expect(frame).toContain(`  └─ ${waiter1} postgres@trading  waits 3.1s for transactionid ShareLock  update orders set qty = 0 where id = 1 /* waiter, first */;`);
    expect(frame).toContain(`     └─ ${waiter2} postgres@trading  waits 1.6s for tuple ExclusiveLock on orders  update orders set qty = -1 where id = 1 /* waiter, second */;`);
    expect(frame).toContain(`  chain ${waiter1} → ${holder}  (${waiter1} has waited 3.1s)`);
    expect(frame).toContain(`  chain ${waiter2} → ${waiter1} → ${holder}  (${waiter2} has waited 1.6s)`);
  });

  it('shows connections against the maximum, cache hit, replication, error counters and the longest transactions', async () => {
    app = await renderPlatformPane('database', platform);
    const frame = plain(app.frame());
    expect(frame).toMatch(/^db on db-1 {2}PostgreSQL 15\.18 {2}primary {2}read \d\d:\d\d:\d\d$/m);
    // 4 client backends of max_connections 100 less 3 reserved.
    expect(frame).toMatch(/^CONNECTIONS 4 of 97 \S+ +4\.1% {2}active 3 {2}idle 0 {2}idle in transaction 1\s+waiting on a lock 2$/m);
    expect(frame).toMatch(/^CACHE HIT 98\.82% {2}REPLICATION primary, no replicas$/m);
    expect(frame).toMatch(/^ERRORS rollbacks 0 {2}conflicts 0 {2}deadlocks 0 {2}temp files 0/m);
    expect(frame).toMatch(new RegExp(`^LONGEST TRANSACTIONS\\n  ${holder} postgres@trading +3\\.1s {2}idle in transaction`, 'm'));
  });

  it('scrolls with j/k to the top statements and switches them between total and mean time with t', async () => {
    app = await renderPlatformPane('database', platform);
    await app.press('G');
    let frame = plain(app.frame());
    expect(frame).toContain('TOP STATEMENTS by total time (t: by mean)');
    const byTotal = linesOf(frame).filter((l) => /^ +\d+ +[\d.]+s +[\d.]+s /.test(l));
    expect(byTotal[0]).toMatch(/create database trading$/);
    expect(byTotal[1]).toMatch(/^ +3 +0\.2s +0\.1s +3 {2}select pg_sleep\(\$1\), count\(\*\) from orders/);
    // perfmon's own sampling statements (the fixture's psql had run them too) are left out.
    expect(frame).not.toMatch(/with waiting as|pg_blocking_pids/);
    expect(frame).toMatch(/\(\d of perfmon's own reads left out\)/);
    await app.press('t');
    frame = plain(app.frame());
    expect(frame).toContain('TOP STATEMENTS by mean time (t: by total)');
    await app.press('g');
    expect(linesOf(app.frame())[1]).toMatch(/^db on db-1/);
  });

  it('goes to the next server with n, naming the one whose reads fail and keeping its last reading', async () => {
    const first = platform.databases![0]!;
    const failing = { ...first, host: 'db-2', error: 'db-2: psql -d trading failed: connection to server on socket failed: No such file or directory' };
    app = await renderPlatformPane('database', { ...platform, databases: [first, failing] });
    expect(linesOf(app.frame())[1]).toBe('Database  server 1 of 2, 1 failing  (n next, N previous)');
    await app.press('n');
    const frame = plain(app.frame());
    expect(frame).toMatch(/^db on db-2 /m);
    expect(frame).toContain('✖ db-2: psql -d trading failed: connection to server on socket failed');
    expect(frame).toContain('(the last good reading below)');
    await app.press('N');
    expect(plain(app.frame())).toMatch(/^db on db-1 /m);
  });

  it('says plainly when no component declares a database', async () => {
    app = await renderPlatformPane('database', { watching: ['queues'] });
    expect(plain(app.frame())).toContain('No component declares a database — see perfmon config init');
  });

  for (const [columns, rows] of [
    [80, 24],
    [200, 50],
  ] as const) {
    it(`fits ${columns}×${rows} with the whole lock tree on screen`, async () => {
      const sized = await renderPlatformSized(columns, rows, 'database', platform);
      try {
        expectFits(sized.frame(), columns, rows);
        const frame = plain(sized.frame());
        for (const pid of [holder, waiter1, waiter2]) expect(frame).toContain(`${pid} postgres@trading`);
        // Too long for 80 columns beside the facts: the query goes whole under its session.
        if (columns === 80) expect(frame).toContain(`\n        update orders set qty = 0 where id = 1 /* waiter, first */;\n`);
        // Longer than 21 rows: the last says what is below and how to get there.
        if (columns === 80) expect(linesOf(frame).filter((l) => l.trim()).at(-2)).toMatch(/^↓ \d+ more {2}\(↑↓ PgUp PgDn to scroll\)$/);
        expect(frame).toContain(`chain ${waiter2} → ${waiter1} → ${holder}`);
      } finally {
        sized.unmount();
      }
    });
  }
});
