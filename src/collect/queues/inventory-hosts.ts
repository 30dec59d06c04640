/**
 * Opening SSH connections to inventory hosts for the one-shot commands (`perfmon queues`):
 * the host's address, port, user and jump hosts override ~/.ssh/config like ssh's -o options,
 * its identity file is offered first. (The fleet's connection pool does the same for the TUI.)
 */
import type { HostEntry, Inventory } from '../../config/inventory-schema.js';
import { connect, type SshConnection } from '../../ssh/connection.js';
import { SshConfigSource, type SshConfigOptions } from '../../ssh/ssh-config.js';

export interface HostConnectOptions extends SshConfigOptions {
  env?: NodeJS.ProcessEnv;
  acceptNew?: boolean;
}

export async function connectInventoryHost(inventory: Pick<Inventory, 'ssh'>, host: HostEntry, source: SshConfigSource, options: HostConnectOptions = {}): Promise<SshConnection> {
  const resolved = source.resolve(host.name, {
    // An address equal to the name is the default: let ~/.ssh/config's HostName for that alias apply, as ssh would.
    hostName: host.address === host.name ? undefined : host.address,
    port: host.port ?? inventory.ssh.port,
    user: host.user ?? inventory.ssh.user,
    proxyJump: host.proxyJump ?? inventory.ssh.proxyJump,
  });
  const identity = host.identityFile ?? inventory.ssh.identityFile;
  const config = identity === undefined ? resolved : { ...resolved, identityFiles: [identity, ...resolved.identityFiles.filter((f) => f !== identity)] };
  return connect(config, {
    env: options.env,
    acceptNew: options.acceptNew === true || inventory.ssh.acceptNew,
    defaultConnectTimeoutMs: inventory.ssh.connectTimeout * 1000,
  });
}
