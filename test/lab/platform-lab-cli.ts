/**
 * A lab to try the platform panes by hand: 2 sshd hosts, a RabbitMQ broker (prometheus plugin),
 * a PostgreSQL cluster and a small order service exposing Prometheus metrics, with an inventory
 * whose components read them. Run it in tmux and perfmon in another window:
 *
 *   npm run lab:platform
 *
 * Then type on its stdin: `rates P C` (AMQP messages published / consumed per second into
 * orders.in), `orders N` (orders per second of the service), `slow on|off` (its latency),
 * `reject P` (percent of orders rejected), `lock` / `unlock` (three sessions queued on one
 * row), `kill N` / `restart N` (a lab host), `quit`.
 */
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { startLab } from './lab.js';
import { startPostgres, type PgSession } from './postgres.js';
import { freePort, startAmqpPair, startRabbitMq } from './rabbitmq.js';

const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];

/** An order service's counters and latency histogram, moving at the rates typed in. */
function orderService() {
  const state = { perSec: 50, rejectPercent: 0.5, slow: false };
  const totals = { orders: 0, rejected: 0, sum: 0, buckets: BUCKETS.map(() => 0) };
  const observe = (seconds: number) => {
    totals.sum += seconds;
    BUCKETS.forEach((le, i) => (totals.buckets[i]! += seconds <= le ? 1 : 0));
  };
  const timer = setInterval(() => {
    const n = Math.round(state.perSec / 10 + Math.random() - 0.5);
    for (let i = 0; i < n; i++) {
      if (Math.random() * 100 < state.rejectPercent) totals.rejected += 1;
      else totals.orders += 1;
      observe((state.slow ? 0.08 : 0.004) * (0.3 + Math.random() * Math.random() * 3));
    }
  }, 100);
  const count = () => totals.orders + totals.rejected;
  const text = () =>
    [
      '# TYPE orders_total counter',
      `orders_total{venue="XLON"} ${totals.orders}`,
      '# TYPE orders_rejected_total counter',
      `orders_rejected_total{venue="XLON"} ${totals.rejected}`,
      '# TYPE order_processing_seconds histogram',
      ...BUCKETS.map((le, i) => `order_processing_seconds_bucket{le="${le}"} ${totals.buckets[i]}`),
      `order_processing_seconds_bucket{le="+Inf"} ${count()}`,
      `order_processing_seconds_sum ${totals.sum}`,
      `order_processing_seconds_count ${count()}`,
      '',
    ].join('\n');
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    res.end(text());
  });
  return { state, server, stop: () => (clearInterval(timer), server.close()) };
}

const lab = await startLab({ hosts: 2 });
const [broker, pg, port] = await Promise.all([startRabbitMq(), startPostgres(), freePort()]);
await pg.sql('create database trading');
await pg.sql('create extension pg_stat_statements', 'trading');
await pg.sql('create table orders(id int primary key, qty int); insert into orders select g, g from generate_series(1, 100) g', 'trading');
const pair = await startAmqpPair(broker.amqpPort, 'orders.in');
const service = orderService();
await new Promise<void>((resolve) => service.server.listen(port, '127.0.0.1', resolve));

const inventory = join(lab.dir, 'platform.yaml');
writeFileSync(
  inventory,
  [
    'environment: lab',
    'hosts:',
    ...lab.hosts.map((h) => `  - { name: ${h.name}, address: ${h.name} }`),
    'components:',
    '  - name: engine',
    '    role: order-engine',
    '    hosts: [lab-0, lab-1]',
    `    metrics: [127.0.0.1:${port}/metrics]`,
    '    slos:',
    '      - {name: order-latency, type: latency, metric: orderLatency, percentile: 99, threshold: 50ms, objective: 99.5}',
    '      - {name: orders-succeed, type: error-rate, metric: errorRate, objective: 99}',
    '      - {name: order-rate, type: throughput, metric: ordersPerSec, min: 20, objective: 99}',
    '  - name: broker',
    '    role: broker',
    '    hosts: [lab-0]',
    `    queues: [{type: rabbitmq, endpoint: "127.0.0.1:${broker.prometheusPort}/metrics/per-object", limit: 5000}]`,
    '  - name: db',
    '    role: database',
    '    hosts: [lab-1]',
    `    database: {type: postgres, host: 127.0.0.1, port: ${pg.port}, database: trading}`,
    '',
  ].join('\n'),
);
console.log(`platform lab up. In another terminal:\n\n  HOME=${lab.home} node bin/perfmon.js --config ${inventory}\n`);
console.log('type: rates P C | orders N | slow on|off | reject P | lock | unlock | kill N | restart N | quit');

let locks: PgSession[] = [];
const stop = async () => {
  pair.stop();
  service.stop();
  locks.forEach((s) => s.close());
  await Promise.all([broker.stop(), pg.stop(), lab.stop()]);
  process.exit(0);
};
// The broker and the cluster outlive a killed process: stop them on every way out.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => void stop());
for await (const line of createInterface({ input: process.stdin })) {
  const [verb, a, b] = line.trim().split(/\s+/);
  try {
    if (verb === 'rates') await pair.setRates(Number(a), Number(b));
    else if (verb === 'orders') service.state.perSec = Number(a);
    else if (verb === 'slow') service.state.slow = a === 'on';
    else if (verb === 'reject') service.state.rejectPercent = Number(a);
    else if (verb === 'lock') {
      locks = [await pg.session('trading'), await pg.session('trading'), await pg.session('trading')];
      await locks[0]!.run('begin;');
      await locks[0]!.run('update orders set qty = qty + 1 where id = 1;');
      locks[1]!.send('update orders set qty = 0 where id = 1;');
      locks[2]!.send('update orders set qty = -1 where id = 1;');
    } else if (verb === 'unlock') {
      locks.forEach((s) => s.close());
      locks = [];
    } else if (verb === 'kill') await lab.killHost(Number(a));
    else if (verb === 'restart') await lab.restartHost(Number(a));
    else if (verb === 'quit') break;
    console.log(`ok: ${line}`);
  } catch (error) {
    console.log(`failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
await stop();
