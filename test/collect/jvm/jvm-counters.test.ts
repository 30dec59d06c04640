import { describe, expect, it } from 'vitest';
import { jvmFigures, withGcRates } from '../../../src/collect/jvm/jvm-counters.js';
import type { GcFigures } from '../../../src/model/jvm-reading.js';
import { jstatSamples } from './jvm-fixtures.js';

const K = 1024;
const M = 1024 * K;

/**
 * What `jcmd PID GC.heap_info` said at the moment of each capture (heap-info-*.txt), in bytes:
 * the committed size (G1 "total", Parallel/Serial young + old totals plus the "to" survivor,
 * ZGC "capacity", Shenandoah "committed"), the used size, and -Xmx256m.
 */
const REFERENCE: Record<string, { committed: number; used: number }> = {
  'g1-jdk17': { committed: 262144 * K, used: 30132 * K },
  'g1-jdk25': { committed: 262144 * K, used: 30350 * K },
  'parallel-jdk17': { committed: (76288 + 10752 + 175104) * K, used: (31652 + 0) * K },
  'parallel-jdk25': { committed: (76288 + 10752 + 175104) * K, used: (31110 + 1166) * K },
  'serial-jdk17': { committed: (78656 + 8704 + 174784) * K, used: (31565 + 0) * K },
  'serial-jdk25': { committed: (78656 + 8704 + 174784) * K, used: (31053 + 1166) * K },
  'z-jdk17': { committed: 256 * M, used: 40 * M },
  'z-jdk25': { committed: 256 * M, used: 40 * M },
  'shenandoah-jdk17': { committed: 256 * M, used: 27904 * K },
  'shenandoah-jdk25': { committed: 256 * M, used: 28416 * K },
};

describe('heap figures from the performance counters, against jcmd GC.heap_info (5 collectors × JDK 17, 25)', () => {
  for (const [name, reference] of Object.entries(REFERENCE)) {
    it(`${name}: committed and max exact, used close`, () => {
      const samples = jstatSamples(`jstat-${name}.txt`);
      expect(samples).toHaveLength(2);
      const heap = jvmFigures(samples[1]!).heap!;
      expect(heap.committed).toBe(reference.committed);
      // -Xmx256m: G1 and generational ZGC report the whole heap as each generation's maximum.
      expect(heap.max).toBe(256 * M);
      if (/^(parallel|serial)-jdk25$/.test(name)) {
        // JDK 25's Serial and Parallel update eden's counter only at a GC: used lags, never leads.
        expect(heap.used).toBeLessThanOrEqual(reference.used);
      } else {
        // The counters count G1 regions and ZGC pages whole; GC.heap_info counts the bytes in them.
        expect(Math.abs(heap.used - reference.used)).toBeLessThanOrEqual(Math.max(2 * M, reference.used * 0.05));
      }
    });
  }

  it('metaspace and class space match GC.heap_info (g1-jdk17: committed 640K / 128K)', () => {
    const figures = jvmFigures(jstatSamples('jstat-g1-jdk17.txt')[1]!);
    expect(figures.metaspace).toMatchObject({ committed: 640 * K, max: 1088 * M });
    expect(Math.abs(figures.metaspace!.used - 465 * K)).toBeLessThan(64 * K);
    expect(figures.classSpace).toMatchObject({ committed: 128 * K, max: 1024 * M });
  });
});

describe('GC, threads and uptime', () => {
  it('reads every collector by name, times in ms from the tick frequency', () => {
    const gc = jvmFigures(jstatSamples('jstat-g1-jdk17.txt')[1]!).gc!;
    expect(gc.policy).toBe('GarbageFirst');
    expect(gc.collectors.map((c) => c.name)).toEqual(['G1 young collection pauses', 'G1 full collection pauses', 'G1 concurrent cycle pauses']);
    expect(gc.collectors[0]).toMatchObject({ count: 2, timeMs: 18.848088 });
    expect(gc).toMatchObject({ count: 2, timeMs: 18.848088, lastCause: 'G1 Evacuation Pause', countPerSec: null });
  });

  it('JDK 17 ZGC has only collector 2; JDK 25 generational ZGC names its minor and major pauses', () => {
    expect(jvmFigures(jstatSamples('jstat-z-jdk17.txt')[0]!).gc!.collectors.map((c) => c.name)).toEqual(['Z concurrent cycle pauses']);
    expect(jvmFigures(jstatSamples('jstat-z-jdk25.txt')[0]!).gc!.collectors.map((c) => c.name)).toEqual([
      'ZGC minor collection pauses',
      'ZGC major collection pauses',
    ]);
  });

  it('threads from java.threads.*; uptime from the JVM clock on 17, none on 25 (no sun.os.hrt.ticks)', () => {
    const jdk17 = jvmFigures(jstatSamples('jstat-g1-jdk17.txt')[1]!);
    expect(jdk17.threads).toEqual({ live: 6, daemon: 5, peak: 6 });
    expect(jdk17.uptimeSeconds).toBeGreaterThan(0.5);
    expect(jdk17.uptimeSeconds).toBeLessThan(60);
    expect(jvmFigures(jstatSamples('jstat-g1-jdk25.txt')[1]!).uptimeSeconds).toBeNull();
  });

  it('rates: collections per second and the share of time in GC over the interval', () => {
    const gc = (count: number, timeMs: number): GcFigures => ({
      policy: null,
      collectors: [{ name: 'young', count, timeMs, countPerSec: null, timePercent: null }],
      count,
      timeMs,
      countPerSec: null,
      timePercent: null,
      lastCause: null,
    });
    const rated = withGcRates(gc(14, 250), gc(10, 50), 2);
    expect(rated).toMatchObject({ countPerSec: 2, timePercent: 10 });
    expect(rated.collectors[0]).toMatchObject({ countPerSec: 2, timePercent: 10 });
    // A restarted JVM behind the same pid: counters went down, no negative rate.
    expect(withGcRates(gc(1, 5), gc(10, 50), 1)).toMatchObject({ countPerSec: null, timePercent: null });
    expect(withGcRates(gc(3, 5), null, 1).countPerSec).toBeNull();
  });
});
