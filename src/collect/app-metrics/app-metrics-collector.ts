/**
 * Application metrics of one component: every interval, each of its endpoints is scraped on
 * each of its hosts (in parallel, through the host's transport), paired with the previous
 * scrape of the same endpoint, and every mapping is evaluated per host and for the component
 * as a whole. A failed scrape is reported in `endpoints` and keeps the previous good scrape,
 * so the next success yields a rate over the longer interval (nothing is double-counted).
 *
 * With a window (`windowSeconds`), rates, ratios and quantiles are over the last window of
 * scrapes (as Prometheus' rate(x[1m])), so a rare event does not make a ratio flicker between
 * 0 and a spike; the values since the previous scrape come beside them for the SLO budgets.
 * A few scrapes are kept per endpoint for that: anchors at least window/ANCHORS apart, back to
 * the newest one a whole window old, and the latest.
 */
import type { AppMetricMap, MetricsEndpoint } from '../../config/inventory-schema.js';
import type { AppMetricsSnapshot, AppMetricValue, EndpointStatus, HostAppMetrics } from '../../model/app-reading.js';
import { evaluateMapping } from './evaluate-mapping.js';
import type { ScrapeInterval } from './interval-math.js';
import { scrapeEndpoint, type Scrape } from './scrape.js';
import type { Transport } from './transport.js';

export interface AppMetricsTarget {
  component: string;
  role: string;
  endpoints: readonly MetricsEndpoint[];
  mappings: AppMetricMap;
  hosts: readonly Transport[];
}

export interface AppMetricsOptions {
  timeoutMs: number;
  /** Quantiles to compute besides each mapping's own, by key (SLO percentiles). */
  extraQuantiles?: Readonly<Record<string, readonly number[]>>;
  now?: () => number;
  /** Rates and ratios over this sliding window, in seconds (default 0: since the previous scrape). */
  windowSeconds?: number;
}

const ANCHORS = 6;

/** Scrapes kept for one endpoint, oldest first (see the top of this file). */
function keep(kept: Scrape[], scrape: Scrape, windowMs: number): Scrape[] {
  const next = [...kept];
  while (next.length >= 2 && scrape.timeMs - next[1]!.timeMs >= windowMs) next.shift();
  // The latest is replaced unless it is far enough from the anchor before it.
  if (next.length >= 2 && next.at(-1)!.timeMs - next.at(-2)!.timeMs < windowMs / ANCHORS) next.pop();
  next.push(scrape);
  return next;
}

function interval(from: Scrape | undefined, to: Scrape): ScrapeInterval {
  return { prev: from?.result, curr: to.result, seconds: from ? (to.timeMs - from.timeMs) / 1000 : 0 };
}

type Listener = (snapshot: AppMetricsSnapshot) => void;

export class AppMetricsCollector {
  private readonly kept = new Map<string, Scrape[]>();
  private readonly listeners = new Set<Listener>();

  constructor(
    readonly target: AppMetricsTarget,
    private readonly options: AppMetricsOptions,
  ) {}

  private get windowMs(): number {
    return (this.options.windowSeconds ?? 0) * 1000;
  }

  onSnapshot(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Scrapes everything once and returns (and pushes) the snapshot. Never throws for a host's failure. */
  async sample(): Promise<AppMetricsSnapshot> {
    const now = this.options.now ?? Date.now;
    const jobs = this.target.hosts.flatMap((transport) => this.target.endpoints.map((endpoint) => ({ transport, endpoint })));
    const outcomes = await Promise.all(
      jobs.map(async ({ transport, endpoint }) => {
        const key = `${transport.host}\u0000${endpoint.text}`;
        try {
          const scrape = await scrapeEndpoint(transport, endpoint, { timeoutMs: this.options.timeoutMs, now });
          const kept = this.kept.get(key) ?? [];
          const last = interval(kept.at(-1), scrape);
          const next = keep(kept, scrape, this.windowMs);
          this.kept.set(key, next);
          // With no window, the window is the last interval.
          const windowed = this.windowMs > 0 ? interval(next.length > 1 ? next[0] : undefined, scrape) : last;
          const status: EndpointStatus = {
            host: transport.host,
            endpoint: endpoint.text,
            ok: true,
            timeMs: scrape.timeMs,
            durationMs: Math.round(scrape.durationMs * 10) / 10,
            bytes: scrape.bytes,
            parseErrors: scrape.result.errors.length,
          };
          return { host: transport.host, interval: windowed, last, status };
        } catch (err) {
          const status: EndpointStatus = { host: transport.host, endpoint: endpoint.text, ok: false, error: (err as Error).message, timeMs: now() };
          return { host: transport.host, interval: undefined, last: undefined, status };
        }
      }),
    );
    const all = outcomes.flatMap((o) => (o.interval ? [o.interval] : []));
    const hosts: HostAppMetrics[] = this.target.hosts.map((t) => ({
      host: t.host,
      metrics: this.evaluate(outcomes.filter((o) => o.host === t.host && o.interval).map((o) => o.interval!)),
    }));
    const snapshot: AppMetricsSnapshot = {
      component: this.target.component,
      role: this.target.role,
      timeMs: now(),
      metrics: this.evaluate(all),
      hosts,
      endpoints: outcomes.map((o) => o.status),
      windowSeconds: this.windowMs / 1000,
      spanSeconds: Math.max(0, ...all.map((iv) => iv.seconds)),
      ...(this.windowMs > 0 ? { sinceLast: this.evaluate(outcomes.flatMap((o) => (o.last ? [o.last] : []))) } : {}),
    };
    for (const listener of this.listeners) listener(snapshot);
    return snapshot;
  }

  private evaluate(intervals: readonly ScrapeInterval[]): Record<string, AppMetricValue> {
    const out: Record<string, AppMetricValue> = {};
    for (const [key, mapping] of Object.entries(this.target.mappings)) {
      const extra = this.options.extraQuantiles?.[key];
      out[key] = evaluateMapping(key, mapping, intervals, extra ? { extraQuantiles: extra } : {});
    }
    return out;
  }
}
