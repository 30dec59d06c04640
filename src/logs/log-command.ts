/**
 * The remote command that prints (and follows) a component's log on one host: journalctl for
 * a systemd unit, tail for a file. Every value from the inventory or the command line is
 * shell-quoted; `exec` makes the shell become the reader, so stopping it stops the reader.
 */
import type { LogSource } from '../config/component-schema.js';
import { shellQuote } from '../ssh/shell-quote.js';

export interface LogCommandOptions {
  /** Lines of the past to print first (per host). */
  lines: number;
  /** Keep reading as lines are written. */
  follow: boolean;
  /**
   * Only from then on (ms). journalctl filters itself; a file has no index of times, so its
   * last `SINCE_FILE_LINES` lines are read and filtered here by their leading time stamps.
   */
  sinceMs?: number | undefined;
}

/** How far back a file is read when --since is given. */
export const SINCE_FILE_LINES = 10_000;

export function logCommand(source: LogSource, options: LogCommandOptions): string {
  const lines = String(Math.max(0, Math.floor(options.lines)));
  if (source.type === 'unit') {
    const since = options.sinceMs === undefined ? [] : ['--since', shellQuote(`@${Math.floor(options.sinceMs / 1000)}`)];
    // With --since, every line from then on (-n all); else the last N.
    const count = options.sinceMs === undefined ? ['-n', lines] : ['-n', 'all'];
    return ['exec', 'journalctl', '--no-pager', '-o', 'short-iso', '-u', shellQuote(source.unit), ...count, ...since, ...(options.follow ? ['-f'] : [])].join(' ');
  }
  const count = options.sinceMs === undefined ? lines : String(SINCE_FILE_LINES);
  return ['exec', 'tail', '-n', count, ...(options.follow ? ['-F'] : []), '--', shellQuote(source.file)].join(' ');
}

/** What a log source is, for a title: `journal of engine.service`, `/var/log/engine.log`. */
export function describeLogSource(source: LogSource): string {
  return source.type === 'unit' ? `journal of ${source.unit}` : source.file;
}
