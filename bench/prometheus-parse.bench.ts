/**
 * Parse cost of real expositions: node_exporter with more collectors on (≈1.9k lines),
 * RabbitMQ's per-object output, postgres_exporter, and the Python client's OpenMetrics.
 * Run: npx vitest bench --run bench/prometheus-parse   (prints figures; asserts nothing)
 */
import { readFileSync } from 'node:fs';
import { bench, describe } from 'vitest';
import { histogramQuantile, histogramSeries, parseExposition, parseSelector, selectSamples } from '../src/collect/prometheus/index.js';

const fixture = (path: string): string => readFileSync(new URL(`../fixtures/prometheus/${path}`, import.meta.url), 'utf8');
const inputs = {
  'node_exporter 1.5.0 (more collectors)': fixture('node-exporter-1.5.0/metrics-more-collectors.txt'),
  'rabbitmq 3.10.8 per-object': fixture('rabbitmq-3.10.8/per-object.txt'),
  'postgres_exporter 0.11.1': fixture('postgres-exporter-0.11.1/metrics.txt'),
  'python client, OpenMetrics': fixture('python-client/phase-2.om.txt'),
};

// A plain figure per input first — ms per parse, the median of 15 batches of 20 (the machine
// is shared, the median shrugs off the batches a neighbour disturbed) — next to the size.
const median = (xs: number[]): number => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] ?? NaN;
for (const [name, text] of Object.entries(inputs)) {
  for (let i = 0; i < 50; i++) parseExposition(text); // warm up the JIT
  const batches = Array.from({ length: 15 }, () => {
    const start = process.hrtime.bigint();
    for (let i = 0; i < 20; i++) parseExposition(text);
    return Number(process.hrtime.bigint() - start) / 1e6 / 20;
  });
  const lines = text.split('\n').length;
  console.log(`${name}: ${lines} lines, ${(text.length / 1024).toFixed(0)} KiB → ${median(batches).toFixed(2)} ms per parse (median)`);
}

describe('parseExposition', () => {
  for (const [name, text] of Object.entries(inputs)) bench(name, () => void parseExposition(text));
});

describe('p50/p90/p99 of one histogram family', () => {
  const parsed = parseExposition(inputs['python client, OpenMetrics']);
  const selector = parseSelector('order_processing_seconds_bucket');
  if (!selector.ok) throw new Error(selector.error);
  bench('select + group + 3 quantiles × 4 series', () => {
    for (const h of histogramSeries(selectSamples(parsed, selector.selector))) {
      for (const q of [0.5, 0.9, 0.99]) histogramQuantile(q, h.buckets);
    }
  });
});
