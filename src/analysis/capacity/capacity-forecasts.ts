/**
 * Every resource's forecast from the history store at a moment, ranked by what runs out first:
 * the engine behind `perfmon capacity` and the Capacity pane.
 */
import type { HistoryReader, QueryBucket, SeriesResult } from '../../history/history-reader.js';
import { seriesId, type Labels } from '../../model/series-key.js';
import { forecastExhaustion, FORECAST_CONFIG, type Forecast } from './exhaustion.js';
import { RESOURCES, type ResourceKind, type ResourceSpec } from './capacity-resources.js';
import type { Point } from './robust-trend.js';

export interface CapacityContext {
  /** The inventory's components and their hosts (a host's resources count for its components). */
  components: readonly { name: string; hosts: readonly string[] }[];
  /** CPU: the critical level its peak must stay under (percent). */
  cpuCritical: number;
  /** A queue's depth limit, when configured. */
  queueLimit?: (labels: Labels) => number | undefined;
}

export interface ResourceForecast extends Forecast {
  kind: ResourceKind;
  host: string | null;
  components: string[];
  target: string;
  unit: ResourceSpec['unit'];
  /** Level as a share of the limit, percent. */
  usedPercent: number;
  /** ISO time the limit is met, null when not growing toward it. */
  exhaustionAt: string | null;
  labels: Labels;
}

export interface CapacityReport {
  at: string;
  /** The history read: from, step (ms). */
  from: string;
  stepMs: number;
  resources: ResourceForecast[];
}

const DAY = 86_400_000;

/** About 2,000 buckets over the range, in a step the store's tiers divide (whole seconds, minutes or hours). */
export function stepFor(rangeMs: number): number {
  const raw = rangeMs / 2000;
  const unit = raw < 60_000 ? 1000 : raw < 3_600_000 ? 60_000 : 3_600_000;
  return Math.max(1000, Math.ceil(raw / unit) * unit);
}

const bucketValue = (b: QueryBucket, reduce: ResourceSpec['reduce']) => (reduce === 'min' ? b.min : b.mean);

const labelsId = (labels: Labels) => seriesId({ name: 'x', labels });

/** Each series' buckets by start time, keyed by its labels (the level's and the limit's series share them). */
function byLabels(results: readonly SeriesResult[]): Map<string, { labels: Labels; at: Map<number, QueryBucket> }> {
  return new Map(results.map((r) => [labelsId(r.key.labels), { labels: r.key.labels, at: new Map(r.buckets.map((b) => [b.t, b])) }]));
}

/**
 * A reading repeated until the next one: the collector runs df every 30 samples and reports the
 * last figures between, so a filesystem's series is a staircase. Its flat treads would pull a
 * Theil–Sen slope toward zero; only the first point of each run of equal values is a reading.
 * A series that hardly ever changes (a fixed limit, an idle queue) is kept as it is.
 */
export function distinctReadings(points: readonly Point[]): Point[] {
  const firsts = points.filter((p, i) => i === 0 || p.v !== points[i - 1]!.v);
  return firsts.length >= FORECAST_CONFIG.minPoints ? firsts : [...points];
}

/** Orders forecasts by what runs out first: soonest exhaustion, then the surer, then the fuller. */
export function rankForecasts(a: ResourceForecast, b: ResourceForecast): number {
  const ta = a.exhaustionInMs ?? Infinity;
  const tb = b.exhaustionInMs ?? Infinity;
  if (ta !== tb) return ta - tb;
  if (a.confidence !== b.confidence) return b.confidence - a.confidence;
  return b.usedPercent - a.usedPercent;
}

export function capacityForecasts(reader: HistoryReader, context: CapacityContext, at: number): CapacityReport {
  const span = reader.span();
  const from = Math.max(at - 7 * DAY, span?.oldest ?? at - 7 * DAY);
  const range = Math.max(1000, at - from);
  const stepMs = stepFor(range);
  const componentsOf = (host: string | null) => (host === null ? [] : context.components.filter((c) => c.hosts.includes(host)).map((c) => c.name));
  const out: ResourceForecast[] = [];
  if (at > from) {
    for (const spec of RESOURCES) {
      const query = (name: string | undefined) => (name === undefined ? new Map() : byLabels(reader.query({ name, labels: {} }, from, at + 1, stepMs)));
      const used = query(spec.used);
      const free = query(spec.free);
      const limits = query(spec.limit);
      for (const [id, primary] of spec.used !== undefined ? used : free) {
        const { labels } = primary;
        const fixedLimit = spec.kind === 'cpu' ? context.cpuCritical : spec.kind === 'queue' ? context.queueLimit?.(labels) : undefined;
        if (spec.limit === undefined && spec.free === undefined && fixedLimit === undefined) continue; // a queue with no limit cannot run out
        const usedAt = used.get(id)?.at;
        const freeAt = free.get(id)?.at;
        const limitAt = limits.get(id)?.at;
        const points: Point[] = [];
        let limit = NaN;
        for (const t of [...primary.at.keys()].sort((x, y) => x - y)) {
          const u = usedAt?.get(t);
          const f = freeAt?.get(t)?.mean;
          const l = fixedLimit ?? limitAt?.get(t)?.mean ?? (u !== undefined && f !== undefined ? u.mean + f : undefined);
          const v = u !== undefined ? bucketValue(u, spec.reduce) : l !== undefined && f !== undefined ? l - f : undefined;
          if (v === undefined || l === undefined || !(l > 0)) continue;
          points.push({ t: t + stepMs / 2, v });
          limit = l;
        }
        const forecast = forecastExhaustion({ points: distinctReadings(points), limit, at, ...(spec.peak ? { peak: true } : {}) }, FORECAST_CONFIG);
        if (!forecast) continue;
        const host = labels['host'] ?? null;
        const components = labels['component'] !== undefined ? [labels['component']] : componentsOf(host);
        out.push({
          ...forecast,
          kind: spec.kind,
          host,
          components,
          target: spec.target(labels),
          unit: spec.unit,
          usedPercent: (100 * forecast.level) / forecast.limit,
          exhaustionAt: forecast.exhaustionInMs === null ? null : new Date(at + forecast.exhaustionInMs).toISOString(),
          labels,
        });
      }
    }
  }
  return { at: new Date(at).toISOString(), from: new Date(from).toISOString(), stepMs, resources: out.sort(rankForecasts) };
}
