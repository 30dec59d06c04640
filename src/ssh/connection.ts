import type { Client } from 'ssh2';
import { defaultHandshakeGate, type HandshakeGate } from './gate.js';
import { forwardToHop, handshakeHop, type HandshakeOptions } from './handshake.js';
import { jumpChain, type ResolvedHostConfig } from './ssh-config.js';
import { SshConnection } from './ssh-connection.js';
import { describeHop, SshError } from './ssh-error.js';

export { SshConnection, stopCommand } from './ssh-connection.js';
export type { CloseReason, ExecOptions, ExecResult, ExecTextOptions, SessionCounts } from './ssh-connection.js';
export { SshError, type SshErrorKind } from './ssh-error.js';
export { forgetPassphrases } from './auth.js';

export interface ConnectOptions extends HandshakeOptions {
  /** Sessions (exec, sftp) at once before requests queue; default 10 (OpenSSH's MaxSessions). */
  maxSessions?: number;
  /** Bounds concurrent handshakes; default the process-wide gate (10, and 10 per first hop). */
  handshakeGate?: HandshakeGate;
}

/**
 * Opens an authenticated connection to a resolved host, through its ProxyJump chain: the
 * first hop is dialled, each next hop is reached by a direct-tcpip channel from the previous
 * one and its SSH connection runs over that channel; every hop's host key is verified
 * against its own known_hosts settings. Rejects with an SshError.
 */
export async function connect(target: ResolvedHostConfig, options: ConnectOptions = {}): Promise<SshConnection> {
  const chain = jumpChain(target);
  for (const hop of chain) {
    if (hop.proxyCommand !== undefined) {
      throw new SshError('proxy', target.alias, `${describeHop(target.alias, hop.alias)}: ProxyCommand is not supported by perfmon (use ProxyJump): ${hop.proxyCommand}`, {
        hop: hop === target ? undefined : hop.alias,
      });
    }
  }
  const first = chain[0]!;
  const release = await (options.handshakeGate ?? defaultHandshakeGate).acquire(`${first.hostName}:${first.port}`);
  const clients: Client[] = [];
  try {
    for (const [i, hop] of chain.entries()) {
      const via = clients[i - 1];
      const sock = via ? await forwardToHop(via, chain[i - 1]!, hop, target.alias) : undefined;
      clients.push(await handshakeHop(target.alias, hop, options, sock));
    }
  } catch (err) {
    for (const client of clients.reverse()) client.end();
    throw err;
  } finally {
    release();
  }
  return new SshConnection(target, clients, { maxSessions: options.maxSessions });
}
