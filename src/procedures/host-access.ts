/**
 * How procedures act on hosts: run a command, make an HTTP call from the host. Procedures
 * know nothing of SSH; src/procedures/ssh-host-access.ts implements this over src/ssh, and
 * the fleet's shared connection pool can implement it later without touching the engine.
 */
import type { SshConnection } from '../ssh/connection.js';

export interface CommandResult {
  /** Exit status, or null when the command died of a signal. */
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
}

export type { HttpRequest } from '../ssh/http-over-stream.js';
import type { HttpRequest } from '../ssh/http-over-stream.js';

export interface HttpResponse {
  status: number;
  body: string;
}

/** Who and where a host is, resolved locally (no connection): what templates may use. */
export interface HostTarget {
  /** The inventory name. */
  name: string;
  /** The inventory address (a name, an IP, or an ~/.ssh/config alias). */
  address: string;
  /** The SSH port and login user perfmon uses. */
  port: number;
  user: string;
}

export interface CallOptions {
  timeoutMs: number;
}

export interface HostAccess {
  target(host: string): HostTarget;
  /** Rejects when the host cannot be reached or the command outlives timeoutMs (it is killed). */
  exec(host: string, command: string, options: CallOptions): Promise<CommandResult>;
  /** Rejects when the host or the URL cannot be reached or no answer comes within timeoutMs. */
  http(host: string, request: HttpRequest, options: CallOptions): Promise<HttpResponse>;
  /** Closes whatever connections were opened. */
  close(): void;
}

/** A HostAccess over SSH also hands out the connection itself (for captures, logs). */
export interface ConnectionAccess extends HostAccess {
  /** The host's connection (opened now if the access opens them on demand). */
  connectionTo(host: string): Promise<SshConnection>;
}

/** Convenience: GET a URL from a host. */
export function httpGet(access: HostAccess, host: string, url: string, options: CallOptions): Promise<HttpResponse> {
  return access.http(host, { url }, options);
}
