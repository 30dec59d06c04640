/**
 * One running copy of the monitor script (jvm-monitor-script.ts) over a stream pair — an ssh2
 * exec channel, or a local child's stdio in tests: writes the script, waits for its hello,
 * then sends commands and hands every output line, parsed, to the owner.
 */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { SshConnection } from '../../ssh/connection.js';
import type { Account } from './jvm-tools.js';
import { MONITOR_COMMAND, parseMonitorLine, type MonitorLine } from './jvm-monitor-script.js';

export interface MonitorStreams {
  stdin: Writable;
  stdout: Readable;
  stderr?: Readable | null;
}

export interface Hello extends Account {
  clockTicks: number;
}

const STDERR_LINES = 10;

export class MonitorChannel {
  /** Resolves with who the script runs as; rejects if it ends first. */
  readonly ready: Promise<Hello>;
  /** Resolves when the script's output ends (it exited, or the channel closed). */
  readonly ended: Promise<void>;
  private readonly stderrLines: string[] = [];
  private open = true;

  constructor(
    private readonly streams: MonitorStreams,
    script: string,
    onLine: (line: MonitorLine) => void,
    private readonly label: string,
  ) {
    let hello: (value: Hello) => void;
    let fail: (error: Error) => void;
    this.ready = new Promise<Hello>((resolve, reject) => {
      hello = resolve;
      fail = reject;
    });
    // The owner may never await ready (a monitor stopped at once): no unhandled rejection.
    this.ready.catch(() => undefined);
    const lines = createInterface({ input: streams.stdout, crlfDelay: Infinity });
    let greeted = false;
    lines.on('line', (text) => {
      const line = parseMonitorLine(text);
      if (line.kind === 'hello' && !greeted) {
        greeted = true;
        hello({ uid: line.uid, user: line.user, clockTicks: line.clockTicks });
        return;
      }
      onLine(line);
    });
    streams.stderr?.on('data', (chunk: Buffer) => {
      for (const l of chunk.toString('utf8').split('\n')) if (l.trim() !== '') this.stderrLines.push(l.trim());
      this.stderrLines.splice(0, Math.max(0, this.stderrLines.length - STDERR_LINES));
    });
    // Writes to a channel that closed under us must not throw out of the event loop.
    streams.stdin.on('error', () => undefined);
    this.ended = new Promise<void>((resolve) => {
      lines.once('close', () => {
        this.open = false;
        if (!greeted) fail(new Error(`${this.label}: the JVM monitor ended before it started${this.stderrTail()}`));
        resolve();
      });
    });
    streams.stdin.write(script);
  }

  get isOpen(): boolean {
    return this.open;
  }

  /** ` (stderr: …)` with the script's last error lines, or ''. */
  stderrTail(): string {
    return this.stderrLines.length === 0 ? '' : ` (stderr: ${this.stderrLines.slice(-3).join(' | ')})`;
  }

  /** Sends one command line (see the script's protocol); ignored once the channel is gone. */
  send(command: string): void {
    if (!this.open || /[\n\r]/.test(command)) return;
    this.streams.stdin.write(`${command}\n`);
  }

  /** Asks the script to end (it kills every jstat/jcmd it started) and closes our side. */
  close(): void {
    if (!this.open) return;
    this.send('q');
    this.streams.stdin.end();
  }
}

/** Starts the script on an exec channel of the connection; the channel closes with it. */
export async function openMonitorChannel(
  connection: SshConnection,
  script: string,
  onLine: (line: MonitorLine) => void,
): Promise<{ channel: MonitorChannel; close: () => void }> {
  const exec = await connection.exec(MONITOR_COMMAND);
  const channel = new MonitorChannel({ stdin: exec, stdout: exec, stderr: exec.stderr }, script, onLine, connection.host);
  return {
    channel,
    close: () => {
      channel.close();
      // The script exits at `q`; closing our side too makes sure the channel goes even if it hangs.
      setTimeout(() => exec.close(), 2000).unref();
    },
  };
}
