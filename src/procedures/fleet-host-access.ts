/**
 * HostAccess on the fleet's shared connections: in the TUI the procedures (and the component
 * health watch) ride on the SSH connection each host is already watched through, as the
 * collectors do (src/fleet/fleet-transport.ts), instead of opening a second one. A host that
 * is down has no connection: every call on it is refused at once with the reason, so a plan
 * that needs it fails before anything runs (the lock is taken on every host first).
 */
import type { Inventory } from '../config/inventory-schema.js';
import { resolveFleetHosts, type FleetHost } from '../fleet/fleet-host.js';
import type { FleetMonitor } from '../fleet/fleet-monitor.js';
import type { SshConnection } from '../ssh/connection.js';
import type { SshConfigOptions } from '../ssh/ssh-config.js';
import type { CallOptions, CommandResult, ConnectionAccess, HostTarget, HttpRequest, HttpResponse } from './host-access.js';
import { httpThroughConnection } from './http-through-connection.js';

/** A host is down: the call is refused without trying. */
export class HostDownError extends Error {
  constructor(readonly host: string) {
    super(`${host} is down (no SSH connection): nothing was sent to it`);
    this.name = 'HostDownError';
  }
}

export class FleetHostAccess implements ConnectionAccess {
  private readonly hosts: Map<string, FleetHost>;

  constructor(
    private readonly inventory: Pick<Inventory, 'hosts' | 'ssh'>,
    private readonly fleet: Pick<FleetMonitor, 'connection'>,
    /** Resolved the way the fleet resolved them (same ~/.ssh/config); resolved here when absent. */
    hosts?: readonly FleetHost[],
    sshConfig: SshConfigOptions = {},
  ) {
    this.hosts = new Map((hosts ?? resolveFleetHosts(inventory as Inventory, sshConfig)).map((h) => [h.name, h]));
  }

  target(name: string): HostTarget {
    const host = this.hosts.get(name);
    if (host === undefined) throw new Error(`${name}: not a host of the inventory`);
    const { ssh } = this.inventory;
    // A host ~/.ssh/config could not resolve is down in the fleet; templates still get the inventory's view.
    return {
      name,
      address: host.entry.address,
      port: host.ssh?.port ?? host.entry.port ?? ssh.port ?? 22,
      user: host.ssh?.user ?? host.entry.user ?? ssh.user ?? '',
    };
  }

  /** The host's live connection (logs follow on it); rejects at once while the host is down. */
  async connectionTo(host: string): Promise<SshConnection> {
    return this.live(host);
  }

  private live(host: string): SshConnection {
    if (!this.hosts.has(host)) throw new Error(`${host}: not a host of the inventory`);
    const connection = this.fleet.connection(host);
    if (connection === null) throw new HostDownError(host);
    return connection;
  }

  async exec(host: string, command: string, options: CallOptions): Promise<CommandResult> {
    const { code, signal, stdout, stderr } = await this.live(host).execText(command, { timeoutMs: options.timeoutMs });
    return { code, signal, stdout, stderr };
  }

  async http(host: string, request: HttpRequest, options: CallOptions): Promise<HttpResponse> {
    return httpThroughConnection(this.live(host), request, options);
  }

  /** The connections are the fleet's: it closes them. */
  close(): void {}
}
