import { describe, expect, test } from 'vitest';
import { summaryQuantile, summarySeries } from '../../../src/collect/prometheus/index.js';
import type { MetricFamily, ParseResult, SummarySeries } from '../../../src/collect/prometheus/index.js';
import { fixtureText, parseFixture, pick, plain, sampleLineCount } from './fixture-files.js';

const family = (r: ParseResult, name: string): MetricFamily | undefined => r.families.find((f) => f.name === name);
const sampleCount = (r: ParseResult): number => r.families.reduce((n, f) => n + f.samples.length, 0);
const typeCounts = (r: ParseResult): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const f of r.families) out[f.type] = (out[f.type] ?? 0) + 1;
  return out;
};

describe('node_exporter 1.5.0 (Debian prometheus-node-exporter, default collectors)', () => {
  const r = parseFixture('node-exporter-1.5.0/metrics.txt', 'text/plain; version=0.0.4; charset=utf-8');

  test('every family and sample, no errors', () => {
    expect(r.format).toBe('text');
    expect(r.errors).toEqual([]);
    expect(r.families).toHaveLength(283); // grep -c '^# TYPE'
    expect(sampleCount(r)).toBe(507); // grep -c '^[^#]'
  });

  test('known samples with their labels, scientific notation included', () => {
    expect(plain(pick(r, 'node_cpu_seconds_total{cpu="0",mode="idle"}')[0])).toEqual({
      name: 'node_cpu_seconds_total',
      labels: { cpu: '0', mode: 'idle' },
      value: 287.5,
    });
    expect(pick(r, 'node_memory_MemTotal_bytes')[0]?.value).toBe(25276502016);
    expect(pick(r, 'node_filesystem_avail_bytes{mountpoint="/"}')[0]?.value).toBe(85045350400);
    expect(pick(r, 'node_load1')[0]?.value).toBe(0.43);
    expect(pick(r, 'node_uname_info')[0]?.labels).toMatchObject({ nodename: 'vm', sysname: 'Linux' });
    const mem = family(r, 'node_memory_MemTotal_bytes');
    expect(mem).toMatchObject({ type: 'gauge', help: 'Memory information field MemTotal_bytes.' });
  });

  test('with more collectors on: 1.9k lines, empty label values kept', () => {
    const big = parseFixture('node-exporter-1.5.0/metrics-more-collectors.txt');
    expect(big.errors).toEqual([]);
    expect(big.families).toHaveLength(470);
    expect(sampleCount(big)).toBe(975);
    expect(pick(big, 'node_interrupts_total')).toHaveLength(66);
    expect(plain(pick(big, 'node_interrupts_total{cpu="0",type="CAL"}')[0])).toEqual({
      name: 'node_interrupts_total',
      labels: { cpu: '0', devices: '', info: 'Function call interrupts', type: 'CAL' },
      value: 69321,
    });
  });
});

describe('Prometheus 2.42.0 own /metrics (Go client)', () => {
  const r = parseFixture('prometheus-2.42.0/metrics.txt');

  test('families by type', () => {
    expect(r.errors).toEqual([]);
    expect(typeCounts(r)).toEqual({ counter: 82, gauge: 70, histogram: 7, summary: 10 });
    expect(sampleCount(r)).toBe(379);
  });

  test('summaries: quantiles read directly, per label set, NaN when the window is empty', () => {
    const [gc] = summarySeries(family(r, 'go_gc_duration_seconds') as MetricFamily);
    expect(gc).toEqual({
      labels: {},
      quantiles: [
        { q: 0, value: 7.399e-5 },
        { q: 0.25, value: 0.000286907 },
        { q: 0.5, value: 0.000347867 },
        { q: 0.75, value: 0.000932067 },
        { q: 1, value: 0.000932067 },
      ],
      count: 4,
      sum: 0.001640831,
    });
    const engine = summarySeries(family(r, 'prometheus_engine_query_duration_seconds') as MetricFamily);
    const bySlice = Object.fromEntries(engine.map((s) => [s.labels.slice, s]));
    expect(summaryQuantile(bySlice.inner_eval as SummarySeries, 0.9)).toBe(3.8066e-5);
    expect(summaryQuantile(bySlice.queue_time as SummarySeries, 0.5)).toBe(1.1206e-5);
    expect(summaryQuantile(bySlice.result_sort as SummarySeries, 0.99)).toBeNaN();
    expect(summaryQuantile(bySlice.inner_eval as SummarySeries, 0.75)).toBeUndefined();
  });
});

describe('RabbitMQ 3.10.8 prometheus plugin', () => {
  test('aggregated /metrics: TYPE before HELP, untyped families', () => {
    const r = parseFixture('rabbitmq-3.10.8/metrics-a.txt');
    expect(r.errors).toEqual([]);
    expect(r.families).toHaveLength(222);
    expect(sampleCount(r)).toBe(678);
    expect(typeCounts(r)).toEqual({ counter: 99, gauge: 112, summary: 3, untyped: 8 });
    expect(family(r, 'rabbitmq_queue_messages_ready')).toMatchObject({
      type: 'gauge',
      help: 'Messages ready to be delivered to consumers',
      samples: [{ name: 'rabbitmq_queue_messages_ready', value: 151 }],
    });
    expect(pick(r, 'rabbitmq_global_messages_received_total{protocol="amqp091"}')[0]?.value).toBe(171);
    // A summary exposed with count and sum only; the label value holds ';' and '='.
    const [scrape] = summarySeries(family(r, 'telemetry_scrape_size_bytes') as MetricFamily);
    expect(scrape).toMatchObject({ quantiles: [], count: 2, sum: 166496, labels: { content_type: 'text/plain; version=0.0.4' } });
  });

  test('/metrics/per-object: a queue name with quotes is written unescaped; only those lines are lost', () => {
    const text = fixtureText('rabbitmq-3.10.8/per-object.txt');
    const r = parseFixture('rabbitmq-3.10.8/per-object.txt');
    const bad = text.split('\n').flatMap((l, i) => (l.includes('queue="audit "q"') ? [i + 1] : []));
    expect(bad).toHaveLength(22);
    expect(r.errors.map((e) => e.line)).toEqual(bad);
    expect(r.errors[0]?.message).toMatch(/after the value of label queue, found "q" at column \d+ \(an unescaped " in the value\?\)/);
    expect(r.errors[0]?.text).toBe('rabbitmq_queue_messages_ready{vhost="/",queue="audit "q" \\ backline"} 3');
    expect(sampleCount(r) + r.errors.length).toBe(sampleLineCount(text));
    expect(r.families).toHaveLength(221);
    const ready = pick(r, 'rabbitmq_queue_messages_ready');
    expect(Object.fromEntries(ready.map((s) => [s.labels.queue, s.value]))).toEqual({
      'orders.exec': 7,
      'orders.in': 101,
      'marketdata.ticks': 40,
    });
    expect(pick(r, 'rabbitmq_queue_head_message_timestamp{queue="orders.in"}')[0]?.value).toBeNaN();
  });
});

describe('postgres_exporter 0.11.1 against PostgreSQL 15', () => {
  const r = parseFixture('postgres-exporter-0.11.1/metrics.txt');

  test('families, NaN values, counters per database', () => {
    expect(r.errors).toEqual([]);
    expect(r.families).toHaveLength(341);
    expect(sampleCount(r)).toBe(554);
    expect(typeCounts(r)).toEqual({ counter: 41, gauge: 289, summary: 1, untyped: 10 });
    expect(pick(r, 'pg_up')[0]?.value).toBe(1);
    expect(pick(r, 'pg_settings_max_connections')[0]?.value).toBe(100);
    expect(pick(r, 'pg_stat_database_xact_commit{datname="template1"}')[0]?.value).toBe(877);
    expect(pick(r, 'pg_stat_database_xact_commit{datname=""}')[0]?.labels.datid).toBe('0');
    expect(pick(r, 'pg_stat_archiver_last_archive_age')[0]?.value).toBeNaN();
    expect(pick(r, 'pg_stat_database_checksum_failures').map((s) => s.value)).toEqual([NaN, NaN, NaN, NaN, NaN]);
  });
});

describe('Python prometheus_client 0.16.0 fixture service, text and OpenMetrics', () => {
  const text = parseFixture('python-client/phase-1.txt', 'text/plain; version=0.0.4; charset=utf-8');
  const om = parseFixture('python-client/phase-1.om.txt', 'application/openmetrics-text; version=1.0.0; charset=utf-8');

  test('both parse cleanly; OpenMetrics is recognised by # EOF without a content type', () => {
    expect(text.errors).toEqual([]);
    expect(om.errors).toEqual([]);
    expect(om.format).toBe('openmetrics');
    expect(parseFixture('python-client/phase-1.om.txt').format).toBe('openmetrics');
    expect(parseFixture('python-client/phase-1.txt').format).toBe('text');
  });

  test('the same samples either way (OpenMetrics seconds timestamps become milliseconds)', () => {
    const key = (r: ParseResult): string[] =>
      r.families.flatMap((f) => f.samples.map((s) => JSON.stringify(plain(s)))).sort();
    expect(key(om)).toEqual(key(text));
    expect(key(om)).toHaveLength(115);
  });

  test('OpenMetrics families: _total, _created, _info, stateset, gaugehistogram, unknown, UNIT', () => {
    expect(om.families.map((f) => [f.name, f.type])).toEqual([
      ['order_processing_seconds', 'histogram'],
      ['api_request_duration_seconds', 'histogram'],
      ['price_slippage_bps', 'histogram'],
      ['reset_demo_seconds', 'histogram'],
      ['order_value_dollars', 'summary'],
      ['orders', 'counter'],
      ['fixture_weird_value', 'gauge'],
      ['fixture_build', 'info'],
      ['order_engine_state', 'stateset'],
      ['queue_wait_seconds', 'gaugehistogram'],
      ['legacy_bridge_value', 'unknown'],
      ['last_fill_price', 'gauge'],
    ]);
    expect(family(om, 'order_processing_seconds')?.unit).toBe('seconds');
    expect([...new Set(family(om, 'orders')?.samples.map((s) => s.name))]).toEqual(['orders_total', 'orders_created']);
    expect(family(om, 'fixture_build')?.samples[0]?.labels).toEqual({ branch: 'release/1.4', revision: 'f00dfeed', version: '1.4.2' });
    expect(family(om, 'order_engine_state')?.samples.map((s) => [s.labels.order_engine_state, s.value])).toEqual([
      ['starting', 0], ['running', 1], ['halted', 0],
    ]);
    expect(family(om, 'queue_wait_seconds')?.samples.map((s) => s.name)).toEqual([
      'queue_wait_seconds_bucket', 'queue_wait_seconds_bucket', 'queue_wait_seconds_bucket',
      'queue_wait_seconds_gcount', 'queue_wait_seconds_gsum',
    ]);
    // Negative buckets: the client leaves _sum out, as OpenMetrics requires.
    expect(family(om, 'price_slippage_bps')?.samples.some((s) => s.name.endsWith('_sum'))).toBe(false);
  });

  test('text format families: _created as gauges, the gauge histogram split up, untyped', () => {
    expect(text.families).toHaveLength(20);
    expect(family(text, 'orders_total')?.type).toBe('counter');
    expect(family(text, 'orders_created')?.type).toBe('gauge');
    expect(family(text, 'legacy_bridge_value')?.type).toBe('untyped');
    expect(family(text, 'queue_wait_seconds')).toMatchObject({ type: 'histogram' });
    expect(family(text, 'queue_wait_seconds_gcount')?.samples[0]?.value).toBe(11);
  });

  test('escaped label values and HELP, in both formats', () => {
    for (const r of [text, om]) {
      const odd = pick(r, 'orders_total{side="buy",venue!="XLON"}');
      expect(odd.map((s) => s.labels.venue)).toEqual(['EX "B"\\dark\npool']);
      expect(odd[0]?.value).toBe(3);
      expect(family(r, 'order_processing_seconds')?.help).toBe(
        'Time to process an order.\nFrom receipt to ack; logs under C:\\orders\\ "quoted"',
      );
    }
  });

  test('NaN, ±Inf, -0, exponents and timestamps', () => {
    for (const r of [text, om]) {
      const v = Object.fromEntries(pick(r, 'fixture_weird_value').map((s) => [s.labels.kind, s.value]));
      expect(v.nan).toBeNaN();
      expect(v).toMatchObject({ plus_inf: Infinity, minus_inf: -Infinity, tiny: 1.5e-7, huge: 1.2345e21 });
      expect(Object.is(v.negative_zero, -0)).toBe(true);
      expect(pick(r, 'last_fill_price').map((s) => [s.labels.symbol, s.value, s.timestampMs])).toEqual([
        ['VOD.L', 71.42, 1700000000123],
        ['BARC.L', 160.5, 1700000001000],
      ]);
      expect(pick(r, 'orders_total{venue="XLON",side="buy"}')[0]).not.toHaveProperty('timestampMs');
    }
  });

  test('exemplars after # are dropped without disturbing value or labels', () => {
    expect(fixtureText('python-client/phase-1.om.txt')).toContain(
      'orders_total{side="sell",venue="XLON"} 655.0 # {trace_id="sell-xlon-0001"} 655.0',
    );
    expect(plain(pick(om, 'orders_total{side="sell"}')[0])).toEqual({
      name: 'orders_total',
      labels: { side: 'sell', venue: 'XLON' },
      value: 655,
    });
    expect(pick(om, 'order_processing_seconds_bucket{stage="validate",le="0.0005"}')[0]?.value).toBe(275);
  });
});
