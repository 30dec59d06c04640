/**
 * CPU time per endpoint per sample: what perfmon spends on one scrape's text after it arrived
 * (parse, pair with the previous scrape, counter rates, histogram quantiles, queue analysis),
 * measured on the real captures under fixtures/. The HTTP fetch over SSH is not included (it
 * is I/O, and ssh2's crypto per byte is the same whatever we do with the text).
 * Run: npx vitest bench --run bench/scrape-cost   (prints figures; asserts nothing)
 */
import { readFileSync } from 'node:fs';
import { bench, describe } from 'vitest';
import { QueueTracker } from '../src/analysis/queue-tracker.js';
import { evaluateMapping, BUILT_IN_APP_METRICS, type ScrapeInterval } from '../src/collect/app-metrics/index.js';
import { parseExposition } from '../src/collect/prometheus/index.js';
import { readRabbitPerObject } from '../src/collect/queues/index.js';
import { appMetricMapSchema } from '../src/config/observability-schema.js';
import type { AppMetricMap } from '../src/config/inventory-schema.js';

const text = (path: string): string => readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8');

/** What one sample of an app-metrics endpoint costs: parse the new text, evaluate every mapping over the interval. */
function appSample(mappings: AppMetricMap, prevText: string, currText: string, contentType: string) {
  const prev = parseExposition(prevText, { contentType });
  return () => {
    const curr = parseExposition(currText, { contentType });
    const interval: ScrapeInterval = { prev, curr, seconds: 1 };
    for (const [key, m] of Object.entries(mappings)) evaluateMapping(key, m, [interval]);
  };
}

const TEXT = 'text/plain; version=0.0.4';
const nodeMappings = appMetricMapSchema.parse({
  cpu: { type: 'rate', metric: 'node_cpu_seconds_total', labels: { mode: '/user|system|iowait/' } },
  memory: { type: 'gauge', metric: 'node_memory_MemAvailable_bytes' },
  rx: { type: 'rate', metric: 'node_network_receive_bytes_total' },
  io: { type: 'rate', metric: 'node_disk_io_time_seconds_total' },
});
const pgMappings = appMetricMapSchema.parse({
  commits: { type: 'rate', metric: 'pg_stat_database_xact_commit' },
  rollbacks: { type: 'rate', metric: 'pg_stat_database_xact_rollback' },
  hitRate: { type: 'ratio', numerator: { metric: 'pg_stat_database_blks_hit' }, denominator: [{ metric: 'pg_stat_database_blks_hit' }, { metric: 'pg_stat_database_blks_read' }] },
  backends: { type: 'gauge', metric: 'pg_stat_database_numbackends' },
});

const node = text('prometheus/node-exporter-1.5.0/metrics-more-collectors.txt');
const pg = text('prometheus/postgres-exporter-0.11.1/metrics.txt');
const rabbit1 = text('queues/per-object-1.txt');
const rabbit2 = text('queues/per-object-2.txt');

function rabbitSample() {
  const tracker = new QueueTracker({ component: 'broker' });
  let t = 0;
  const read = (body: string) => {
    const result = parseExposition(body, { contentType: TEXT });
    const lines = body.split('\n');
    const rejected = result.errors.map((e) => lines[e.line - 1]!);
    tracker.update({ source: 'rabbitmq-prometheus', host: 'mq-1', timeMs: (t += 1000), queues: readRabbitPerObject(result, { rejected }).queues, warnings: [] });
  };
  read(rabbit1);
  let flip = false;
  return () => read((flip = !flip) ? rabbit2 : rabbit1);
}

const cases: Record<string, { bytes: number; run: () => void }> = {
  'order engine (Python client, OpenMetrics): 6 role defaults, 4 histograms': {
    bytes: text('prometheus/python-client/phase-2.om.txt').length,
    run: appSample(BUILT_IN_APP_METRICS['order-engine']!, text('prometheus/python-client/phase-1.om.txt'), text('prometheus/python-client/phase-2.om.txt'), 'application/openmetrics-text; version=1.0.0'),
  },
  'node_exporter 1.5.0 (more collectors): 4 mappings': { bytes: node.length, run: appSample(nodeMappings, node, node, TEXT) },
  'postgres_exporter 0.11.1: 4 mappings': { bytes: pg.length, run: appSample(pgMappings, pg, pg, TEXT) },
  'RabbitMQ 3.10 per-object: 3 queues, tracker + analysis': { bytes: rabbit2.length, run: rabbitSample() },
};

// CPU time (user + system, process.cpuUsage) per sample: the median of 15 batches of 20.
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
console.log('scrape cost: CPU per endpoint per sample (parse + rates + quantiles/analysis), median of 15×20');
for (const [name, c] of Object.entries(cases)) {
  for (let i = 0; i < 30; i++) c.run(); // warm up the JIT
  const batches = Array.from({ length: 15 }, () => {
    const start = process.cpuUsage();
    for (let i = 0; i < 20; i++) c.run();
    const used = process.cpuUsage(start);
    return (used.user + used.system) / 1000 / 20;
  });
  const ms = median(batches);
  console.log(`  ${name}: ${(c.bytes / 1024).toFixed(0)} KiB → ${ms.toFixed(3)} ms CPU per sample; at 1 s: ${(ms / 10).toFixed(2)} % of a core per endpoint`);
}

describe('scrape cost per sample', () => {
  for (const [name, c] of Object.entries(cases)) bench(name, c.run);
});
