/**
 * Every failure of the SSH layer is an SshError: a kind to branch on (the fleet shows it as
 * the DOWN reason) and a one-line message that names the host.
 */
export type SshErrorKind =
  | 'refused'
  | 'timeout'
  | 'dns'
  | 'auth'
  | 'host-key-unknown'
  | 'host-key-changed'
  | 'host-key-revoked'
  | 'proxy'
  | 'closed'
  | 'protocol';

export interface SshErrorDetails {
  /** The hop where it happened, when not the target itself (a bastion). */
  hop?: string | undefined;
  /** Host key errors: the offered key's fingerprint, and the known_hosts file and line involved. */
  fingerprint?: string | undefined;
  file?: string | undefined;
  line?: number | undefined;
  cause?: unknown;
}

export class SshError extends Error {
  override readonly name = 'SshError';
  readonly hop: string | undefined;
  readonly fingerprint: string | undefined;
  readonly file: string | undefined;
  readonly line: number | undefined;

  constructor(
    readonly kind: SshErrorKind,
    /** The host the caller asked for (its alias). */
    readonly host: string,
    message: string,
    details: SshErrorDetails = {},
  ) {
    super(message.replace(/\s*\n\s*/g, ' '), details.cause === undefined ? undefined : { cause: details.cause });
    this.hop = details.hop;
    this.fingerprint = details.fingerprint;
    this.file = details.file;
    this.line = details.line;
  }
}

interface Ssh2Error extends Error {
  level?: string;
  code?: string;
  description?: string;
}

/**
 * Turns what ssh2 or the socket reported into an SshError for `host` (the target), naming
 * `hop` and its address when the failure was on the way. Host key refusals are built by the
 * verifier, which knows why it refused, not here.
 */
export function classifyError(err: unknown, host: string, hop: { alias: string; address: string }): SshError {
  const e = err as Ssh2Error;
  const at = describeHop(host, hop.alias, hop.address);
  const details = { hop: hop.alias === host ? undefined : hop.alias, cause: err };
  const text = e?.message ?? String(err);
  switch (e?.code) {
    case 'ECONNREFUSED':
      return new SshError('refused', host, `${at}: connection refused`, details);
    case 'ETIMEDOUT':
      return new SshError('timeout', host, `${at}: connection timed out`, details);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new SshError('refused', host, `${at}: no route to host`, details);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return new SshError('dns', host, `${at}: cannot resolve the host name (${e.code})`, details);
    case 'ECONNRESET':
    case 'EPIPE':
      return new SshError('closed', host, `${at}: connection reset by the remote host`, details);
  }
  switch (e?.level) {
    case 'client-dns':
      return new SshError('dns', host, `${at}: cannot resolve the host name: ${text}`, details);
    case 'client-timeout':
      return new SshError('timeout', host, `${at}: ${text === 'Keepalive timeout' ? 'no answer to keepalives' : text}`, details);
    case 'client-authentication':
      return new SshError('auth', host, `${at}: authentication failed: ${text}`, details);
    case 'client-socket':
      return new SshError('closed', host, `${at}: ${text}`, details);
  }
  // An SSH disconnect message from the server carries a numeric reason code.
  if (typeof (err as { code?: unknown })?.code === 'number') {
    const kind = /authentication/i.test(text) ? 'auth' : 'closed';
    return new SshError(kind, host, `${at}: the server disconnected: ${text}`, details);
  }
  if (/Connection lost before handshake/.test(text)) {
    return new SshError('closed', host, `${at}: the connection closed before the SSH handshake (sshd refused or dropped it)`, details);
  }
  return new SshError('protocol', host, `${at}: ${text}`, details);
}

/** How messages name where something happened: the host, or the host and its jump host. */
export function describeHop(host: string, hopAlias: string, address?: string): string {
  const addr = address ? ` (${address})` : '';
  return hopAlias === host ? `${host}${addr}` : `${host}: jump host ${hopAlias}${addr}`;
}
