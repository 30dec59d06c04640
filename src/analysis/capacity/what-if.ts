/**
 * What-if: a component's throughput changed by a factor, and what its hosts' resources would
 * then use at peak. The relation is measured, not assumed: a least-squares line of each
 * resource (CPU, memory) against the component's throughput over the same buckets of history,
 * shown with its R²; refused, with the reason, when history cannot support it (too few
 * buckets, a load that never varied, a weak fit). From the fits: the predicted peak of every
 * resource, the first to cross its warning level, and how many hosts would keep every resource
 * under its warning level at that load (load spread evenly over the hosts).
 */
import type { HistoryReader, QueryBucket } from '../../history/history-reader.js';
import { quantile } from './robust-trend.js';
import { stepFor } from './capacity-forecasts.js';

export interface WhatIfRequest {
  /** An application metric key as typed (`orders` finds `ordersPerSec`). */
  metric: string;
  factor: number;
}

export interface LinearFit {
  intercept: number;
  slope: number;
  r2: number;
  points: number;
}

export interface WhatIfResource {
  host: string;
  resource: 'cpu' | 'memory';
  warning: number;
  critical: number;
  /** Peak use now (p95 of the buckets of the last 24 h), percent. */
  peakNow: number | null;
  fit: LinearFit | null;
  /** Why there is no fit. */
  refused: string | null;
  /** Predicted peak at the changed load, percent. */
  predictedPeak: number | null;
}

export interface WhatIfComponent {
  component: string;
  metric: string;
  hosts: string[];
  /** Peak throughput now (p95 of the last 24 h's buckets) and at the changed load. */
  peakThroughput: number | null;
  predictedThroughput: number | null;
  resources: WhatIfResource[];
  /** The resource whose predicted peak is the highest against its warning level, if it crosses it. */
  firstToCross: { host: string; resource: string; predictedPeak: number; warning: number } | null;
  /** Hosts that keep every fitted resource under its warning level at the changed load; null without a fit. */
  hostsNeeded: number | null;
  refused: string | null;
}

export interface WhatIfReport {
  at: string;
  metric: string;
  factor: number;
  components: WhatIfComponent[];
}

export interface WhatIfContext {
  components: readonly { name: string; hosts: readonly string[] }[];
  cpu: { warning: number; critical: number };
  memory: { warning: number; critical: number };
}

export const WHAT_IF_FIT = { minPoints: 12, minSpread: 0.1, minR2: 0.5 };

/** `orders=+50%`, `orders=-20%`, `orders=x2` → metric and factor; throws naming the text. */
export function parseWhatIf(text: string): WhatIfRequest {
  const m = /^([A-Za-z][A-Za-z0-9_]*)=(?:([+-]\d+(?:\.\d+)?)%|[x*](\d+(?:\.\d+)?))$/.exec(text.trim());
  if (!m) throw new Error(`--what-if ${JSON.stringify(text)}: expected METRIC=+N% (or -N%, or xF), like orders=+50%`);
  const factor = m[2] !== undefined ? 1 + Number(m[2]) / 100 : Number(m[3]);
  if (!(factor > 0)) throw new Error(`--what-if ${JSON.stringify(text)}: the load must stay above zero`);
  return { metric: m[1]!, factor };
}

/** Least squares of y on x. */
export function linearFit(xs: readonly number[], ys: readonly number[]): LinearFit | null {
  const n = xs.length;
  if (n < 2) return null;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (xs[i]! - mx) ** 2;
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    syy += (ys[i]! - my) ** 2;
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx, r2: syy === 0 ? 1 : (sxy * sxy) / (sxx * syy), points: n };
}

/** The fit of y on x over the buckets both have, or the reason there is none. */
export function fitOrRefuse(x: ReadonlyMap<number, number>, y: ReadonlyMap<number, number>): { fit: LinearFit | null; refused: string | null } {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const [t, v] of x) {
    const w = y.get(t);
    if (w !== undefined) {
      xs.push(v);
      ys.push(w);
    }
  }
  if (xs.length < WHAT_IF_FIT.minPoints) return { fit: null, refused: `only ${xs.length} buckets with both throughput and use (need ${WHAT_IF_FIT.minPoints})` };
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const spread = (quantile(xs, 0.9) - quantile(xs, 0.1)) / (Math.abs(mean) || 1);
  if (spread < WHAT_IF_FIT.minSpread) return { fit: null, refused: `the throughput barely varied (p10–p90 ${(100 * spread).toFixed(0)} % of its mean, need ${100 * WHAT_IF_FIT.minSpread} %): no relation to measure` };
  const fit = linearFit(xs, ys);
  if (!fit) return { fit: null, refused: 'the throughput never varied' };
  if (fit.r2 < WHAT_IF_FIT.minR2) return { fit, refused: `use does not follow the throughput (R² ${fit.r2.toFixed(2)} < ${WHAT_IF_FIT.minR2})` };
  return { fit, refused: null };
}

const DAY = 86_400_000;
const means = (buckets: readonly QueryBucket[], step: number) => new Map(buckets.map((b) => [b.t + step / 2, b.mean]));

export function whatIf(reader: HistoryReader, context: WhatIfContext, request: WhatIfRequest, at: number): WhatIfReport {
  const span = reader.span();
  const from = Math.max(at - 7 * DAY, span?.oldest ?? at - 7 * DAY);
  const step = stepFor(Math.max(1000, at - from));
  const components: WhatIfComponent[] = [];
  if (at > from) {
    const wanted = request.metric.toLowerCase();
    const throughput = reader.query({ name: 'app_metric', labels: {} }, from, at + 1, step).filter((r) => r.key.labels['host'] === undefined && r.key.labels['component'] !== undefined);
    const exact = throughput.filter((r) => r.key.labels['metric']?.toLowerCase() === wanted);
    const picked = exact.length > 0 ? exact : throughput.filter((r) => r.key.labels['metric']?.toLowerCase().startsWith(wanted));
    for (const series of picked) {
      const component = series.key.labels['component']!;
      const hosts = [...(context.components.find((c) => c.name === component)?.hosts ?? [])];
      const x = means(series.buckets, step);
      const recent = series.buckets.filter((b) => b.t >= at - DAY).map((b) => b.mean);
      const peakThroughput = recent.length > 0 ? quantile(recent, 0.95) : null;
      const predictedThroughput = peakThroughput === null ? null : peakThroughput * request.factor;
      const resources: WhatIfResource[] = [];
      for (const host of hosts) {
        const cpu = means(reader.query({ name: 'cpu_usage', labels: { host } }, from, at + 1, step)[0]?.buckets ?? [], step);
        const available = means(reader.query({ name: 'memory_available_bytes', labels: { host } }, from, at + 1, step)[0]?.buckets ?? [], step);
        const total = means(reader.query({ name: 'memory_total_bytes', labels: { host } }, from, at + 1, step)[0]?.buckets ?? [], step);
        const memory = new Map([...available].flatMap(([t, a]) => (total.get(t) ? [[t, 100 * (1 - a / total.get(t)!)] as const] : [])));
        for (const [resource, use, level] of [['cpu', cpu, context.cpu], ['memory', memory, context.memory]] as const) {
          const recentUse = [...use].filter(([t]) => t >= at - DAY).map(([, v]) => v);
          const { fit, refused } = fitOrRefuse(x, use);
          const predictedPeak = fit && !refused && predictedThroughput !== null ? fit.intercept + fit.slope * predictedThroughput : null;
          resources.push({ host, resource, warning: level.warning, critical: level.critical, peakNow: recentUse.length > 0 ? quantile(recentUse, 0.95) : null, fit, refused, predictedPeak });
        }
      }
      const fitted = resources.filter((r) => r.predictedPeak !== null);
      const worst = fitted.reduce<WhatIfResource | null>((a, r) => (a === null || r.predictedPeak! / r.warning > a.predictedPeak! / a.warning ? r : a), null);
      // Load spread over n hosts instead of hosts.length: y = a + b·x·H/n ≤ warning.
      const needed = fitted.map((r) => (r.fit!.slope <= 0 ? 1 : r.warning <= r.fit!.intercept ? Infinity : Math.ceil((r.fit!.slope * predictedThroughput! * hosts.length) / (r.warning - r.fit!.intercept))));
      const refused = hosts.length === 0 ? `component ${component} has no hosts in the inventory` : fitted.length === 0 ? 'no resource of its hosts has a fit (see each resource)' : null;
      components.push({
        component,
        metric: series.key.labels['metric']!,
        hosts,
        peakThroughput,
        predictedThroughput,
        resources,
        firstToCross: worst && worst.predictedPeak! >= worst.warning ? { host: worst.host, resource: worst.resource, predictedPeak: worst.predictedPeak!, warning: worst.warning } : null,
        hostsNeeded: needed.length === 0 ? null : Math.max(1, ...needed.map((n) => (Number.isFinite(n) ? n : Number.MAX_SAFE_INTEGER))),
        refused,
      });
    }
  }
  return { at: new Date(at).toISOString(), metric: request.metric, factor: request.factor, components };
}
