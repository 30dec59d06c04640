/**
 * Runs one command on a host for a capture, streaming its output, under a timeout that ends it
 * with SIGTERM (not SIGKILL: through sudo, only a signal sudo can relay reaches jcmd, and
 * jcmd, a Java program, exits on SIGTERM) and an abort signal that does the same.
 */
import type { SshConnection } from '../../ssh/connection.js';

export interface RunOptions {
  timeoutMs: number;
  /** Each stdout chunk as it arrives. */
  onStdout?: (chunk: Buffer) => void;
  signal?: AbortSignal | undefined;
}

export interface RunResult {
  code: number | null;
  signal: string | null;
  stdout: Buffer;
  stderr: string;
  timedOut: boolean;
  aborted: boolean;
  /** The connection went away before the command ended. */
  lost: boolean;
}

/** How long after SIGTERM the channel is closed regardless. */
const TERM_GRACE_MS = 3000;

export async function runRemote(connection: SshConnection, command: string, options: RunOptions): Promise<RunResult> {
  const channel = await connection.exec(command);
  return new Promise((resolve) => {
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let timedOut = false;
    let aborted = false;
    let grace: NodeJS.Timeout | undefined;
    const stop = () => {
      channel.signal('TERM');
      grace = setTimeout(() => channel.close(), TERM_GRACE_MS);
    };
    const timer = setTimeout(() => {
      timedOut = true;
      stop();
    }, options.timeoutMs);
    const onAbort = () => {
      aborted = true;
      stop();
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.signal?.aborted) onAbort();
    channel.on('data', (chunk: Buffer) => {
      stdout.push(chunk);
      options.onStdout?.(chunk);
    });
    channel.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    channel.on('close', (code?: number | null, signal?: string) => {
      clearTimeout(timer);
      clearTimeout(grace);
      options.signal?.removeEventListener('abort', onAbort);
      resolve({
        code: typeof code === 'number' ? code : null,
        signal: signal ?? null,
        stdout: Buffer.concat(stdout),
        stderr: Buffer.concat(stderr).toString('utf8'),
        timedOut,
        aborted,
        lost: code === undefined && connection.closed,
      });
    });
  });
}
