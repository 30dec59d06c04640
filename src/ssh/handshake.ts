import type { Duplex } from 'node:stream';
import ssh2, { type Client, type ClientChannel, type ConnectConfig } from 'ssh2';
import { AuthPlan, type AskPassphrase } from './auth.js';
import { HostKeyCheck, type HostKeyPolicy } from './host-key-check.js';
import type { ResolvedHostConfig } from './ssh-config.js';
import { classifyError, describeHop, SshError } from './ssh-error.js';

export interface HandshakeOptions extends HostKeyPolicy {
  askPassphrase?: AskPassphrase | undefined;
  env?: NodeJS.ProcessEnv | undefined;
  /** When the host sets no ConnectTimeout. Default 20 s. */
  defaultConnectTimeoutMs?: number | undefined;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 20_000;

/**
 * Connects, verifies and authenticates one hop (over `sock` when it is reached through a
 * previous hop). Resolves with a ready ssh2 Client, or rejects with an SshError saying why.
 * The timeout covers TCP, key exchange and authentication, minus time spent waiting for a
 * human to type a passphrase.
 */
export async function handshakeHop(target: string, hop: ResolvedHostConfig, options: HandshakeOptions, sock?: Duplex): Promise<Client> {
  const check = new HostKeyCheck(target, hop, options);
  const serverHostKey = await check.preferredAlgorithms();
  const address = `${hop.hostName}:${hop.port}`;
  const timeoutMs = hop.connectTimeoutMs ?? options.defaultConnectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const client = new ssh2.Client();

  return new Promise<Client>((resolve, reject) => {
    let settled = false;
    let firstError: (Error & { level?: string }) | undefined;
    let timer: NodeJS.Timeout | undefined;
    const startTimer = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        const how = hop.connectTimeoutMs === undefined ? '' : ' (ConnectTimeout)';
        fail(new SshError('timeout', target, `${describeHop(target, hop.alias, address)}: no SSH session after ${timeoutMs / 1000}s${how}`, { hop: hopName() }));
      }, timeoutMs);
    };
    const auth = new AuthPlan(hop, {
      askPassphrase: options.askPassphrase,
      env: options.env,
      onPrompt: (active) => (active ? clearTimeout(timer) : startTimer()),
    });
    const hopName = (): string | undefined => (hop.alias === target ? undefined : hop.alias);

    const onError = (err: Error & { level?: string }): void => {
      // An unusable agent is not fatal: authentication goes on with the identity files.
      if (err.level !== 'agent') firstError ??= err;
    };
    const onClose = (): void => fail(explain());
    const onReady = (): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      detach();
      resolve(client);
    };
    const detach = (): void => {
      client.off('error', onError).off('close', onClose).off('ready', onReady);
      // Until the connection object takes over, an error must not go unhandled.
      client.on('error', () => undefined);
    };
    function fail(err: SshError): void {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      detach();
      client.destroy();
      reject(err);
    }
    function explain(): SshError {
      if (check.refusal) return check.refusal;
      if (firstError?.level === 'client-authentication') {
        return new SshError('auth', target, `${describeHop(target, hop.alias, address)}: authentication as ${hop.user} failed: ${auth.summary()}`, {
          hop: hopName(),
          cause: firstError,
        });
      }
      if (firstError) return classifyError(firstError, target, { alias: hop.alias, address });
      return new SshError('closed', target, `${describeHop(target, hop.alias, address)}: the connection closed during the SSH handshake`, { hop: hopName() });
    }

    client.on('error', onError).on('close', onClose).once('ready', onReady);
    const config: ConnectConfig = {
      host: hop.hostName,
      port: hop.port,
      username: hop.user,
      hostVerifier: check.verifier,
      authHandler: auth.handler,
      readyTimeout: 0, // ours above, which pauses for passphrase prompts
      keepaliveInterval: hop.serverAliveIntervalMs,
      keepaliveCountMax: hop.serverAliveCountMax,
      ...(sock ? { sock: sock as unknown as ConnectConfig['sock'] } : {}),
      ...(serverHostKey ? { algorithms: { serverHostKey: serverHostKey as never } } : {}),
    };
    startTimer();
    try {
      client.connect(config);
    } catch (err) {
      fail(new SshError('protocol', target, `${describeHop(target, hop.alias, address)}: ${(err as Error).message}`, { hop: hopName(), cause: err }));
    }
  });
}

/** Opens a TCP channel from `via` to the next hop, to carry that hop's SSH connection. */
export function forwardToHop(via: Client, viaHop: ResolvedHostConfig, next: ResolvedHostConfig, target: string): Promise<ClientChannel> {
  return new Promise((resolve, reject) => {
    via.forwardOut('127.0.0.1', 0, next.hostName, next.port, (err, channel) => {
      if (!err) return resolve(channel);
      const why = err.message.replace(/^\(SSH\) Channel open failure:\s*/, '');
      reject(
        new SshError('proxy', target, `${describeHop(target, viaHop.alias)}: cannot reach ${next.alias} (${next.hostName}:${next.port}) from there: ${why}`, {
          hop: viaHop.alias === target ? undefined : viaHop.alias,
          cause: err,
        }),
      );
    });
  });
}
