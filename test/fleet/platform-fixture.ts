/**
 * Platform readings from real captures: the platform watcher reads, through transports that
 * answer with the captured outputs under fixtures/, what the lab's services answered — the
 * Python client's exposition (phase 1, then 2), RabbitMQ 3.10's per-object endpoint (two
 * scrapes 5 s apart while a publisher outran its consumer) and PostgreSQL 15's psql output with
 * a three-session lock chain. The shapes that reach the store are exactly the collectors'.
 */
import { readFileSync } from 'node:fs';
import type { HttpResponse, Transport } from '../../src/collect/app-metrics/transport.js';
import type { ExecResult } from '../../src/ssh/ssh-connection.js';
import { tmpdir } from 'node:os';
import { parseInventoryText } from '../../src/config/parse-inventory.js';
import { resolveInventoryPaths } from '../../src/config/load-inventory.js';
import type { Inventory } from '../../src/config/inventory-schema.js';
import { PlatformWatcher, type PlatformWatcherOptions } from '../../src/fleet/platform-watcher.js';
import type { PlatformState } from '../../src/model/platform-state.js';
import { MetricStore } from '../../src/model/store.js';

export const fixture = (path: string): string => readFileSync(new URL(`../../fixtures/${path}`, import.meta.url), 'utf8');

export const SCRAPE_TIMES = Object.values(JSON.parse(fixture('queues/scrape-times.json')) as Record<string, unknown>).filter(
  (v): v is number => typeof v === 'number',
);

export const LOCK_PIDS = JSON.parse(fixture('postgres/sample-lock-chain.json')) as { holder: number; waiter1: number; waiter2: number };

export interface Replay {
  /** Bodies per `host:port/path`, answered in turn (the last one repeats); a string error is thrown as such. */
  http?: Record<string, Array<string | Error>>;
  exec?: (command: string) => Promise<ExecResult>;
}

/** A host's transport that answers with captured outputs instead of reaching a server. */
export function replayTransport(host: string, replay: Replay): Transport {
  const turns = new Map<string, number>();
  return {
    host,
    async httpGet(target): Promise<HttpResponse> {
      const key = `${target.host}:${target.port}${target.path}`;
      const answers = replay.http?.[key];
      if (!answers) throw new Error(`${host}: GET ${key}: cannot connect: connect ECONNREFUSED`);
      const turn = turns.get(key) ?? 0;
      turns.set(key, turn + 1);
      const answer = answers[Math.min(turn, answers.length - 1)]!;
      if (answer instanceof Error) throw answer;
      return { status: 200, headers: { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }, body: answer };
    },
    async exec(command) {
      if (!replay.exec) return { code: 127, signal: null, stdout: '', stderr: `sh: ${command.split(' ')[0]}: not found` };
      return replay.exec(command);
    },
  };
}

export const PLATFORM_INVENTORY = `
hosts:
  - {name: oe-1}
  - {name: oe-2}
  - {name: mq-1}
  - {name: db-1}
components:
  - name: engine
    role: order-engine
    hosts: [oe-1, oe-2]
    metrics: [localhost:9404/metrics]
    slos:
      - {name: order-latency, type: latency, metric: orderLatency, percentile: 99, threshold: 5ms, objective: 99.9}
      - {name: order-rate, type: throughput, metric: ordersPerSec, min: 5, objective: 99}
      - {name: orders-succeed, type: error-rate, metric: errorRate, objective: 99.9}
  - name: broker
    role: broker
    hosts: [mq-1]
    queues:
      - {type: rabbitmq, limit: 100000}
  - name: db
    role: database
    hosts: [db-1]
    database: {type: postgres, database: trading}
  - name: web
    role: web
    hosts: [oe-1]
`;

export function platformInventory(text = PLATFORM_INVENTORY): Inventory {
  const parsed = parseInventoryText(text, 'platform.yaml');
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => JSON.stringify(p)).join('\n'));
  return resolveInventoryPaths(parsed.inventory, { baseDir: tmpdir(), home: tmpdir(), env: {} });
}

/** The captured answers of each host: oe-2's endpoint refuses (a failed scrape beside a good one). */
export function capturedTransports(): Record<string, Transport> {
  const perObject = [fixture('queues/per-object-1.txt'), fixture('queues/per-object-2.txt')];
  const exposition = [fixture('prometheus/python-client/phase-1.txt'), fixture('prometheus/python-client/phase-2.txt')];
  const psql = fixture('postgres/sample-lock-chain.csv');
  return {
    'oe-1': replayTransport('oe-1', { http: { 'localhost:9404/metrics': exposition } }),
    'oe-2': replayTransport('oe-2', {}),
    'mq-1': replayTransport('mq-1', { http: { 'localhost:15692/metrics/per-object': perObject } }),
    'db-1': replayTransport('db-1', { exec: async () => ({ code: 0, signal: null, stdout: psql, stderr: '' }) }),
  };
}

/**
 * The platform slot after two reads at the captures' scrape times, with windows short enough
 * for those 5 s to flag RabbitMQ's imbalance (the TUI's default needs 30 s).
 */
export async function capturedPlatform(options: Partial<PlatformWatcherOptions> = {}, store = new MetricStore()): Promise<PlatformState> {
  const transports = capturedTransports();
  let now = SCRAPE_TIMES[0]!;
  const watcher = new PlatformWatcher(platformInventory(), { connection: () => null }, store, {
    intervalMs: 5000,
    queueAnalysis: { rateWindowSeconds: 5, imbalanceWindowSeconds: 5, imbalanceSlices: 1 },
    transport: (host) => transports[host]!,
    now: () => now,
    ...options,
  });
  await watcher.sampleOnce();
  now = SCRAPE_TIMES[1]!;
  await watcher.sampleOnce();
  return store.getState().platform;
}

/** Puts every platform reading into a store, as the watcher would. */
export function putPlatform(store: Pick<MetricStore, 'setPlatform'>, platform: PlatformState): void {
  for (const key of Object.keys(platform) as Array<keyof PlatformState>) store.setPlatform(key, platform[key] as never);
}
