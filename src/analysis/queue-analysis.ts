/**
 * What a queue is doing, from its recent history: rates, growth, a sustained producer >
 * consumer imbalance, and how long until it drains (or fills up to its limit).
 *
 * Rates are taken over `rateWindowSeconds` (default 15 s) rather than between two reads:
 * RabbitMQ refreshes its statistics every 5 s, so consecutive 1 s reads mostly repeat.
 *
 * **Sustained imbalance**: over the last `imbalanceWindowSeconds` (default 30 s) of history —
 * which must be fully covered, so a fresh start never flags — split into `imbalanceSlices`
 * (default 3) equal parts, more messages came in than went out in *every* part (published −
 * consumed when the source counts both, else the depth's change). One burst moves one part
 * only and is not flagged; a producer that keeps outrunning its consumers is. It started after
 * the last read still level with the window's start (the next read shows more in than out):
 * the first slice only proves that it started somewhere inside it, so its start is not the window's.
 */
import type { QueueFigures, QueueTrend } from '../model/queue-reading.js';
import type { HistoryPoint } from './queue-history.js';

export interface QueueAnalysisOptions {
  rateWindowSeconds?: number;
  imbalanceWindowSeconds?: number;
  imbalanceSlices?: number;
  /** Depth at which the queue counts as full, for the time to reach it. */
  limit?: number | undefined;
}


const DEFAULTS = { rateWindowSeconds: 15, imbalanceWindowSeconds: 30, imbalanceSlices: 3 };

/** The point at or just before `timeMs` (the oldest one if none is that old). */
function pointAt(points: readonly HistoryPoint[], timeMs: number): HistoryPoint {
  let found = points[0]!;
  for (const p of points) {
    if (p.timeMs <= timeMs) found = p;
    else break;
  }
  return found;
}

function perSecond(a: number, b: number, seconds: number): number | null {
  const x = (b - a) / seconds;
  return Number.isFinite(x) ? Math.max(0, x) : null;
}

/** Messages in minus messages out between two points: counted when the source counts, else the depth's change. */
function netInflow(from: HistoryPoint, to: HistoryPoint): number {
  const counted = to.published - from.published - (to.acked - from.acked);
  return Number.isFinite(counted) ? counted : to.depth - from.depth;
}

/** The last point from `fromMs` on still level with it: the inflow the window's slices prove rose after it. */
function riseStart(points: readonly HistoryPoint[], fromMs: number): number {
  const base = pointAt(points, fromMs);
  let level = base;
  for (const p of points) if (p.timeMs > base.timeMs && netInflow(base, p) <= 0) level = p;
  return level.timeMs;
}

export function analyseQueue(points: readonly HistoryPoint[], options: QueueAnalysisOptions = {}): QueueFigures {
  const o = { ...DEFAULTS, ...options };
  const last = points[points.length - 1];
  const limit = o.limit ?? null;
  const unknown: QueueFigures = {
    publishPerSec: null,
    deliverPerSec: null,
    ackPerSec: null,
    growthPerSec: null,
    rateWindowSeconds: 0,
    trend: 'unknown',
    imbalance: { sustained: false, windowSeconds: o.imbalanceWindowSeconds, covered: false, slices: [] },
    secondsToDrain: last && last.depth === 0 ? 0 : null,
    secondsToLimit: null,
    limit,
  };
  if (!last || points.length < 2) return last?.depth === 0 ? { ...unknown, trend: 'empty' } : unknown;

  const first = pointAt(points, last.timeMs - o.rateWindowSeconds * 1000);
  const seconds = (last.timeMs - first.timeMs) / 1000;
  const publishPerSec = perSecond(first.published, last.published, seconds);
  const deliverPerSec = perSecond(first.delivered, last.delivered, seconds);
  const ackPerSec = perSecond(first.acked, last.acked, seconds);
  const growth = (last.depth - first.depth) / seconds;
  const growthPerSec = Number.isFinite(growth) ? growth : null;
  // Net flow from the counters when we have both sides; the depth's change otherwise.
  const net = publishPerSec !== null && ackPerSec !== null ? publishPerSec - ackPerSec : growthPerSec;

  const trend: QueueTrend =
    last.depth === 0 ? 'empty' : net === null ? 'unknown' : net > 0 && (growthPerSec ?? 1) >= 0 ? 'growing' : net < 0 && (growthPerSec ?? -1) <= 0 ? 'draining' : 'steady';
  const secondsToDrain = trend === 'empty' ? 0 : trend === 'draining' && net !== null ? last.depth / -net : null;
  const secondsToLimit = trend === 'growing' && limit !== null && net !== null ? Math.max(0, (limit - last.depth) / net) : null;

  const windowStart = last.timeMs - o.imbalanceWindowSeconds * 1000;
  const covered = points[0]!.timeMs <= windowStart;
  const slices: number[] = [];
  if (covered) {
    const step = (o.imbalanceWindowSeconds * 1000) / o.imbalanceSlices;
    for (let i = 0; i < o.imbalanceSlices; i++) slices.push(netInflow(pointAt(points, windowStart + i * step), pointAt(points, windowStart + (i + 1) * step)));
  }
  const sustained = covered && slices.length > 0 && slices.every((x) => x > 0);
  const startMs = sustained ? riseStart(points, windowStart) : null;

  return {
    publishPerSec,
    deliverPerSec,
    ackPerSec,
    growthPerSec,
    rateWindowSeconds: seconds,
    trend,
    imbalance: { sustained, windowSeconds: o.imbalanceWindowSeconds, covered, slices, startMs },
    secondsToDrain,
    secondsToLimit,
    limit,
  };
}
