import type { HostEntry } from '../config/host-schema.js';
import type { Inventory } from '../config/inventory-schema.js';
import { SshConfigSource, type ResolvedHostConfig, type SshConfigOptions } from '../ssh/ssh-config.js';

/** A host of the fleet: its inventory entry and how ssh reaches it (or why it can't). */
export interface FleetHost {
  name: string;
  entry: HostEntry;
  ssh: ResolvedHostConfig | null;
  /** Set when ~/.ssh/config could not resolve the host: it shows down with this reason. */
  configError: string | null;
}

/**
 * Resolves every inventory host the way `ssh` would: the entry's address is the ssh alias
 * (so ~/.ssh/config Host blocks apply), and what the inventory sets wins like ssh's command
 * line (address, port, user, ProxyJump, identity file). Inventory SSH defaults fill what
 * neither sets: the connect timeout, the keepalive interval.
 */
export function resolveFleetHosts(inventory: Inventory, options: SshConfigOptions = {}): FleetHost[] {
  let source: SshConfigSource | null = null;
  let sourceError: string | null = null;
  try {
    source = new SshConfigSource(options);
  } catch (error) {
    sourceError = error instanceof Error ? error.message : String(error);
  }
  const defaults = inventory.ssh;
  return inventory.hosts.map((entry): FleetHost => {
    if (!source) return { name: entry.name, entry, ssh: null, configError: `ssh config: ${sourceError}` };
    try {
      const resolved = source.resolve(entry.address, {
        port: entry.port ?? defaults.port,
        user: entry.user ?? defaults.user,
        proxyJump: entry.proxyJump ?? defaults.proxyJump,
      });
      const identity = entry.identityFile ?? defaults.identityFile;
      const ssh: ResolvedHostConfig = {
        ...resolved,
        identityFiles: identity ? [expandHome(identity, source.home), ...resolved.identityFiles] : resolved.identityFiles,
        identityFilesConfigured: resolved.identityFilesConfigured || identity !== undefined,
        connectTimeoutMs: resolved.connectTimeoutMs ?? defaults.connectTimeout * 1000,
        serverAliveIntervalMs: resolved.serverAliveIntervalMs > 0 ? resolved.serverAliveIntervalMs : defaults.keepaliveInterval * 1000,
      };
      return { name: entry.name, entry, ssh, configError: null };
    } catch (error) {
      return { name: entry.name, entry, ssh: null, configError: `ssh config: ${error instanceof Error ? error.message : String(error)}` };
    }
  });
}

function expandHome(path: string, home: string): string {
  return path === '~' ? home : path.startsWith('~/') ? `${home}${path.slice(1)}` : path;
}
