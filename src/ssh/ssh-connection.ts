import { EventEmitter } from 'node:events';
import type { Client, ClientChannel, PseudoTtyOptions, SFTPWrapper } from 'ssh2';
import { Gate } from './gate.js';
import type { ResolvedHostConfig } from './ssh-config.js';
import { classifyError, describeHop, SshError, type SshErrorKind } from './ssh-error.js';

/** Why a connection closed: 'requested' when close() was called, else what went wrong. */
export interface CloseReason {
  kind: SshErrorKind | 'requested';
  message: string;
}

export interface ExecOptions {
  pty?: boolean | PseudoTtyOptions;
  /** Sent as SSH env requests; sshd drops names its AcceptEnv does not list. */
  env?: Record<string, string>;
}

export interface ExecTextOptions {
  timeoutMs: number;
  /** Written to the command's stdin, then EOF (EOF alone when absent). */
  stdin?: string | Buffer;
  env?: Record<string, string>;
}

export interface ExecResult {
  /** The exit status, or null when the command died of a signal (then e.g. 'SIGTERM'). */
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
}

export interface SessionCounts {
  open: number;
  waiting: number;
  limit: number;
}

export interface SshConnection {
  on(event: 'close', listener: (reason: CloseReason) => void): this;
  once(event: 'close', listener: (reason: CloseReason) => void): this;
  off(event: 'close', listener: (reason: CloseReason) => void): this;
}

/**
 * One authenticated SSH connection (through its jump hosts, if any). Sessions (exec, sftp)
 * are counted against a cap, OpenSSH's MaxSessions (10) by default: requests over it wait
 * in a queue until a session closes. Emits 'close' once, with the reason.
 */
export class SshConnection extends EventEmitter {
  private readonly sessions: Gate;
  private reason: CloseReason | undefined;
  private readonly lastErrors: Array<Error | undefined>;

  constructor(
    readonly config: ResolvedHostConfig,
    /** The chain's clients, first hop first, the target's last. */
    private readonly clients: Client[],
    options: { maxSessions?: number | undefined } = {},
  ) {
    super();
    this.sessions = new Gate(options.maxSessions ?? 10);
    this.lastErrors = clients.map(() => undefined);
    clients.forEach((client, i) => {
      client.on('error', (err: Error) => (this.lastErrors[i] = err));
      client.on('close', () => this.lost(i));
    });
  }

  /** The target's alias. */
  get host(): string {
    return this.config.alias;
  }

  get closed(): boolean {
    return this.reason !== undefined;
  }

  get closeReason(): CloseReason | undefined {
    return this.reason;
  }

  get sessionCounts(): SessionCounts {
    return { open: this.sessions.active, waiting: this.sessions.waiting, limit: this.sessions.limit };
  }

  /**
   * Bytes this connection moved on the network (its first hop's TCP socket), for the fleet
   * benchmark's bytes-per-sample figure; null when ssh2 does not expose the socket.
   */
  wireBytes(): { read: number; written: number } | null {
    // ssh2 keeps its socket in a private field; read it defensively, it is only for figures.
    const sock = (this.clients[0] as unknown as { _sock?: { bytesRead?: number; bytesWritten?: number } })._sock;
    if (typeof sock?.bytesRead !== 'number' || typeof sock.bytesWritten !== 'number') return null;
    return { read: sock.bytesRead, written: sock.bytesWritten };
  }

  private get target(): Client {
    return this.clients[this.clients.length - 1]!;
  }

  /** Starts a command; the returned channel is the command's stdin/stdout (stderr on .stderr). */
  async exec(command: string, options: ExecOptions = {}): Promise<ClientChannel> {
    return this.withSession('exec', (done) =>
      this.target.exec(command, { ...(options.pty ? { pty: options.pty } : {}), ...(options.env ? { env: options.env } : {}) }, done),
    );
  }

  /** Runs a command to completion and collects its output (killed and rejected after timeoutMs). */
  async execText(command: string, options: ExecTextOptions): Promise<ExecResult> {
    const channel = await this.exec(command, options.env ? { env: options.env } : {});
    return new Promise((resolve, reject) => {
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      let timedOut = false;
      channel.on('data', (d: Buffer) => stdout.push(d));
      channel.stderr.on('data', (d: Buffer) => stderr.push(d));
      const timer = setTimeout(() => {
        timedOut = true;
        signalChannel(channel, 'KILL');
        channel.close();
      }, options.timeoutMs);
      // The exit status rides on 'close': ssh2's 'exit' event can fire before exec() resolves.
      channel.on('close', (code?: number | null, signal?: string) => {
        clearTimeout(timer);
        if (timedOut) {
          reject(new SshError('timeout', this.host, `${this.host}: command timed out after ${options.timeoutMs / 1000}s: ${brief(command)}`));
        } else if (code === undefined && this.closed) {
          reject(new SshError('closed', this.host, `${this.host}: connection lost while running: ${brief(command)} (${this.reason!.message})`));
        } else {
          resolve({
            code: typeof code === 'number' ? code : null,
            signal: signal ?? null,
            stdout: Buffer.concat(stdout).toString('utf8'),
            stderr: Buffer.concat(stderr).toString('utf8'),
          });
        }
      });
      channel.end(options.stdin);
    });
  }

  /** An SFTP session (counted like any session until it closes). */
  async sftp(): Promise<SFTPWrapper> {
    return this.withSession('sftp', (done) => this.target.sftp(done));
  }

  /** A TCP connection from the host to dstHost:dstPort (direct-tcpip; not a session). */
  async forwardOut(dstHost: string, dstPort: number): Promise<ClientChannel> {
    this.assertOpen();
    return new Promise((resolve, reject) => {
      this.target.forwardOut('127.0.0.1', 0, dstHost, dstPort, (err, channel) => {
        if (err) reject(this.channelError(err, `forward to ${dstHost}:${dstPort}`));
        else resolve(channel);
      });
    });
  }

  /** Closes the connection and its jump hops; 'close' fires with kind 'requested'. */
  close(): void {
    this.finish({ kind: 'requested', message: `${this.host}: closed by perfmon` });
    for (const client of [...this.clients].reverse()) client.end();
  }

  private async withSession<T extends { once(event: 'close', fn: () => void): unknown }>(
    what: string,
    open: (done: (err: Error | undefined, value: T) => void) => void,
  ): Promise<T> {
    this.assertOpen();
    const release = await this.sessions.acquire();
    try {
      for (let attempt = 0; ; attempt++) {
        this.assertOpen();
        try {
          const value = await new Promise<T>((resolve, reject) => open((err, v) => (err ? reject(err) : resolve(v))));
          value.once('close', release);
          return value;
        } catch (err) {
          // sshd frees a closed session only at the end of its event loop turn, so an open
          // that follows a close closely can be refused although we are under the cap:
          // retry a few times, briefly, before believing the refusal.
          if (!isOpenFailed(err) || attempt >= SESSION_RETRIES.length) throw err;
          await new Promise((resolve) => setTimeout(resolve, SESSION_RETRIES[attempt]));
        }
      }
    } catch (err) {
      release();
      throw this.channelError(err, what);
    }
  }

  private assertOpen(): void {
    if (this.reason) throw new SshError(this.reason.kind === 'requested' ? 'closed' : this.reason.kind, this.host, this.reason.message);
  }

  private channelError(err: unknown, what: string): SshError {
    if (err instanceof SshError) return err;
    if (this.reason) return new SshError('closed', this.host, `${this.host}: ${what}: ${this.reason.message}`, { cause: err });
    const why = (err as Error).message.replace(/^\(SSH\) Channel open failure:\s*/, '');
    return new SshError('protocol', this.host, `${this.host}: ${what} refused by the server: ${why}`, { cause: err });
  }

  /** A hop's connection went away: the whole chain is gone. */
  private lost(index: number): void {
    if (this.reason) return;
    const hop = hopAt(this.config, this.clients.length, index);
    const address = `${hop.hostName}:${hop.port}`;
    const err = this.lastErrors[index];
    const reason: CloseReason = err
      ? (({ kind, message }) => ({ kind, message }))(classifyError(err, this.host, { alias: hop.alias, address }))
      : { kind: 'closed', message: `${describeHop(this.host, hop.alias, address)}: connection closed by the remote host` };
    this.finish(reason);
    for (const client of this.clients) client.end();
  }

  private finish(reason: CloseReason): void {
    if (this.reason) return;
    this.reason = reason;
    this.sessions.rejectWaiting(new SshError(reason.kind === 'requested' ? 'closed' : reason.kind, this.host, reason.message));
    this.emit('close', reason);
  }
}

const SESSION_RETRIES = [10, 40, 160];

/** SSH_OPEN_CONNECT_FAILED, what OpenSSH answers when a session cannot be opened. */
function isOpenFailed(err: unknown): boolean {
  return (err as { reason?: number }).reason === 2;
}

/** The resolved config of hop `index` in a chain of `length` (0 = first hop, length-1 = target). */
function hopAt(target: ResolvedHostConfig, length: number, index: number): ResolvedHostConfig {
  let hop = target;
  for (let i = length - 1; i > index && hop.proxyJump; i--) hop = hop.proxyJump;
  return hop;
}

/**
 * Sends a signal request (OpenSSH runs kill(2) on the command). ssh2's Channel.signal()
 * does nothing once our side sent EOF, though the protocol allows the request until the
 * channel closes; execText always sends EOF first, so this goes to ssh2's protocol object.
 */
function signalChannel(channel: ClientChannel, name: string): void {
  const c = channel as unknown as { outgoing?: { id: number; state: string }; _client?: { _protocol?: { signal(id: number, s: string): void } } };
  const state = c.outgoing?.state;
  if (c.outgoing && c._client?._protocol && (state === 'open' || state === 'eof')) c._client._protocol.signal(c.outgoing.id, name);
  else channel.signal(name);
}

/**
 * Stops a command started with exec() that would run on (tail -F, journalctl -f): TERM to it,
 * then the channel closed. Closing alone would leave it running on the host until it next
 * writes (no pty: nothing hangs it up).
 */
export function stopCommand(channel: ClientChannel): void {
  try {
    signalChannel(channel, 'TERM');
  } catch {
    // the channel is already closing: nothing left to signal
  }
  channel.close();
}

function brief(command: string): string {
  const line = command.replace(/\s+/g, ' ').trim();
  return line.length > 60 ? `${line.slice(0, 57)}...` : line;
}
