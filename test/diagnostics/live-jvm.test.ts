import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeThreadDumps } from '../../src/diagnostics/analyze-thread-dump.js';
import { deadlockKey } from '../../src/diagnostics/deadlocks.js';
import { parseThreadDumps } from '../../src/diagnostics/parse-thread-dump.js';
import { compileJavaFixtures, JavaProgram, stopAllJavaPrograms } from './java-program.js';

// The deadlock programs compiled and run on this machine's JVM now, dumped live with jcmd.
let classes: Awaited<ReturnType<typeof compileJavaFixtures>>;

beforeAll(async () => {
  classes = await compileJavaFixtures(['MonitorDeadlock', 'ReentrantLockDeadlock']);
});

afterAll(async () => {
  stopAllJavaPrograms();
  await classes?.remove();
});

async function analyzeLive(className: string) {
  const program = await JavaProgram.start(classes.dir, className);
  const text = await program.threadDump();
  const dumps = parseThreadDumps(text);
  expect(dumps).toHaveLength(1);
  expect(dumps[0]?.pid).toBe(program.pid);
  return { dump: dumps[0]!, analysis: analyzeThreadDumps([{ source: `jcmd ${program.pid}`, dump: dumps[0]! }]) };
}

describe('live dumps of the deadlock programs', () => {
  it('finds exactly the two-thread monitor deadlock and the locks each thread holds', async () => {
    const { dump, analysis } = await analyzeLive('MonitorDeadlock');
    expect(analysis.deadlocks).toHaveLength(1);
    const [deadlock] = analysis.deadlocks;
    expect(deadlock?.threads).toEqual(['transfer-savings-to-checking', 'transfer-checking-to-savings']);
    expect(deadlock?.reportedByJvm).toBe(true);
    expect(analysis.jvmDeadlocks.map(deadlockKey)).toEqual([deadlockKey(deadlock!)]);
    // Each thread waits for the one monitor the other shows as `- locked`.
    for (const lock of deadlock!.locks) {
      const holder = dump.threads.find((t) => t.name === lock.holder);
      const held = holder?.frames.flatMap((f) => f.locks).filter((l) => l.action === 'locked').map((l) => l.address);
      expect(held).toContain(lock.address);
      expect(lock).toMatchObject({ kind: 'monitor', className: 'MonitorDeadlock$Account' });
    }
    expect(new Set(deadlock!.locks.map((l) => l.address)).size).toBe(2);
    expect(analysis.blocked.map((b) => b.thread).sort()).toEqual([...deadlock!.threads].sort());
  });

  it('finds exactly the three-thread ReentrantLock deadlock over ownable synchronizers', async () => {
    const { dump, analysis } = await analyzeLive('ReentrantLockDeadlock');
    expect(analysis.deadlocks).toHaveLength(1);
    const [deadlock] = analysis.deadlocks;
    expect(deadlock?.threads).toEqual(['risk-check', 'order-router', 'settlement']);
    expect(deadlock?.reportedByJvm).toBe(true);
    expect(analysis.jvmDeadlocks.map(deadlockKey)).toEqual([deadlockKey(deadlock!)]);
    for (const lock of deadlock!.locks) {
      const holder = dump.threads.find((t) => t.name === lock.holder);
      expect(holder?.ownableSynchronizers.map((s) => s.address)).toEqual([lock.address]);
      expect(lock).toMatchObject({ kind: 'synchronizer', className: 'java.util.concurrent.locks.ReentrantLock$NonfairSync' });
    }
    expect(new Set(deadlock!.locks.map((l) => l.address)).size).toBe(3);
  });
});
