import { describe, expect, it } from 'vitest';
import { parseThreadDumps } from '../../src/diagnostics/parse-thread-dump.js';
import { countStates } from '../../src/diagnostics/analyze-thread-dump.js';
import { addressesIn, dumpOf, dumpText, JDKS, threadNamed } from './fixture-dumps.js';

// Facts checked against the raw fixture text (grep), not against the parser's own output.
describe('parseThreadDumps on JDK 17 (jcmd Thread.print -l)', () => {
  const dump = dumpOf('monitor-deadlock-jdk17.txt');

  it('reads the jcmd header: pid, capture time, VM, and the JNI line', () => {
    expect(dump).toMatchObject({
      line: 3,
      pid: 19574,
      capturedAt: '2026-11-27 04:47:41',
      vm: 'OpenJDK 64-Bit Server VM (17.0.15+6-Debian-1deb12u1 mixed mode, sharing)',
      jniGlobalRefs: 4,
      jniWeakRefs: 0,
      withOwnableSynchronizers: true,
    });
    expect(dump.endLine).toBe(dumpText('monitor-deadlock-jdk17.txt').trimEnd().split('\n').length);
  });

  it('finds every thread and counts states exactly', () => {
    expect(dump.threads).toHaveLength(21);
    expect(countStates(dump)).toEqual({ NEW: 0, RUNNABLE: 10, BLOCKED: 2, WAITING: 1, TIMED_WAITING: 1, TERMINATED: 0, NONE: 7 });
  });

  it('reads a Java thread header with hex nid, cpu= and elapsed=', () => {
    const t = threadNamed(dump, 'transfer-savings-to-checking');
    expect(t).toMatchObject({
      line: 103,
      id: 12,
      osThreadId: null,
      daemon: true,
      priority: 5,
      osPriority: 0,
      cpuMs: 0.4,
      elapsedS: 0.47,
      tid: '0x00007fe4ac118ae0',
      nid: 0x4cc0,
      description: 'waiting for monitor entry',
      state: 'BLOCKED',
      stateDetail: 'on object monitor',
      ownableSynchronizers: [],
    });
    expect(t.frames[0]).toEqual({
      method: 'MonitorDeadlock.transfer',
      location: 'MonitorDeadlock.java:46',
      locks: [
        { action: 'waiting-to-lock', address: '0x000000069ec1a588', className: 'MonitorDeadlock$Account' },
        { action: 'locked', address: '0x000000069ec1a540', className: 'MonitorDeadlock$Account' },
      ],
    });
    expect(t.frames.map((f) => f.method)).toEqual([
      'MonitorDeadlock.transfer',
      'MonitorDeadlock.lambda$main$0',
      expect.stringMatching(/^MonitorDeadlock\$\$Lambda\$\d+\/0x[0-9a-f]+\.run$/),
      'java.lang.Thread.run',
    ]);
  });

  it('reads VM threads that have no Java id, state or stack', () => {
    expect(threadNamed(dump, 'VM Thread')).toMatchObject({ line: 135, id: null, state: null, frames: [], nid: 0x4c99, cpuMs: 0.75 });
    expect(dump.threads.filter((t) => t.id === null).map((t) => t.name)).toEqual([
      'VM Periodic Task Thread',
      'VM Thread',
      'G1 Service',
      'G1 Refine#0',
      'G1 Conc#0',
      'G1 Main Marker',
      'GC Thread#0',
    ]);
  });

  it('keeps the notes of compiler threads', () => {
    expect(threadNamed(dump, 'C2 CompilerThread0').notes).toEqual(['No compile task']);
  });

  it("parses the JVM's own deadlock report separately", () => {
    expect(dump.reportedDeadlocks).toEqual([
      {
        line: 150,
        threads: ['transfer-savings-to-checking', 'transfer-checking-to-savings'],
        locks: [
          {
            kind: 'monitor',
            address: '0x000000069ec1a588',
            className: 'MonitorDeadlock$Account',
            waiter: 'transfer-savings-to-checking',
            holder: 'transfer-checking-to-savings',
          },
          {
            kind: 'monitor',
            address: '0x000000069ec1a540',
            className: 'MonitorDeadlock$Account',
            waiter: 'transfer-checking-to-savings',
            holder: 'transfer-savings-to-checking',
          },
        ],
      },
    ]);
  });

  it('reads a jstack -l capture of the same JVM the same way (no pid line)', () => {
    const jstack = dumpOf('monitor-deadlock-jdk17-jstack.txt');
    expect(jstack.pid).toBeNull();
    expect(jstack.capturedAt).toBe('2026-11-27 04:47:42');
    expect(jstack.threads.map((t) => t.name)).toEqual(dump.threads.map((t) => t.name));
    expect(jstack.reportedDeadlocks.map((d) => d.locks)).toEqual(dump.reportedDeadlocks.map((d) => d.locks));
  });
});

describe('parseThreadDumps on JDK 25', () => {
  const dump = dumpOf('reentrant-lock-deadlock-jdk25.txt');

  it('reads the [os thread id] and the decimal nid', () => {
    expect(threadNamed(dump, 'risk-check')).toMatchObject({ line: 103, id: 21, osThreadId: 23313, nid: 23313, cpuMs: 1.51 });
    expect(dump.threads).toHaveLength(21);
    expect(countStates(dump)).toEqual({ NEW: 0, RUNNABLE: 9, BLOCKED: 0, WAITING: 4, TIMED_WAITING: 1, TERMINATED: 0, NONE: 7 });
  });

  it('reads parking lines and the Locked ownable synchronizers', () => {
    const text = dumpText('reentrant-lock-deadlock-jdk25.txt');
    const parked = ['risk-check', 'order-router', 'settlement'].map((name) => threadNamed(dump, name));
    // In the thread list (before the JVM's report), the n-th parking line is the n-th thread's.
    expect(parked.map((t) => t.frames[0]?.locks)).toEqual(
      addressesIn(text, /- parking to wait for/)
        .slice(0, 3)
        .map((address) => [{ action: 'parking', address, className: 'java.util.concurrent.locks.ReentrantLock$NonfairSync' }]),
    );
    expect(parked.map((t) => t.ownableSynchronizers.map((s) => s.address))).toEqual([
      ['0x000000069ec17358'],
      ['0x000000069ec17388'],
      ['0x000000069ec173b8'],
    ]);
    expect(threadNamed(dump, 'main').ownableSynchronizers).toEqual([]);
  });

  it('reads the report of a deadlock over ownable synchronizers', () => {
    expect(dump.reportedDeadlocks).toHaveLength(1);
    expect(dump.reportedDeadlocks[0]?.threads).toEqual(['risk-check', 'order-router', 'settlement']);
    expect(dump.reportedDeadlocks[0]?.locks.map((l) => [l.kind, l.address, l.holder])).toEqual([
      ['synchronizer', '0x000000069ec17388', 'order-router'],
      ['synchronizer', '0x000000069ec173b8', 'settlement'],
      ['synchronizer', '0x000000069ec17358', 'risk-check'],
    ]);
  });

  it('tolerates a virtual-thread carrier: no nid, no state, its frames split from the mounted ones', () => {
    const server = dumpOf('ordinary-server-jdk25.txt');
    const carrier = threadNamed(server, 'ForkJoinPool-1-worker-1');
    expect(carrier).toMatchObject({ line: 291, id: 33, osThreadId: 24069, nid: null, state: null, carriedVirtualThread: 135, description: '' });
    expect(carrier.carrierFrames.map((f) => f.method).at(-1)).toBe('java.util.concurrent.ForkJoinWorkerThread.run');
    expect(carrier.carrierFrames).toHaveLength(10);
    expect(carrier.frames[0]?.method).toBe('java.io.FileInputStream.readBytes');
    expect(carrier.frames).toHaveLength(12);
    expect(carrier.frames[4]?.locks).toEqual([{ action: 'locked', address: '0x000000069ec04908', className: 'java.io.BufferedInputStream' }]);
    expect(server.threads).toHaveLength(32);
    expect(server.jniGlobalRefs).toBe(12);
  });
});

describe('several dumps in one input', () => {
  it('reads the three jcmd outputs appended in one file, each with its own pid and time', () => {
    const dumps = parseThreadDumps(dumpText('busy-spin-jdk17-series.txt'));
    expect(dumps.map((d) => [d.line, d.pid, d.capturedAt, d.threads.length])).toEqual([
      [3, 20826, '2026-11-27 04:47:44', 22],
      [156, 20826, '2026-11-27 04:47:46', 22],
      [309, 20826, '2026-11-27 04:47:49', 22],
    ]);
  });

  it('ignores text before, between and after dumps', () => {
    const one = dumpText('lock-chain-jdk17.txt');
    const text = `$ jcmd 1 Thread.print -l\nsome banner\n${one}\nrandom trailing text\n\n${one}$ exit\n`;
    const dumps = parseThreadDumps(text);
    expect(dumps).toHaveLength(2);
    expect(dumps[0]?.line).toBe(5);
    expect(dumps.map((d) => d.threads.length)).toEqual([22, 22]);
  });

  it('reads CRLF line ends (a dump saved on Windows) the same way', () => {
    const text = dumpText('saturated-pool-jdk17.txt');
    expect(parseThreadDumps(text.replace(/\n/g, '\r\n'))).toEqual(parseThreadDumps(text));
  });

  for (const jdk of JDKS) {
    it(`parses every ${jdk} fixture, with as many threads as header lines`, () => {
      for (const name of ['monitor-deadlock', 'reentrant-lock-deadlock', 'contended-monitor', 'saturated-pool', 'lock-chain']) {
        const text = dumpText(`${name}-${jdk}.txt`);
        const headers = text.split('\n').filter((l) => /^".*" .*(?:tid|nid)=/.test(l)).length;
        expect(dumpOf(`${name}-${jdk}.txt`).threads.length, name).toBe(headers);
      }
    });
  }
});

// No JDK 8 on this machine: these lines are written in JDK 8's documented format (hex nid,
// no cpu=/elapsed=, "JNI global references:", two spaces after "parking to wait for").
const JDK8 = `2024-01-10 10:00:00
Full thread dump Java HotSpot(TM) 64-Bit Server VM (25.202-b08 mixed mode):

"worker-1" #8 prio=5 os_prio=0 tid=0x00007f2c4c0f4800 nid=0x2f2e waiting on condition [0x00007f2c2a1f0000]
   java.lang.Thread.State: WAITING (parking)
\tat sun.misc.Unsafe.park(Native Method)
\t- parking to wait for  <0x00000000d5a8c2d0> (a java.util.concurrent.locks.ReentrantLock$NonfairSync)
\tat java.util.concurrent.locks.LockSupport.park(LockSupport.java:175)
\tat Worker.run(Worker.java:12)

   Locked ownable synchronizers:
\t- None

"Finalizer" #3 daemon prio=8 os_prio=0 tid=0x00007f2c4c0c1000 nid=0x2f27 in Object.wait() [0x00007f2c2b3f2000]
   java.lang.Thread.State: WAITING (on object monitor)
\tat java.lang.Object.wait(Native Method)
\t- waiting on <no object reference available>
\tat java.lang.ref.ReferenceQueue.remove(ReferenceQueue.java:144)
\t- eliminated <owner is scalar replaced> (a java.lang.Object)

   Locked ownable synchronizers:
\t- None

"GC task thread#0 (ParallelGC)" os_prio=0 tid=0x00007f2c4c01f800 nid=0x2f23 runnable 

JNI global references: 7
`;

describe('JDK 8 format', () => {
  it('reads hex nid without cpu=, address-less lock lines and the old JNI line', () => {
    const [dump] = parseThreadDumps(JDK8);
    expect(dump?.jniGlobalRefs).toBe(7);
    expect(dump?.jniWeakRefs).toBeNull();
    expect(dump?.threads.map((t) => [t.name, t.id, t.nid, t.cpuMs, t.state])).toEqual([
      ['worker-1', 8, 0x2f2e, null, 'WAITING'],
      ['Finalizer', 3, 0x2f27, null, 'WAITING'],
      ['GC task thread#0 (ParallelGC)', null, 0x2f23, null, null],
    ]);
    expect(dump?.threads[0]?.frames[0]?.locks).toEqual([
      { action: 'parking', address: '0x00000000d5a8c2d0', className: 'java.util.concurrent.locks.ReentrantLock$NonfairSync' },
    ]);
    expect(dump?.threads[1]?.frames.flatMap((f) => f.locks)).toEqual([]);
  });

  it('reads extra key=value fields (Thread.print -e) and a name containing quotes', () => {
    const header = '"say "hi"" #9 prio=5 os_prio=0 cpu=1.00ms elapsed=2.00s allocated=1024B defined_classes=3 tid=0x1 nid=0x10 runnable  [0x2]';
    const [dump] = parseThreadDumps(`Full thread dump X:\n\n${header}\n   java.lang.Thread.State: RUNNABLE\n\nJNI global refs: 1, weak refs: 0\n`);
    expect(dump?.threads[0]).toMatchObject({ name: 'say "hi"', id: 9, cpuMs: 1, elapsedS: 2, nid: 16, description: 'runnable' });
  });
});
