/**
 * Application metrics of one component: every interval, each of its endpoints is scraped on
 * each of its hosts (in parallel, through the host's transport), paired with the previous
 * scrape of the same endpoint, and every mapping is evaluated per host and for the component
 * as a whole. A failed scrape is reported in `endpoints` and keeps the previous good scrape,
 * so the next success yields a rate over the longer interval (nothing is double-counted).
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
}

type Listener = (snapshot: AppMetricsSnapshot) => void;

export class AppMetricsCollector {
  private readonly last = new Map<string, Scrape>();
  private readonly listeners = new Set<Listener>();

  constructor(
    readonly target: AppMetricsTarget,
    private readonly options: AppMetricsOptions,
  ) {}

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
          const prev = this.last.get(key);
          this.last.set(key, scrape);
          const interval: ScrapeInterval = { prev: prev?.result, curr: scrape.result, seconds: prev ? (scrape.timeMs - prev.timeMs) / 1000 : 0 };
          const status: EndpointStatus = {
            host: transport.host,
            endpoint: endpoint.text,
            ok: true,
            timeMs: scrape.timeMs,
            durationMs: Math.round(scrape.durationMs * 10) / 10,
            bytes: scrape.bytes,
            parseErrors: scrape.result.errors.length,
          };
          return { host: transport.host, interval, status };
        } catch (err) {
          const status: EndpointStatus = { host: transport.host, endpoint: endpoint.text, ok: false, error: (err as Error).message, timeMs: now() };
          return { host: transport.host, interval: undefined, status };
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
