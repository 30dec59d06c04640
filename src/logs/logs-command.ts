/**
 * `perfmon logs COMPONENT [--host H] [--since D] [--lines N] [--no-follow] [--json]`: a
 * component's log on its hosts (from the inventory's `logs:`), the hosts' lines interleaved as
 * they come, each with its host's name; followed until Ctrl-C unless --no-follow.
 */
import type { Component } from '../config/component-schema.js';
import type { Inventory } from '../config/inventory-schema.js';
import { componentHosts } from '../config/inventory-queries.js';
import { didYouMean } from '../config/did-you-mean.js';
import { AuditUsageError, parseSince } from '../procedures/cli/audit-command.js';
import { CliUsageError, inSession, type CliIO, type CliStatus } from '../procedures/cli/cli-support.js';
import { followLogs, type HostLogEnd } from './follow-logs.js';
import { describeLogSource, logCommand } from './log-command.js';
import { SinceFilter } from './log-lines.js';

export interface LogsArgs {
  component: string;
  host?: string | undefined;
  since?: string | undefined;
  lines: number;
  follow: boolean;
  json: boolean;
  config?: string | undefined;
  acceptNew?: boolean | undefined;
}

/** The component, its log source and the hosts to read, or a usage error naming what is wrong. */
export function logTargets(inventory: Inventory, name: string, host: string | undefined): { component: Component; hosts: string[] } {
  const component = inventory.components.find((c) => c.name === name);
  if (component === undefined) throw new CliUsageError(`no component '${name}' in the inventory${didYouMean(name, inventory.components.map((c) => c.name))}`);
  if (component.logs === undefined) throw new CliUsageError(`component '${name}' has no logs: in the inventory (logs: {unit: NAME.service} or {file: /path/to/log})`);
  const hosts = componentHosts(inventory, component).map((h) => h.name);
  if (host === undefined) return { component, hosts };
  if (!hosts.includes(host)) throw new CliUsageError(`--host ${host}: not a host of ${name} (${hosts.join(', ') || 'it has none'})`);
  return { component, hosts: [host] };
}

function sinceOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  try {
    return parseSince(text, Date.now());
  } catch (error) {
    if (error instanceof AuditUsageError) throw new CliUsageError(error.message);
    throw error;
  }
}

export function runLogsCommand(args: LogsArgs, io: CliIO, stopSignal: (stop: () => void) => void = onInterrupt): Promise<CliStatus> {
  return inSession({ config: args.config, acceptNew: args.acceptNew }, io, async (session) => {
    if (!Number.isInteger(args.lines) || args.lines < 0) throw new CliUsageError(`--lines ${args.lines}: expected a whole number of lines (0 or more)`);
    const sinceMs = sinceOf(args.since);
    const { component, hosts } = logTargets(session.inventory, args.component, args.host);
    const source = component.logs!;
    const width = Math.max(...hosts.map((h) => h.length));
    if (!args.json) io.err.write(`perfmon: ${describeLogSource(source)} on ${hosts.join(', ')}${args.follow ? ' (Ctrl-C stops)' : ''}\n`);
    const command = logCommand(source, { lines: args.lines, follow: args.follow, sinceMs });
    const follow = followLogs({
      hosts,
      connection: (host) => session.access.connectionTo(host),
      command: () => command,
      ...(sinceMs !== undefined && source.type === 'file' ? { filter: () => { const f = new SinceFilter(sinceMs, Date.now()); return (text: string) => f.keep(text); } } : {}),
      onLine: (line) => {
        if (args.json) io.out.write(`${JSON.stringify({ host: line.host, line: line.text, stderr: line.err, time: new Date(line.atMs).toISOString() })}\n`);
        else (line.err ? io.err : io.out).write(`${line.host.padEnd(width)}  ${line.err ? '! ' : ''}${line.text}\n`);
      },
      onEnd: (end: HostLogEnd) => {
        if (end.reason !== undefined) io.err.write(`perfmon: ${end.host}: ${end.reason}\n`);
      },
    });
    stopSignal(() => follow.stop());
    const ends = await follow.done;
    return ends.some((e) => e.reason !== undefined) ? 'failure' : 'ok';
  });
}

/** Ctrl-C (or a TERM) stops following: the readers on the hosts are stopped and the command ends 0. */
function onInterrupt(stop: () => void): void {
  const handler = () => stop();
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
}
