import { describe, expect, it } from 'vitest';
import { deadlockKey } from '../../src/diagnostics/deadlocks.js';
import { analyzeFixtures, JDKS } from './fixture-dumps.js';

// Addresses as the raw fixtures print them (grep), per JDK.
const MONITOR_DEADLOCK = {
  jdk17: { savingsWaitsFor: '0x000000069ec1a588', checkingWaitsFor: '0x000000069ec1a540' },
  jdk25: { savingsWaitsFor: '0x000000069ec17b28', checkingWaitsFor: '0x000000069ec17ae0' },
};
const REENTRANT_DEADLOCK = {
  jdk17: ['0x000000069ec19c18', '0x000000069ec19c48', '0x000000069ec19be8'],
  jdk25: ['0x000000069ec17388', '0x000000069ec173b8', '0x000000069ec17358'],
};
const CONTENDED_BOOK = { jdk17: '0x000000069ec1b2f0', jdk25: '0x000000069ec18890' };
const READERS = Array.from({ length: 8 }, (_, i) => `book-reader-${i + 1}`);
const ACCOUNT = 'MonitorDeadlock$Account';
const NONFAIR = 'java.util.concurrent.locks.ReentrantLock$NonfairSync';

describe.each(JDKS)('analysis of the %s dumps', (jdk) => {
  it('finds exactly the two-thread monitor deadlock, with its locks, as the JVM reports it', () => {
    const a = analyzeFixtures(`monitor-deadlock-${jdk}.txt`);
    const { savingsWaitsFor, checkingWaitsFor } = MONITOR_DEADLOCK[jdk];
    expect(a.deadlocks).toEqual([
      {
        threads: ['transfer-savings-to-checking', 'transfer-checking-to-savings'],
        locks: [
          { kind: 'monitor', address: savingsWaitsFor, className: ACCOUNT, waiter: 'transfer-savings-to-checking', holder: 'transfer-checking-to-savings' },
          { kind: 'monitor', address: checkingWaitsFor, className: ACCOUNT, waiter: 'transfer-checking-to-savings', holder: 'transfer-savings-to-checking' },
        ],
        reportedByJvm: true,
      },
    ]);
    expect(a.jvmDeadlocks.map(deadlockKey)).toEqual(a.deadlocks.map(deadlockKey));
    expect(a.blocked.map((b) => [b.thread, b.holder, b.deadlocked])).toEqual([
      ['transfer-savings-to-checking', 'transfer-checking-to-savings', true],
      ['transfer-checking-to-savings', 'transfer-savings-to-checking', true],
    ]);
    expect(a.warnings).toEqual([]);
  });

  it('finds exactly the three-thread ReentrantLock deadlock over ownable synchronizers', () => {
    const a = analyzeFixtures(`reentrant-lock-deadlock-${jdk}.txt`);
    const [riskWaits, routerWaits, settlementWaits] = REENTRANT_DEADLOCK[jdk];
    expect(a.deadlocks).toEqual([
      {
        threads: ['risk-check', 'order-router', 'settlement'],
        locks: [
          { kind: 'synchronizer', address: riskWaits, className: NONFAIR, waiter: 'risk-check', holder: 'order-router' },
          { kind: 'synchronizer', address: routerWaits, className: NONFAIR, waiter: 'order-router', holder: 'settlement' },
          { kind: 'synchronizer', address: settlementWaits, className: NONFAIR, waiter: 'settlement', holder: 'risk-check' },
        ],
        reportedByJvm: true,
      },
    ]);
    expect(a.jvmDeadlocks.map(deadlockKey)).toEqual(a.deadlocks.map(deadlockKey));
  });

  it('names the holder of the contended monitor and its eight BLOCKED waiters', () => {
    const a = analyzeFixtures(`contended-monitor-${jdk}.txt`);
    expect(a.deadlocks).toEqual([]);
    expect(a.contended).toEqual([
      { kind: 'monitor', address: CONTENDED_BOOK[jdk], className: 'ContendedMonitor$OrderBook', holder: 'book-writer', waiters: READERS },
    ]);
    expect(a.states.BLOCKED).toBe(8);
    expect(a.blocked.every((b) => b.holder === 'book-writer' && b.holderState === 'TIMED_WAITING')).toBe(true);
    expect(a.blocked.map((b) => b.chain)).toEqual(READERS.map((r) => [r, 'book-writer']));
    expect(a.groups[0]).toMatchObject({ count: 8, state: 'BLOCKED', threads: READERS });
    expect(a.groups[0]?.frames[0]).toBe('ContendedMonitor.readTopOfBook(ContendedMonitor.java:54)');
  });

  it('follows a lock chain across a monitor and a ReentrantLock to the thread that waits for nothing', () => {
    const a = analyzeFixtures(`lock-chain-${jdk}.txt`);
    expect(a.deadlocks).toEqual([]);
    const gateway = a.blocked.find((b) => b.thread === 'fix-gateway');
    expect(gateway).toMatchObject({ state: 'BLOCKED', lock: { kind: 'monitor', className: 'LockChain$OrderBook' }, holder: 'order-matcher' });
    expect(gateway?.chain).toEqual(['fix-gateway', 'order-matcher', 'journal-writer']);
    expect(a.blocked.find((b) => b.thread === 'order-matcher')).toMatchObject({
      state: 'WAITING',
      lock: { kind: 'synchronizer', className: NONFAIR },
      holder: 'journal-writer',
      holderState: 'TIMED_WAITING',
    });
  });

  it('flags the fixed pool whose four workers are all busy, and only that one', () => {
    const a = analyzeFixtures(`saturated-pool-${jdk}.txt`);
    expect(a.pools).toEqual([
      { name: 'pool-1-thread-*', threads: 4, busy: 4, idle: 0, executor: true, saturated: true },
      { name: 'pool-2-thread-*', threads: 3, busy: 0, idle: 3, executor: true, saturated: false },
      { name: 'pool-3-thread-*', threads: 1, busy: 0, idle: 1, executor: true, saturated: false },
    ]);
    expect(a.groups[0]).toMatchObject({ count: 4, state: 'TIMED_WAITING', threads: ['pool-1-thread-1', 'pool-1-thread-2', 'pool-1-thread-3', 'pool-1-thread-4'] });
  });

  it("agrees with the JVM's own deadlock report on every capture", () => {
    for (const name of ['monitor-deadlock', 'reentrant-lock-deadlock', 'contended-monitor', 'saturated-pool', 'lock-chain']) {
      const a = analyzeFixtures(`${name}-${jdk}.txt`);
      expect(a.deadlocks.map(deadlockKey).sort(), name).toEqual(a.jvmDeadlocks.map(deadlockKey).sort());
    }
  });
});

describe('series', () => {
  it('ranks the spinning thread first by cpu= delta (JDK 17, three dumps appended in one file)', () => {
    const a = analyzeFixtures('busy-spin-jdk17-series.txt');
    expect(a.dumps.map((d) => d.capturedAt)).toEqual(['2026-11-27 04:47:44', '2026-11-27 04:47:46', '2026-11-27 04:47:49']);
    expect(a.hot[0]).toEqual({ thread: 'price-calculator', id: 12, nid: expect.any(Number), cpuMs: 4011.61, cpuPercent: 89.1, basis: 'delta' });
    expect(a.hot.slice(1).every((h) => h.cpuMs < 100)).toBe(true);
  });

  it('ranks the spinning thread first over three files, whatever order they are given in (JDK 25)', () => {
    const files = ['busy-spin-jdk25-3.txt', 'busy-spin-jdk25-1.txt', 'busy-spin-jdk25-2.txt'];
    const a = analyzeFixtures(...files);
    expect(a.dumps.map((d) => d.source)).toEqual(['busy-spin-jdk25-1.txt', 'busy-spin-jdk25-2.txt', 'busy-spin-jdk25-3.txt']);
    expect(a.hot[0]).toMatchObject({ thread: 'price-calculator', id: 21, cpuMs: 3636.87, cpuPercent: 70.9, basis: 'delta' });
  });

  it('counts plain named threads sleeping in their own loop as idle', () => {
    const a = analyzeFixtures('busy-spin-jdk25-1.txt');
    expect(a.pools).toEqual([{ name: 'heartbeat-*', threads: 2, busy: 0, idle: 2, executor: false, saturated: false }]);
  });

  it('lists as stuck the threads on one busy stack in every dump, not the idle sleepers or parked workers', () => {
    const a = analyzeFixtures('busy-spin-jdk25-1.txt', 'busy-spin-jdk25-2.txt', 'busy-spin-jdk25-3.txt');
    expect(a.stuck.map((s) => [s.thread, s.state, s.frames[0]])).toEqual([
      ['main', 'RUNNABLE', 'java.io.FileInputStream.readBytes(java.base@25.0.3/Native Method)'],
      ['price-calculator', 'RUNNABLE', 'BusySpin.recalculateForever(BusySpin.java:29)'],
    ]);
  });

  it('keeps idle waits out of stuck: main joining its workers, workers parked waiting for work', () => {
    // The same real capture twice: nothing moved. Only the carrier blocked reading stdin is
    // held up (as main is in the busy-spin series); main joining and the parked workers wait.
    const a = analyzeFixtures('ordinary-server-jdk25.txt', 'ordinary-server-jdk25.txt');
    expect(a.stuck.map((s) => [s.thread, s.frames[0]])).toEqual([
      ['ForkJoinPool-1-worker-1', 'java.io.FileInputStream.readBytes(java.base@25.0.3/Native Method)'],
    ]);
  });

  it('keeps the holder of a contended lock in stuck even though it sleeps', () => {
    // The same capture twice: a series in which nothing moved.
    const a = analyzeFixtures('contended-monitor-jdk17.txt', 'contended-monitor-jdk17.txt');
    expect(a.stuck.map((s) => s.thread)).toEqual(expect.arrayContaining(['book-writer', ...READERS]));
    expect(a.stuck.map((s) => s.thread)).not.toContain('Finalizer');
  });

  it('with one dump, ranks by total cpu= and finds nothing stuck', () => {
    const a = analyzeFixtures('busy-spin-jdk25-3.txt');
    expect(a.hot[0]).toMatchObject({ thread: 'price-calculator', cpuMs: 3885.83, basis: 'total' });
    expect(a.stuck).toEqual([]);
  });

  it('warns when the dumps come from different JVMs', () => {
    const a = analyzeFixtures('monitor-deadlock-jdk17.txt', 'contended-monitor-jdk25.txt');
    expect(a.warnings[0]).toMatch(/^the dumps come from different JVMs \(19574, \d+\)/);
  });
});

describe('an ordinary server (JDK 25, virtual threads)', () => {
  const a = analyzeFixtures('ordinary-server-jdk25.txt');

  it('reads idle pools as idle and the carrier of a mounted virtual thread as busy', () => {
    expect(a.deadlocks).toEqual([]);
    expect(a.blocked).toEqual([]);
    expect(a.pools.map((p) => [p.name.replace(/\d{2,}/, 'PORT'), p.threads, p.busy, p.idle, p.saturated])).toEqual([
      ['http-nio-PORT-exec-*', 6, 0, 6, false],
      ['ForkJoinPool-1-worker-*', 2, 1, 1, false],
      ['metrics-scheduler-*', 1, 0, 1, false],
      ['ForkJoinPool.commonPool-worker-*', 1, 0, 1, false],
    ]);
    expect(a.states.NONE).toBe(8);
  });
});
