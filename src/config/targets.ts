/**
 * Ad-hoc targets (`perfmon [user@]host[:port] …`) and picking part of an inventory with
 * `--group NAME` and/or targets.
 */
import { closest } from './did-you-mean.js';
import { isIP } from 'node:net';
import { jvmSettingsSchema, type HostEntry } from './host-schema.js';
import type { Inventory } from './inventory-schema.js';
import { componentHosts, groupHosts, SelectionError } from './inventory-queries.js';

const HOST_NAME = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;
const USER_NAME = /^[A-Za-z0-9_][A-Za-z0-9._-]*\$?$/;

function fail(target: string, reason: string): never {
  throw new SelectionError(`invalid target '${target}': ${reason}; expected [user@]host[:port] (IPv6 as [addr]:port)`);
}

function parsePort(target: string, text: string): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) < 1 || Number(text) > 65535) fail(target, `port '${text}' is not 1–65535`);
  return Number(text);
}

/**
 * `[user@]host[:port]` → a host entry. IPv6 addresses go in brackets when a port follows
 * (`[::1]:2222`); a bare IPv6 address has no port. The entry's name is the target without the
 * user (`web-1`, `web-1:2222`, `[::1]:2222`) so two ports on one address stay apart.
 * Throws SelectionError naming the target and what is wrong.
 */
export function parseTarget(target: string): HostEntry {
  const text = target.trim();
  if (text === '') fail(target, 'it is empty');
  if (text.startsWith('-')) fail(target, 'it starts with "-" (an option?)');
  const at = text.lastIndexOf('@');
  const user = at >= 0 ? text.slice(0, at) : undefined;
  const rest = at >= 0 ? text.slice(at + 1) : text;
  if (user !== undefined && !USER_NAME.test(user)) fail(target, user === '' ? 'the user before @ is empty' : `'${user}' is not a user name`);

  let address: string;
  let port: number | undefined;
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(rest);
  if (bracketed) {
    address = bracketed[1] ?? '';
    if (bracketed[2] !== undefined) port = parsePort(target, bracketed[2]);
  } else if ((rest.match(/:/g) ?? []).length >= 2) {
    address = rest; // a bare IPv6 address
  } else {
    const colon = rest.indexOf(':');
    address = colon >= 0 ? rest.slice(0, colon) : rest;
    if (colon >= 0) port = parsePort(target, rest.slice(colon + 1));
  }
  const zoneless = address.replace(/%[\w.-]+$/, '');
  if (address === '') fail(target, 'the host is empty');
  if (!HOST_NAME.test(address) && isIP(zoneless) === 0) fail(target, `'${address}' is not a host name or IP address`);
  return {
    name: rest,
    address,
    port,
    user,
    identityFile: undefined,
    proxyJump: undefined,
    labels: {},
    jvm: jvmSettingsSchema.parse(undefined),
  };
}

export interface Selection {
  /** `--group NAME` */
  group?: string | undefined;
  /** Positional `[user@]host[:port]` arguments. */
  targets?: readonly string[] | undefined;
}

// A target naming an inventory host uses that entry (its address, labels, jvm), with any user or port given.
function resolveTarget(inventory: Inventory, target: string): HostEntry {
  const parsed = parseTarget(target);
  const known = inventory.hosts.find((host) => host.name === parsed.address);
  if (known === undefined) return parsed;
  return { ...known, user: parsed.user ?? known.user, port: parsed.port ?? known.port };
}

/**
 * `perfmon snapshoot` would watch a host called `snapshoot`: a bare word that names no
 * inventory host and is a likely typo of a command is far more often the typo. Returns the
 * command it probably meant, or undefined. `user@name` or `name:22` still reach such a host.
 */
export function commandMeantBy(target: string, inventory: Inventory, commands: readonly string[]): string | undefined {
  if (!/^[a-z][a-z-]*$/i.test(target) || inventory.hosts.some((host) => host.name === target)) return undefined;
  return closest(target, commands);
}

/**
 * The part of the inventory to watch: the group's hosts, then the targets (a target that names
 * an inventory host uses its entry); components keep only selected hosts and are dropped when
 * none remain, with dependsOn trimmed to the kept components. Without group or targets: the
 * inventory unchanged. Procedures (restart, recover) should use the whole inventory.
 */
export function selectInventory(inventory: Inventory, selection: Selection): Inventory {
  const targets = selection.targets ?? [];
  if (selection.group === undefined && targets.length === 0) return inventory;
  const hosts = new Map<string, HostEntry>();
  if (selection.group !== undefined) for (const host of groupHosts(inventory, selection.group)) hosts.set(host.name, host);
  for (const target of targets) {
    const host = resolveTarget(inventory, target);
    if (!hosts.has(host.name)) hosts.set(host.name, host);
  }
  const components = inventory.components
    .map((component) => ({
      ...component,
      hosts: componentHosts(inventory, component)
        .map((host) => host.name)
        .filter((name) => hosts.has(name)),
      group: undefined,
    }))
    .filter((component) => component.hosts.length > 0);
  const kept = new Set(components.map((component) => component.name));
  return {
    ...inventory,
    hosts: [...hosts.values()],
    components: components.map((component) => ({ ...component, dependsOn: component.dependsOn.filter((name) => kept.has(name)) })),
  };
}
