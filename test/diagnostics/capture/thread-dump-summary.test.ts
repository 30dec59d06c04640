import { describe, expect, it } from 'vitest';
import { threadDumpSummary } from '../../../src/diagnostics/capture/thread-dump-summary.js';
import { analyzeFixtures } from '../fixture-dumps.js';

function summary(...names: string[]): string[] {
  return threadDumpSummary(analyzeFixtures(...names), names).trimEnd().split('\n');
}

describe('threadDumpSummary (what perfmon dump thread prints after a capture)', () => {
  it('a deadlock comes first: its cycle and each lock with waiter and holder', () => {
    expect(summary('reentrant-lock-deadlock-jdk25.txt')).toEqual([
      "DEADLOCKS: 1 (the JVM's own report agrees)",
      '  1. "risk-check" → "order-router" → "settlement" → "risk-check"',
      '     "risk-check" waits for <0x000000069ec17388> (java.util.concurrent.locks.ReentrantLock$NonfairSync) held by "order-router"',
      '     "order-router" waits for <0x000000069ec173b8> (java.util.concurrent.locks.ReentrantLock$NonfairSync) held by "settlement"',
      '     "settlement" waits for <0x000000069ec17358> (java.util.concurrent.locks.ReentrantLock$NonfairSync) held by "risk-check"',
      'Threads: 21 (9 RUNNABLE, 4 WAITING, 1 TIMED_WAITING, 7 VM)',
      'Full report: perfmon analyze reentrant-lock-deadlock-jdk25.txt',
    ]);
  });

  it('no deadlock: lock waits with the most contended lock, saturated pools', () => {
    expect(summary('contended-monitor-jdk25.txt')).toContain(
      'Waiting for locks: "book-reader-1", "book-reader-2", "book-reader-3", … (8 in all); most contended: <0x000000069ec18890> (ContendedMonitor$OrderBook) held by "book-writer", 8 waiting',
    );
    expect(summary('saturated-pool-jdk17.txt')).toEqual([
      'Deadlocks: none',
      'Threads: 27 (10 RUNNABLE, 4 WAITING, 6 TIMED_WAITING, 7 VM)',
      'Saturated pools: pool-1-thread-* (4/4 busy)',
      'Full report: perfmon analyze saturated-pool-jdk17.txt',
    ]);
  });

  it('a series: the hot thread (idle ones left out) and the threads stuck on one stack', () => {
    const lines = summary('busy-spin-jdk25-1.txt', 'busy-spin-jdk25-2.txt', 'busy-spin-jdk25-3.txt');
    expect(lines).toContain('Hottest between dumps: "price-calculator" 71%');
    expect(lines).toContain('Same stack in all 3 dumps: "main", "price-calculator"');
    expect(lines.at(-1)).toBe('Full report: perfmon analyze busy-spin-jdk25-1.txt busy-spin-jdk25-2.txt busy-spin-jdk25-3.txt');
  });
});
