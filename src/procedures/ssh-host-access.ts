/**
 * HostAccess over src/ssh: one connection per inventory host, opened on first use and reused
 * until it closes (then the next call opens a new one). HTTP goes through the connection
 * (direct-tcpip from the host), so nothing listens anywhere. The fleet's shared pool will
 * replace this class; the HostAccess interface is what the procedures depend on.
 */
import { connect, type ConnectOptions, type SshConnection } from '../ssh/connection.js';
import { SshConfigSource, type ResolvedHostConfig } from '../ssh/ssh-config.js';
import type { HostEntry, Inventory } from '../config/inventory-schema.js';
import type { CallOptions, CommandResult, ConnectionAccess, HostTarget, HttpRequest, HttpResponse } from './host-access.js';
import { httpThroughConnection } from './http-through-connection.js';

/**
 * The SSH settings of an inventory host, resolved like `ssh -i KEY -p PORT -l USER -J JUMP
 * ADDRESS`: the address is looked up in ~/.ssh/config (it may be an alias), the inventory's
 * port, user, jump and identity file win over it.
 */
export function resolveInventoryHost(source: SshConfigSource, inventory: Pick<Inventory, 'ssh'>, host: HostEntry): ResolvedHostConfig {
  const resolved = source.resolve(host.address, {
    port: host.port ?? inventory.ssh.port,
    user: host.user ?? inventory.ssh.user,
    proxyJump: host.proxyJump ?? inventory.ssh.proxyJump,
  });
  const identity = host.identityFile ?? inventory.ssh.identityFile;
  if (identity === undefined) return resolved;
  return {
    ...resolved,
    identityFiles: [identity, ...(resolved.identityFilesConfigured ? resolved.identityFiles : [])],
    identityFilesConfigured: true,
  };
}

export interface SshHostAccessOptions {
  /** Default: ~/.ssh/config and /etc/ssh/ssh_config under the real home. */
  source?: SshConfigSource;
  /** Handshake options (env for SSH_AUTH_SOCK, passphrase prompt, warnings). */
  connect?: ConnectOptions;
}

export class SshHostAccess implements ConnectionAccess {
  private readonly source: SshConfigSource;
  private readonly hosts: Map<string, HostEntry>;
  private readonly resolved = new Map<string, ResolvedHostConfig>();
  private readonly connections = new Map<string, Promise<SshConnection>>();

  constructor(
    private readonly inventory: Pick<Inventory, 'ssh' | 'hosts'>,
    private readonly options: SshHostAccessOptions = {},
  ) {
    this.source = options.source ?? new SshConfigSource();
    this.hosts = new Map(inventory.hosts.map((host) => [host.name, host]));
  }

  private config(name: string): ResolvedHostConfig {
    let config = this.resolved.get(name);
    if (config === undefined) {
      const host = this.hosts.get(name);
      if (host === undefined) throw new Error(`${name}: not a host of the inventory`);
      config = resolveInventoryHost(this.source, this.inventory, host);
      this.resolved.set(name, config);
    }
    return config;
  }

  target(name: string): HostTarget {
    const config = this.config(name);
    return { name, address: this.hosts.get(name)!.address, port: config.port, user: config.user };
  }

  /** The host's connection, opened now if there is none (for what needs the connection itself: captures). */
  connectionTo(name: string): Promise<SshConnection> {
    return this.connection(name);
  }

  private connection(name: string): Promise<SshConnection> {
    const open = this.connections.get(name);
    if (open !== undefined) return open;
    const { ssh } = this.inventory;
    const opening = connect(this.config(name), {
      acceptNew: ssh.acceptNew,
      maxSessions: ssh.maxSessions,
      defaultConnectTimeoutMs: ssh.connectTimeout * 1000,
      ...this.options.connect,
    });
    this.connections.set(name, opening);
    opening.then(
      (connection) => connection.once('close', () => this.forget(name, opening)),
      () => this.forget(name, opening),
    );
    return opening;
  }

  private forget(name: string, which: Promise<SshConnection>): void {
    if (this.connections.get(name) === which) this.connections.delete(name);
  }

  async exec(host: string, command: string, options: CallOptions): Promise<CommandResult> {
    const connection = await this.connection(host);
    const { code, signal, stdout, stderr } = await connection.execText(command, { timeoutMs: options.timeoutMs });
    return { code, signal, stdout, stderr };
  }

  async http(host: string, request: HttpRequest, options: CallOptions): Promise<HttpResponse> {
    const started = Date.now();
    return httpThroughConnection(await this.connection(host), request, options, started);
  }

  close(): void {
    const open = [...this.connections.values()];
    this.connections.clear();
    for (const connection of open) connection.then((c) => c.close(), () => undefined);
  }
}
