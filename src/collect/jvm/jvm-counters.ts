/**
 * The JVM's performance counters (as JstatStream reads them) turned into the figures of a
 * JvmSnapshot, and the rates between two readings. Pure functions.
 *
 * Heap: `used` is the sum of every space's used bytes, `committed` the sum of the
 * generations' capacities. `max` needs care: Serial, Parallel, CMS, Shenandoah and single-
 * generation ZGC report each generation's own maximum (they add up to -Xmx), but G1 and
 * generational ZGC report the whole heap's maximum for every generation, so adding them would
 * double it. G1 also pads each space's capacity counters by a word or three (so that jstat
 * never divides by zero); heaps grow in whole pages, so those sizes are rounded down to 4 KiB.
 * Verified against `jcmd PID GC.heap_info` for each collector on JDK 17 and 25.
 */
import type { CounterValue } from './jstat-stream.js';
import type { GcCollectorFigures, GcFigures, HeapFigures, PoolFigures, ThreadFigures } from '../../model/jvm-reading.js';

/** The counters the monitor asks jstat for (a Java regex, matched against each name). */
export const JSTAT_COUNTERS =
  '^(java\\.threads\\.(live|daemon|livePeak)|sun\\.os\\.hrt\\.(ticks|frequency)|sun\\.gc\\.(policy\\.name|lastCause|' +
  'generation\\.[0-9]+\\.(capacity|maxCapacity|space\\.[0-9]+\\.used)|collector\\.[0-9]+\\.(name|invocations|time)|' +
  '(metaspace|compressedclassspace)\\.(used|capacity|maxCapacity)))$';

export interface JvmFigures {
  heap: HeapFigures | null;
  metaspace: PoolFigures | null;
  classSpace: PoolFigures | null;
  /** Rates are null here: they need the previous reading (see withGcRates). */
  gc: GcFigures | null;
  threads: ThreadFigures | null;
  /** Seconds since the JVM started by its own clock (sun.os.hrt.*); null when it has none (JDK 25). */
  uptimeSeconds: number | null;
}

type Counters = ReadonlyMap<string, CounterValue>;

function num(counters: Counters, name: string): number | null {
  const value = counters.get(name);
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function str(counters: Counters, name: string): string | null {
  const value = counters.get(name);
  return typeof value === 'string' && value !== '' ? value : null;
}

/** The distinct numbers N of `prefix.N.…` names, ascending. */
function indexes(counters: Counters, prefix: string): number[] {
  const found = new Set<number>();
  for (const name of counters.keys()) {
    if (!name.startsWith(prefix)) continue;
    const n = Number(name.slice(prefix.length).split('.')[0]);
    if (Number.isInteger(n)) found.add(n);
  }
  return [...found].sort((a, b) => a - b);
}

function sum(values: ReadonlyArray<number | null>): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length === 0 ? null : known.reduce((a, b) => a + b, 0);
}

/** Whether every generation's maxCapacity is the whole heap's (G1, generational ZGC). */
function generationsShareTheHeap(counters: Counters): boolean {
  const policy = str(counters, 'sun.gc.policy.name');
  if (policy !== null) return policy === 'GarbageFirst';
  const collectors = indexes(counters, 'sun.gc.collector.').map((i) => str(counters, `sun.gc.collector.${i}.name`) ?? '');
  return collectors.some((name) => /^(G1|ZGC) /.test(name));
}

const PAGE = 4096;

function heapFigures(counters: Counters): HeapFigures | null {
  const generations = indexes(counters, 'sun.gc.generation.');
  const used = sum(generations.flatMap((g) => indexes(counters, `sun.gc.generation.${g}.space.`).map((s) => num(counters, `sun.gc.generation.${g}.space.${s}.used`))));
  const committed = sum(generations.map((g) => num(counters, `sun.gc.generation.${g}.capacity`)));
  if (used === null || committed === null) return null;
  const maxima = generations.map((g) => num(counters, `sun.gc.generation.${g}.maxCapacity`)).filter((m): m is number => m !== null && m > 0);
  const max = maxima.length === 0 ? null : generationsShareTheHeap(counters) ? Math.min(...maxima) : maxima.reduce((a, b) => a + b, 0);
  const pages = (bytes: number) => bytes - (bytes % PAGE);
  return { used, committed: pages(committed), max: max === null ? null : pages(max) };
}

function pool(counters: Counters, prefix: string): PoolFigures | null {
  const used = num(counters, `${prefix}.used`);
  const committed = num(counters, `${prefix}.capacity`);
  if (used === null || committed === null) return null;
  const max = num(counters, `${prefix}.maxCapacity`);
  return { used, committed, max: max !== null && max > 0 ? max : null };
}

function gcFigures(counters: Counters, ticksPerSecond: number | null): GcFigures | null {
  const collectors: GcCollectorFigures[] = [];
  for (const i of indexes(counters, 'sun.gc.collector.')) {
    const count = num(counters, `sun.gc.collector.${i}.invocations`);
    const ticks = num(counters, `sun.gc.collector.${i}.time`);
    if (count === null || ticks === null) continue;
    collectors.push({
      name: str(counters, `sun.gc.collector.${i}.name`) ?? `collector ${i}`,
      count,
      // Without the tick frequency the times are in an unknown unit; HotSpot's is ns on Linux.
      timeMs: ticksPerSecond ? (ticks * 1000) / ticksPerSecond : ticks / 1e6,
      countPerSec: null,
      timePercent: null,
    });
  }
  if (collectors.length === 0) return null;
  return {
    policy: str(counters, 'sun.gc.policy.name'),
    collectors,
    count: collectors.reduce((a, c) => a + c.count, 0),
    timeMs: collectors.reduce((a, c) => a + c.timeMs, 0),
    countPerSec: null,
    timePercent: null,
    lastCause: str(counters, 'sun.gc.lastCause'),
  };
}

export function jvmFigures(counters: Counters): JvmFigures {
  const frequency = num(counters, 'sun.os.hrt.frequency');
  const ticks = num(counters, 'sun.os.hrt.ticks');
  const live = num(counters, 'java.threads.live');
  return {
    heap: heapFigures(counters),
    metaspace: pool(counters, 'sun.gc.metaspace'),
    classSpace: pool(counters, 'sun.gc.compressedclassspace'),
    gc: gcFigures(counters, frequency),
    threads: live === null ? null : { live, daemon: num(counters, 'java.threads.daemon'), peak: num(counters, 'java.threads.livePeak') },
    uptimeSeconds: frequency && ticks !== null ? ticks / frequency : null,
  };
}

/**
 * The GC figures with per-second rates over `seconds` since `previous`. A counter that went
 * down (the pid now belongs to a restarted JVM) gives no rate rather than a negative one.
 */
export function withGcRates(current: GcFigures, previous: GcFigures | null, seconds: number): GcFigures {
  if (previous === null || !(seconds > 0)) return current;
  const rate = (now: number, before: number | undefined) => (before === undefined || now < before ? null : (now - before) / seconds);
  const percent = (nowMs: number, beforeMs: number | undefined) => {
    const perSecond = rate(nowMs, beforeMs);
    return perSecond === null ? null : Math.min(100, perSecond / 10);
  };
  const byName = new Map(previous.collectors.map((c) => [c.name, c]));
  return {
    ...current,
    collectors: current.collectors.map((c) => ({
      ...c,
      countPerSec: rate(c.count, byName.get(c.name)?.count),
      timePercent: percent(c.timeMs, byName.get(c.name)?.timeMs),
    })),
    countPerSec: rate(current.count, previous.count),
    timePercent: percent(current.timeMs, previous.timeMs),
  };
}
