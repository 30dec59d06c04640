/**
 * `perfmon queues`: connects to the hosts of every component with queue sources, reads them
 * `samples` times `interval` apart (rates need two reads; RabbitMQ refreshes its statistics
 * every 5 s, hence the default interval), and prints the last statuses as a table or JSON.
 *
 * JSON shape (stable; fields are only ever added):
 *   { "timeMs": 1764200000000,
 *     "queues": [ { "component", "source": "rabbitmq-prometheus" | "rabbitmqctl" | "prometheus",
 *                   "host", "vhost" (null for other brokers), "name", "timeMs",
 *                   "depth", "ready", "unacked", "consumers",          // null where unknown
 *                   "publishPerSec", "deliverPerSec", "ackPerSec",     // null: not counted by the source
 *                   "growthPerSec", "rateWindowSeconds",
 *                   "trend": "growing" | "draining" | "steady" | "empty" | "unknown",
 *                   "imbalance": { "sustained", "windowSeconds", "covered", "slices": [net inflow per slice] },
 *                   "imbalanceSinceMs", "secondsToDrain", "secondsToLimit", "limit" } ],
 *     "errors": [ { "component", "host", "message" } ],   // hosts that could not be read
 *     "warnings": [ "…" ] }
 * Exit: 0 all read, 1 a source failed on a reachable host, 2 no inventory / nothing to read,
 * 3 a host could not be reached.
 */
import type { Writable } from 'node:stream';
import { queueTable } from '../../analysis/queue-table.js';
import { componentHosts } from '../../config/inventory-queries.js';
import type { Inventory } from '../../config/inventory-schema.js';
import { loadInventory } from '../../config/load-inventory.js';
import { formatProblem } from '../../config/problems.js';
import type { SshConnection } from '../../ssh/connection.js';
import { SshConfigSource } from '../../ssh/ssh-config.js';
import { sshTransport, type Transport } from '../app-metrics/transport.js';
import { connectInventoryHost, type HostConnectOptions } from './inventory-hosts.js';
import { QueueCollector, type QueueError, type QueueSourceTarget, type QueuesSnapshot } from './queue-collector.js';

export interface QueuesCommandArgs {
  config?: string | undefined;
  json: boolean;
  samples: number;
  /** Seconds between reads. */
  interval: number;
  /** Seconds of history an imbalance must hold (default: the whole run, at most 30). */
  window?: number | undefined;
  acceptNew?: boolean | undefined;
}

export interface QueuesCommandIo extends HostConnectOptions {
  out: Writable;
  err: Writable;
  /** Tests pass the lab's HOME here. */
  home?: string;
}

/** How the run went; the command maps it to perfmon's exit codes. */
export type QueuesOutcome = 'ok' | 'failure' | 'usage' | 'hosts-down';

async function connectAll(inventory: Inventory, names: ReadonlySet<string>, io: QueuesCommandIo, acceptNew: boolean) {
  const source = new SshConfigSource(io.home === undefined ? {} : { home: io.home });
  const hosts = inventory.hosts.filter((h) => names.has(h.name));
  const results = await Promise.all(
    hosts.map(async (host) => {
      try {
        const conn = await connectInventoryHost(inventory, host, source, { env: io.env, acceptNew });
        return { name: host.name, conn };
      } catch (err) {
        return { name: host.name, error: (err as Error).message };
      }
    }),
  );
  const connections = new Map<string, SshConnection>();
  const down: QueueError[] = [];
  for (const r of results) {
    if (r.conn) connections.set(r.name, r.conn);
    else down.push({ component: '', host: r.name, message: r.error! });
  }
  return { connections, down };
}

export async function runQueuesCommand(args: QueuesCommandArgs, io: QueuesCommandIo): Promise<QueuesOutcome> {
  const loaded = await loadInventory({ configPath: args.config, ...(io.env ? { env: io.env } : {}), ...(io.home ? { home: io.home } : {}) });
  if (loaded.status === 'absent') {
    io.err.write(`perfmon queues: no inventory at ${loaded.path}; queue sources are configured per component (--config FILE)\n`);
    return 'usage';
  }
  if (loaded.status === 'invalid') {
    io.err.write(`${loaded.problems.map(formatProblem).join('\n')}\n`);
    return 'failure';
  }
  const inventory = loaded.inventory;
  const components = inventory.components.filter((c) => c.queues.length > 0);
  if (components.length === 0) {
    io.err.write(`perfmon queues: no component in ${loaded.path} has queues configured\n`);
    return 'usage';
  }
  const hostNames = new Set(components.flatMap((c) => componentHosts(inventory, c).map((h) => h.name)));
  const { connections, down } = await connectAll(inventory, hostNames, io, args.acceptNew === true);
  try {
    const transports = new Map<string, Transport>([...connections].map(([name, conn]) => [name, sshTransport(conn)]));
    const targets: QueueSourceTarget[] = components.flatMap((c) =>
      c.queues.map((source) => ({
        component: c.name,
        source,
        hosts: componentHosts(inventory, c).flatMap((h) => (transports.has(h.name) ? [transports.get(h.name)!] : [])),
      })),
    );
    const span = Math.max(args.interval, (args.samples - 1) * args.interval);
    const collector = new QueueCollector(targets, {
      timeoutMs: Math.max(10_000, args.interval * 2000),
      rateWindowSeconds: span,
      imbalanceWindowSeconds: args.window ?? Math.min(30, span),
    });
    let snapshot: QueuesSnapshot | undefined;
    for (let i = 0; i < args.samples; i++) {
      if (i > 0) await new Promise((resolve) => setTimeout(resolve, args.interval * 1000));
      snapshot = await collector.sample();
    }
    const result = { ...snapshot!, errors: [...down, ...snapshot!.errors] };
    if (args.json) io.out.write(`${JSON.stringify(result, null, 2)}\n`);
    else {
      io.out.write(queueTable(result.queues));
      for (const e of result.errors) io.err.write(`${e.component ? `${e.component}: ` : ''}${e.message}\n`);
      for (const w of result.warnings) io.err.write(`warning: ${w}\n`);
    }
    if (down.length > 0) return 'hosts-down';
    return snapshot!.errors.length > 0 ? 'failure' : 'ok';
  } finally {
    for (const conn of connections.values()) conn.close();
  }
}
