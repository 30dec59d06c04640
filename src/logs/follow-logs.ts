/**
 * Follows a log on several hosts at once, each over its SSH connection (the fleet's own in the
 * TUI), and hands every line on with its host as it arrives: the hosts' lines interleave in
 * the order they come. A host that cannot be reached, or whose reader fails (no such file, no
 * journal access), ends with the reason; the others go on.
 */
import type { ClientChannel } from 'ssh2';
import { stopCommand, type SshConnection } from '../ssh/connection.js';
import { LineSplitter } from './log-lines.js';

export interface LogLine {
  host: string;
  text: string;
  /** From the reader's stderr (its complaints, not the log). */
  err: boolean;
  /** When it arrived (ms). */
  atMs: number;
}

export interface HostLogEnd {
  host: string;
  /** The reader's exit status (null: killed, or never started). */
  code: number | null;
  /** Why it ended, when it was not stopped and did not exit 0. */
  reason?: string;
}

export interface FollowOptions {
  hosts: readonly string[];
  /** The host's SSH connection (rejects when the host cannot be reached). */
  connection: (host: string) => Promise<SshConnection>;
  /** The remote command for a host (src/logs/log-command.ts). */
  command: (host: string) => string;
  /** Keeps a host's line or drops it (--since on a file): one filter per host. */
  filter?: () => (text: string) => boolean;
  onLine: (line: LogLine) => void;
  onEnd?: (end: HostLogEnd) => void;
}

export interface LogFollow {
  /** Stops every reader (TERM on the host), at once. */
  stop(): void;
  /** Every host's end, once all have ended. */
  done: Promise<HostLogEnd[]>;
}

export function followLogs(options: FollowOptions): LogFollow {
  const channels = new Set<ClientChannel>();
  let stopped = false;
  const one = async (host: string): Promise<HostLogEnd> => {
    let channel: ClientChannel;
    try {
      channel = await (await options.connection(host)).exec(options.command(host));
    } catch (error) {
      return { host, code: null, reason: (error as Error).message };
    }
    if (stopped) {
      stopCommand(channel);
      return { host, code: null };
    }
    channels.add(channel);
    const keep = options.filter?.() ?? (() => true);
    const out = new LineSplitter();
    const err = new LineSplitter();
    const emit = (lines: string[], isErr: boolean) => {
      const atMs = Date.now();
      for (const text of lines) if (isErr || keep(text)) options.onLine({ host, text, err: isErr, atMs });
    };
    channel.on('data', (d: Buffer) => emit(out.push(d.toString('utf8')), false));
    channel.stderr.on('data', (d: Buffer) => emit(err.push(d.toString('utf8')), true));
    return new Promise((resolve) => {
      channel.on('close', (code?: number | null) => {
        channels.delete(channel);
        emit(out.end(), false);
        emit(err.end(), true);
        const status = typeof code === 'number' ? code : null;
        resolve(stopped || status === 0 ? { host, code: status } : { host, code: status, reason: status === null ? 'the reader was killed or the connection was lost' : `the reader exited ${status}` });
      });
    });
  };
  const done = Promise.all(
    options.hosts.map(async (host) => {
      const end = await one(host);
      options.onEnd?.(end);
      return end;
    }),
  );
  return {
    stop: () => {
      stopped = true;
      for (const channel of channels) stopCommand(channel);
    },
    done,
  };
}
