/**
 * `perfmon record --listen ADDR`: the fleet perfmon reads, served on `http://ADDR/metrics` in
 * the OpenMetrics text format (prom-client writes it), so an existing Prometheus scrapes every
 * host through one target — an agentless node exporter for hosts that have none. Names and
 * labels: exported-metrics.ts. Readings only update plain maps; the exposition is made when
 * Prometheus asks (every 15 s or so), so a thousand hosts reading every second cost little.
 */
import { createServer, type Server } from 'node:http';
import type { Counter, Gauge, OpenMetricsContentType, Registry } from 'prom-client';
import type { HostSnapshot } from '../model/host-snapshot.js';
import type { MetricStore, StoreSample } from '../model/store.js';
import { FAMILIES, counterIncrements, gaugesOf, type ExportedSample, type FamilyKey } from './exported-metrics.js';

interface HostExport {
  up: boolean;
  latest: HostSnapshot | null;
  lastReadingMs: number | null;
  /** Each counter series' total so far, by family and labels. */
  counters: Map<string, ExportedSample>;
}

/** Parses `HOST:PORT`, `:PORT` or `PORT` (host default 127.0.0.1: nothing leaves the machine unless asked). */
export function parseListenAddress(text: string): { host: string; port: number } {
  const m = /^(?:(\[[^\]]+\]|[^:]*):)?(\d{1,5})$/.exec(text.trim());
  const port = Number(m?.[2]);
  if (!m || !Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`--listen ${text}: expected [HOST:]PORT, e.g. 127.0.0.1:9464`);
  const host = (m[1] ?? '').replace(/^\[|\]$/g, '') || '127.0.0.1';
  return { host, port };
}

export class MetricsEndpoint {
  private readonly hosts = new Map<string, HostExport>();
  private unsubscribe: (() => void) | null = null;
  private intervalSeconds = 1;

  private constructor(
    private readonly server: Server,
    private readonly registry: Registry<OpenMetricsContentType>,
    private readonly metrics: Record<FamilyKey, Gauge | Counter>,
    readonly url: string,
  ) {}

  /** Listens on `address`; rejects with the reason when it cannot (address in use, …). */
  static async listen(address: string): Promise<MetricsEndpoint> {
    const { host, port } = parseListenAddress(address);
    // prom-client is CommonJS: its exports arrive as the default export.
    const prom = (await import('prom-client')).default;
    const registry = new prom.Registry<OpenMetricsContentType>();
    registry.setContentType(prom.Registry.OPENMETRICS_CONTENT_TYPE);
    const metrics = Object.fromEntries(
      Object.entries(FAMILIES).map(([key, f]) => {
        const config = { name: f.type === 'counter' ? f.name.replace(/_total$/, '') : f.name, help: f.help, labelNames: [...f.labels], registers: [registry] };
        return [key, f.type === 'counter' ? new prom.Counter(config) : new prom.Gauge(config)];
      }),
    ) as Record<FamilyKey, Gauge | Counter>;
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error) => reject(new Error(`--listen ${address}: ${error.message}`)));
      server.listen(port, host, () => resolve());
    });
    const bound = server.address();
    const shown = typeof bound === 'object' && bound ? `${bound.family === 'IPv6' ? `[${bound.address}]` : bound.address}:${bound.port}` : address;
    const endpoint = new MetricsEndpoint(server, registry, metrics, `http://${shown}/metrics`);
    server.on('request', (req, res) => {
      if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('perfmon serves /metrics only\n');
        return;
      }
      endpoint.exposition().then(
        (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
        (error: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`${error instanceof Error ? error.message : String(error)}\n`),
      );
    });
    return endpoint;
  }

  /** Serves this store's hosts from now on (a reload hands over the next session's store); hosts no longer in it go. */
  watch(store: MetricStore, intervalMs: number): void {
    this.unsubscribe?.();
    this.intervalSeconds = intervalMs / 1000;
    const names = new Set(store.getState().hosts.map((h) => h.name));
    for (const name of [...this.hosts.keys()]) if (!names.has(name)) this.hosts.delete(name);
    for (const host of store.getState().hosts) {
      if (!this.hosts.has(host.name)) this.hosts.set(host.name, { up: host.status === 'up', latest: host.snapshot, lastReadingMs: host.lastSeen, counters: new Map() });
    }
    this.unsubscribe = store.onSample((sample) => this.take(sample));
  }

  async close(): Promise<void> {
    this.unsubscribe?.();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private take(sample: StoreSample): void {
    if (sample.kind === 'platform') return;
    let host = this.hosts.get(sample.host);
    if (!host) this.hosts.set(sample.host, (host = { up: false, latest: null, lastReadingMs: null, counters: new Map() }));
    if (sample.kind === 'host-down') {
      host.up = false;
      // The first reading after an outage covers its collector's first interval, not the gap.
      host.lastReadingMs = null;
      return;
    }
    // A reading's rates cover the time since the one before (a busy recorder skips ticks, it
    // does not lose the time between them).
    const seconds = host.lastReadingMs === null ? 0 : Math.min((sample.timeMs - host.lastReadingMs) / 1000, 60 * this.intervalSeconds);
    if (seconds > 0) {
      for (const inc of counterIncrements(sample.snapshot, seconds)) {
        const key = `${inc.family}\u0000${JSON.stringify(inc.labels)}`;
        const total = host.counters.get(key);
        if (total) total.value += inc.value;
        else host.counters.set(key, { ...inc });
      }
    }
    host.up = true;
    host.latest = sample.snapshot;
    host.lastReadingMs = sample.timeMs;
  }

  /** The exposition as of now: every host's latest gauges (none while down) and its counters. */
  private async exposition(): Promise<string> {
    for (const metric of Object.values(this.metrics)) metric.reset();
    for (const [name, host] of this.hosts) {
      (this.metrics.up as Gauge).set({ host: name }, host.up ? 1 : 0);
      if (host.up && host.latest) for (const g of gaugesOf(host.latest)) (this.metrics[g.family] as Gauge).set(g.labels, g.value);
      for (const c of host.counters.values()) (this.metrics[c.family] as Counter).inc(c.labels, c.value);
    }
    return this.registry.metrics();
  }
}
