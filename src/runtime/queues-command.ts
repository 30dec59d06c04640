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
 * On a terminal, stderr says what it is doing meanwhile (connecting, read N of M, next in Ns).
 * Exit: 0 all read, 1 a source failed on a reachable host, 2 no inventory / nothing to read,
 * 3 a host could not be reached.
 */
import type { Writable } from 'node:stream';
import { queueTable } from '../analysis/queue-table.js';
import { componentHosts } from '../config/inventory-queries.js';
import { loadInventory } from '../config/load-inventory.js';
import { formatProblem } from '../config/problems.js';
import { fleetTransport } from '../fleet/fleet-transport.js';
import { QueueTrackers } from '../analysis/queue-trackers.js';
import { QueueCollector, type QueueSourceTarget } from '../collect/queues/queue-collector.js';
import type { QueueError, QueuesSnapshot } from '../model/queue-reading.js';
import { openSession } from './session.js';
import { statusLine } from '../format/status-line.js';

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

export interface QueuesCommandIo {
  out: Writable;
  err: Writable;
  /** Tests pass the lab's HOME here (for ~/.ssh/config) and its environment (no ssh-agent). */
  home?: string;
  env?: NodeJS.ProcessEnv;
}

/** How the run went; the command maps it to perfmon's exit codes. */
export type QueuesOutcome = 'ok' | 'failure' | 'usage' | 'hosts-down';

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
  // The session's fleet (as the TUI has it): one connection per host, down hosts named with the reason.
  const session = await openSession({
    inventory,
    intervalMs: args.interval * 1000,
    mode: 'once',
    acceptNew: args.acceptNew === true,
    hosts: hostNames,
    sshConfig: io.home === undefined ? {} : { home: io.home },
    connect: io.env === undefined ? {} : { env: io.env },
  });
  const fleet = session.fleet!;
  const progress = statusLine(io.err);
  try {
    progress.show(`perfmon queues: connecting to ${hostNames.size} host${hostNames.size === 1 ? '' : 's'} (${[...hostNames].join(', ')})…`);
    await session.settled(1);
    const down: QueueError[] = session.down().map((d) => ({ component: '', host: d.host, message: `${d.host}: ${d.reason}` }));
    const up = new Set(session.store.getState().hosts.filter((h) => h.status === 'up').map((h) => h.name));
    const targets: QueueSourceTarget[] = components.flatMap((c) =>
      c.queues.map((source) => ({
        component: c.name,
        source,
        hosts: componentHosts(inventory, c).flatMap((h) => (up.has(h.name) ? [fleetTransport(fleet, h.name)] : [])),
      })),
    );
    const span = Math.max(args.interval, (args.samples - 1) * args.interval);
    const collector = new QueueCollector(targets, { timeoutMs: Math.max(10_000, args.interval * 2000) });
    const trackers = new QueueTrackers(targets, { rateWindowSeconds: span, imbalanceWindowSeconds: args.window ?? Math.min(30, span) });
    let snapshot: QueuesSnapshot | undefined;
    const sources = targets.length;
    for (let i = 0; i < args.samples; i++) {
      if (i > 0) {
        progress.show(`perfmon queues: read ${i} of ${args.samples}; the next in ${args.interval}s (rates need two reads)…`);
        await new Promise((resolve) => setTimeout(resolve, args.interval * 1000));
      }
      progress.show(`perfmon queues: reading ${sources} source${sources === 1 ? '' : 's'} (${i + 1} of ${args.samples})…`);
      snapshot = trackers.update(await collector.sample());
    }
    progress.clear();
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
    progress.clear();
    await session.close();
  }
}
