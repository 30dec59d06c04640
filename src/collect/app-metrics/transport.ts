/**
 * What the collectors of this folder, the queue collectors and the PostgreSQL collector need
 * from a host: an HTTP GET as seen from that host, and a command run there. The SSH
 * implementation forwards a channel through the existing connection (direct-tcpip: no port
 * opened, nothing installed); tests use a lab host's real SshConnection through it.
 */
import type { Duplex } from 'node:stream';
import type { ExecResult } from '../../ssh/connection.js';
import { httpGetOverStream, type HttpResponse } from './http-get.js';

export interface HttpTarget {
  scheme: 'http' | 'https';
  host: string;
  port: number;
  /** Path and query, starting with '/'. */
  path: string;
}

export interface HttpGetOptions {
  timeoutMs: number;
  headers?: Record<string, string>;
  /** Bodies larger than this are cut off with an error (default 32 MiB). */
  maxBytes?: number;
}

export interface ExecOnHostOptions {
  timeoutMs: number;
  stdin?: string;
}

export interface Transport {
  /** The host's name, for messages. */
  readonly host: string;
  httpGet(target: HttpTarget, options: HttpGetOptions): Promise<HttpResponse>;
  exec(command: string, options: ExecOnHostOptions): Promise<ExecResult>;
}

/** The part of SshConnection a transport needs (an interface, so any connection-like object fits). */
export interface SshLike {
  readonly host: string;
  forwardOut(dstHost: string, dstPort: number): Promise<Duplex>;
  execText(command: string, options: { timeoutMs: number; stdin?: string | Buffer }): Promise<ExecResult>;
}

/** HTTP through direct-tcpip channels and commands through exec channels of one SSH connection. */
export function sshTransport(connection: SshLike): Transport {
  return {
    host: connection.host,
    httpGet: (target, options) =>
      httpGetOverStream(() => connection.forwardOut(target.host, target.port), target, { ...options, hostLabel: connection.host }),
    exec: (command, options) => connection.execText(command, options),
  };
}

export type { HttpResponse };
