/**
 * A JFR recording's profile, event by event (nothing kept per event, so a long recording costs
 * what its distinct stacks cost): where the CPU goes (execution samples: hot methods by self
 * and total samples, the hottest call paths, the busiest threads), who allocates (allocation
 * samples weighted by the bytes they stand for: sites and classes), which locks threads wait
 * for (monitor enter and lock park events: by lock class, with the threads and how long),
 * I/O calls slower than a threshold (by target), and the GC pauses. Pure.
 */
import { FlameBuilder, type FlameNode } from './flame-graph.js';
import type { IoOperation, ProfileEvent } from './jfr-events.js';

export interface MethodShare {
  method: string;
  /** Samples with the method on top. */
  self: number;
  /** Samples with the method anywhere on the stack. */
  total: number;
  selfPercent: number;
  totalPercent: number;
}

export interface PathShare {
  /** Top frame first. */
  stack: string[];
  samples: number;
  percent: number;
}

export interface LockWait {
  lock: string;
  kind: 'monitor' | 'park';
  events: number;
  totalMs: number;
  maxMs: number;
  /** Longest waiting first. */
  threads: Array<{ thread: string; events: number; totalMs: number }>;
  /** The application frame that waited most often (the first frame outside the JDK). */
  site: string | null;
}

export interface SlowIo {
  operation: IoOperation;
  target: string;
  events: number;
  totalMs: number;
  maxMs: number;
  bytes: number;
  threads: string[];
  site: string | null;
}

export interface ProfileAnalysis {
  source: string;
  /** ISO times of the first and last event read; null without events. */
  start: string | null;
  end: string | null;
  seconds: number;
  events: { cpu: number; alloc: number; monitor: number; park: number; io: number; gc: number };
  cpu: { samples: number; hotMethods: MethodShare[]; paths: PathShare[]; threads: Array<{ thread: string; samples: number; percent: number }> };
  allocation: {
    samples: number;
    /** Bytes the samples stand for (their weights summed). */
    bytes: number;
    sites: Array<{ method: string; bytes: number; percent: number; topClass: string }>;
    classes: Array<{ className: string; bytes: number; percent: number }>;
  };
  locks: LockWait[];
  io: { thresholdMs: number; slow: SlowIo[] };
  gc: {
    collections: number;
    pauseTotalMs: number;
    longestPauseMs: number;
    byName: Array<{ name: string; count: number; pauseTotalMs: number; longestPauseMs: number }>;
    longest: Array<{ time: string; name: string; cause: string; pauseMs: number }>;
  };
  /** CPU samples as a tree (not in --json: the folded and SVG exports carry it). */
  cpuFlame: FlameNode;
  allocationFlame: FlameNode;
}

export interface ProfileOptions {
  /** Rows per list; default 10. */
  top?: number;
  /** I/O calls at or over this are slow; default 10 ms (the JFR profile settings' own threshold). */
  ioThresholdMs?: number;
}

const JDK_FRAME = /^(java|javax|jdk|sun|com\.sun)\./;

/** The first frame of `stack` that is the application's, not the JDK's. */
export function applicationFrame(stack: readonly string[]): string | null {
  return stack.find((f) => !JDK_FRAME.test(f)) ?? null;
}

/** Frames every lock's park goes through: a park under one of these waits for a lock, not for work. */
const LOCK_ACQUIRE = /\.(lock|lockInterruptibly|tryLock|acquire|acquireInterruptibly|acquireShared|acquireSharedInterruptibly|tryAcquireNanos)$/;
const NOT_A_LOCK = /ConditionObject|CountDownLatch|FutureTask|SynchronousQueue|Phaser|Exchanger|\(no blocker\)/;

/** A park that is a thread waiting for a lock someone holds (not an idle worker waiting for a task). */
export function isLockPark(event: { lockClass: string; stack: readonly string[] }): boolean {
  return !NOT_A_LOCK.test(event.lockClass) && event.stack.some((f) => LOCK_ACQUIRE.test(f));
}

const share = (part: number, whole: number): number => (whole > 0 ? Math.round((part / whole) * 1000) / 10 : 0);
const add = (map: Map<string, number>, key: string, by: number) => map.set(key, (map.get(key) ?? 0) + by);
const PATH_DEPTH = 16;

interface WaitAcc {
  kind: 'monitor' | 'park';
  events: number;
  totalMs: number;
  maxMs: number;
  threads: Map<string, { events: number; totalMs: number }>;
  sites: Map<string, number>;
}

interface IoAcc {
  operation: IoOperation;
  target: string;
  events: number;
  totalMs: number;
  maxMs: number;
  bytes: number;
  threads: Set<string>;
  sites: Map<string, number>;
}

export class ProfileAccumulator {
  private first = Infinity;
  private last = -Infinity;
  private readonly counts = { cpu: 0, alloc: 0, monitor: 0, park: 0, io: 0, gc: 0 };
  private readonly self = new Map<string, number>();
  private readonly total = new Map<string, number>();
  private readonly paths = new Map<string, number>();
  private readonly threads = new Map<string, number>();
  private allocBytes = 0;
  private readonly allocSites = new Map<string, Map<string, number>>();
  private readonly allocClasses = new Map<string, number>();
  private readonly waits = new Map<string, WaitAcc>();
  private readonly io = new Map<string, IoAcc>();
  private readonly gcs: Array<{ time: number; name: string; cause: string; pauseMs: number }> = [];
  private readonly cpuFlame = new FlameBuilder('all threads');
  private readonly allocFlame = new FlameBuilder('all allocations');
  private readonly ioThresholdMs: number;

  constructor(
    readonly source: string,
    private readonly options: ProfileOptions = {},
  ) {
    this.ioThresholdMs = options.ioThresholdMs ?? 10;
  }

  add(event: ProfileEvent): void {
    this.first = Math.min(this.first, event.time);
    this.last = Math.max(this.last, event.time);
    switch (event.kind) {
      case 'cpu': {
        this.counts.cpu++;
        const top = event.stack[0] ?? '(no Java frame)';
        add(this.self, top, 1);
        for (const method of new Set(event.stack)) add(this.total, method, 1);
        add(this.paths, event.stack.slice(0, PATH_DEPTH).join('\n'), 1);
        add(this.threads, event.thread, 1);
        this.cpuFlame.add(event.stack, 1);
        return;
      }
      case 'alloc': {
        this.counts.alloc++;
        this.allocBytes += event.bytes;
        const site = event.stack[0] ?? '(no Java frame)';
        const classes = this.allocSites.get(site) ?? new Map<string, number>();
        add(classes, event.objectClass, event.bytes);
        this.allocSites.set(site, classes);
        add(this.allocClasses, event.objectClass, event.bytes);
        this.allocFlame.add([event.objectClass, ...event.stack], event.bytes);
        return;
      }
      case 'monitor':
      case 'park': {
        if (event.kind === 'park' && !isLockPark(event)) return;
        this.counts[event.kind]++;
        const key = `${event.kind}:${event.lockClass}`;
        const acc = this.waits.get(key) ?? { kind: event.kind, events: 0, totalMs: 0, maxMs: 0, threads: new Map(), sites: new Map() };
        acc.events++;
        acc.totalMs += event.durationMs;
        acc.maxMs = Math.max(acc.maxMs, event.durationMs);
        const t = acc.threads.get(event.thread) ?? { events: 0, totalMs: 0 };
        t.events++;
        t.totalMs += event.durationMs;
        acc.threads.set(event.thread, t);
        const site = applicationFrame(event.stack);
        if (site !== null) add(acc.sites, site, 1);
        this.waits.set(key, acc);
        return;
      }
      case 'io': {
        if (event.durationMs < this.ioThresholdMs) return;
        this.counts.io++;
        const key = `${event.operation}\n${event.target}`;
        const acc = this.io.get(key) ?? { operation: event.operation, target: event.target, events: 0, totalMs: 0, maxMs: 0, bytes: 0, threads: new Set(), sites: new Map() };
        acc.events++;
        acc.totalMs += event.durationMs;
        acc.maxMs = Math.max(acc.maxMs, event.durationMs);
        acc.bytes += event.bytes;
        acc.threads.add(event.thread);
        const site = applicationFrame(event.stack);
        if (site !== null) add(acc.sites, site, 1);
        this.io.set(key, acc);
        return;
      }
      case 'gc':
        this.counts.gc++;
        this.gcs.push({ time: event.time, name: event.name, cause: event.cause, pauseMs: event.sumOfPausesMs || event.durationMs });
        return;
    }
  }

  result(): ProfileAnalysis {
    const top = this.options.top ?? 10;
    const samples = this.counts.cpu;
    const byValue = <T>(map: Map<string, T>, value: (v: T) => number) => [...map].sort((a, b) => value(b[1]) - value(a[1]) || a[0].localeCompare(b[0]));
    const hotMethods = byValue(this.self, (v) => v)
      .slice(0, top)
      .map(([method, self]) => {
        const total = this.total.get(method) ?? self;
        return { method, self, total, selfPercent: share(self, samples), totalPercent: share(total, samples) };
      });
    const mostOf = (sites: Map<string, number>) => byValue(sites, (v) => v)[0]?.[0] ?? null;
    const gcs = [...this.gcs];
    const byName = new Map<string, { count: number; pauseTotalMs: number; longestPauseMs: number }>();
    for (const gc of gcs) {
      const acc = byName.get(gc.name) ?? { count: 0, pauseTotalMs: 0, longestPauseMs: 0 };
      acc.count++;
      acc.pauseTotalMs += gc.pauseMs;
      acc.longestPauseMs = Math.max(acc.longestPauseMs, gc.pauseMs);
      byName.set(gc.name, acc);
    }
    const has = Number.isFinite(this.first);
    return {
      source: this.source,
      start: has ? new Date(this.first).toISOString() : null,
      end: has ? new Date(this.last).toISOString() : null,
      seconds: has ? (this.last - this.first) / 1000 : 0,
      events: { ...this.counts },
      cpu: {
        samples,
        hotMethods,
        paths: byValue(this.paths, (v) => v)
          .slice(0, top)
          .map(([path, n]) => ({ stack: path === '' ? [] : path.split('\n'), samples: n, percent: share(n, samples) })),
        threads: byValue(this.threads, (v) => v)
          .slice(0, top)
          .map(([thread, n]) => ({ thread, samples: n, percent: share(n, samples) })),
      },
      allocation: {
        samples: this.counts.alloc,
        bytes: this.allocBytes,
        sites: [...this.allocSites]
          .map(([method, classes]) => ({ method, bytes: [...classes.values()].reduce((a, b) => a + b, 0), topClass: byValue(classes, (v) => v)[0]![0] }))
          .sort((a, b) => b.bytes - a.bytes || a.method.localeCompare(b.method))
          .slice(0, top)
          .map((s) => ({ ...s, percent: share(s.bytes, this.allocBytes) })),
        classes: byValue(this.allocClasses, (v) => v)
          .slice(0, top)
          .map(([className, bytes]) => ({ className, bytes, percent: share(bytes, this.allocBytes) })),
      },
      locks: [...this.waits]
        .map(([key, w]) => ({
          lock: key.slice(key.indexOf(':') + 1),
          kind: w.kind,
          events: w.events,
          totalMs: w.totalMs,
          maxMs: w.maxMs,
          threads: [...w.threads].map(([thread, t]) => ({ thread, ...t })).sort((a, b) => b.totalMs - a.totalMs || a.thread.localeCompare(b.thread)).slice(0, top),
          site: mostOf(w.sites),
        }))
        .sort((a, b) => b.totalMs - a.totalMs)
        .slice(0, top),
      io: {
        thresholdMs: this.ioThresholdMs,
        slow: [...this.io.values()]
          .map((a) => ({ operation: a.operation, target: a.target, events: a.events, totalMs: a.totalMs, maxMs: a.maxMs, bytes: a.bytes, threads: [...a.threads].sort(), site: mostOf(a.sites) }))
          .sort((a, b) => b.totalMs - a.totalMs)
          .slice(0, top),
      },
      gc: {
        collections: gcs.length,
        pauseTotalMs: gcs.reduce((a, g) => a + g.pauseMs, 0),
        longestPauseMs: gcs.reduce((a, g) => Math.max(a, g.pauseMs), 0),
        byName: [...byName].map(([name, a]) => ({ name, ...a })).sort((a, b) => b.pauseTotalMs - a.pauseTotalMs),
        longest: gcs
          .sort((a, b) => b.pauseMs - a.pauseMs)
          .slice(0, 5)
          .map((g) => ({ time: new Date(g.time).toISOString(), name: g.name, cause: g.cause, pauseMs: g.pauseMs })),
      },
      cpuFlame: this.cpuFlame.tree(),
      allocationFlame: this.allocFlame.tree(),
    };
  }
}

/** The analysis without its trees: what `--json` prints. */
export function profileJson(analysis: ProfileAnalysis): Omit<ProfileAnalysis, 'cpuFlame' | 'allocationFlame'> {
  const { cpuFlame: _cpu, allocationFlame: _alloc, ...rest } = analysis;
  return rest;
}
