import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import SSHConfig from 'ssh-config';
import { formatProxyJump, parseProxyJump, type JumpSpec } from './proxy-jump.js';
import { readConfigFiles } from './ssh-config-files.js';
import { expandTilde, expandTokens, parseTimeSpec, type TokenValues } from './ssh-config-tokens.js';

/**
 * Resolves a host alias the way `ssh -G` does, for the options perfmon honours, using the
 * ssh-config package for parsing and Host/Match selection (first obtained value wins).
 * Explicit overrides (inventory, command line) win like ssh's -l/-p/-J/-o options.
 */

export type StrictHostKeyChecking = 'yes' | 'ask' | 'accept-new' | 'no';

export interface ResolvedHostConfig {
  /** The name asked for (Host patterns match it case-sensitively, as in OpenSSH). */
  alias: string;
  hostName: string;
  port: number;
  user: string;
  /** Absolute paths, in order; the defaults when none is configured. */
  identityFiles: string[];
  identityFilesConfigured: boolean;
  identitiesOnly: boolean;
  /** undefined: $SSH_AUTH_SOCK; 'none': no agent; else a socket path (or `$VAR`). */
  identityAgent: string | undefined;
  /** The hop this host is reached through; that hop's own route continues in its proxyJump. */
  proxyJump: ResolvedHostConfig | undefined;
  /** The ProxyJump value as ssh -G prints it (`none` when direct). */
  proxyJumpText: string;
  /** Set when a ProxyCommand applies; perfmon does not run proxy commands and refuses the host. */
  proxyCommand: string | undefined;
  connectTimeoutMs: number | undefined;
  serverAliveIntervalMs: number;
  serverAliveCountMax: number;
  strictHostKeyChecking: StrictHostKeyChecking;
  userKnownHostsFiles: string[];
  globalKnownHostsFiles: string[];
  hostKeyAlias: string | undefined;
  hashKnownHosts: boolean;
}

export interface HostOverrides {
  /** The inventory's address: replaces HostName. */
  hostName?: string | undefined;
  port?: number | undefined;
  user?: string | undefined;
  /** Like `ssh -J`: replaces the configured ProxyJump/ProxyCommand ('none' for direct). */
  proxyJump?: string | undefined;
}

export interface SshConfigOptions {
  /** For `~` and %d; default os.homedir() (which honours $HOME). */
  home?: string;
  /** For %u; default the current user. */
  localUser?: string;
  /** Default [~/.ssh/config, /etc/ssh/ssh_config]; missing files are skipped. */
  configFiles?: string[];
}

export const DEFAULT_IDENTITY_FILES = ['~/.ssh/id_ed25519', '~/.ssh/id_ecdsa', '~/.ssh/id_rsa'];

export class SshConfigSource {
  private readonly config: SSHConfig;
  readonly home: string;
  private readonly localUser: string;

  constructor(options: SshConfigOptions = {}) {
    this.home = options.home ?? homedir();
    this.localUser = options.localUser ?? userInfo().username;
    const files = options.configFiles ?? [join(this.home, '.ssh', 'config'), '/etc/ssh/ssh_config'];
    const text = readConfigFiles(files, this.home);
    try {
      this.config = SSHConfig.parse(text);
    } catch (err) {
      throw new Error(`ssh config (${files.join(', ')}): ${(err as Error).message}`);
    }
  }

  resolve(alias: string, overrides: HostOverrides = {}): ResolvedHostConfig {
    return this.resolveHop(alias, overrides, []);
  }

  private resolveHop(alias: string, overrides: HostOverrides, route: string[]): ResolvedHostConfig {
    if (route.includes(alias) || route.length > 10) {
      throw new Error(`ssh config: ProxyJump loop: ${[...route, alias].join(' → ')}`);
    }
    const where = `ssh config: host ${alias}`;
    // Match exec would run shell commands from the config: perfmon treats it as not matching.
    const raw = this.configFor(overrides, where).compute(
      overrides.user === undefined ? { Host: alias } : { Host: alias, User: overrides.user },
      { ignoreCase: true, matchExec: false },
    );
    const get = (key: string): string | undefined => {
      const v = raw[key];
      return Array.isArray(v) ? v.join(' ') : v;
    };
    const list = (key: string): string[] | undefined => {
      const v = raw[key];
      if (v === undefined) return undefined;
      return (Array.isArray(v) ? v : v.split(/\s+/)).filter((s) => s !== '');
    };

    const user = overrides.user ?? get('user') ?? this.localUser;
    const port = overrides.port ?? parsePort(get('port'), where);
    const hostKeyAlias = get('hostkeyalias');
    const tokens: TokenValues = { home: this.home, localUser: this.localUser, hostName: alias.toLowerCase(), port, user, alias, hostKeyAlias };
    const hostName = expandTokens(get('hostname') ?? alias, tokens, `${where} HostName`, 'h%').toLowerCase();
    tokens.hostName = hostName;
    const path = (value: string, directive: string): string =>
      expandTokens(expandTilde(value, this.home, `${where} ${directive}`), tokens, `${where} ${directive}`);

    const configured = list('identityfile');
    const identityFiles = (configured ?? DEFAULT_IDENTITY_FILES).map((f) => path(f, 'IdentityFile'));
    const agent = get('identityagent');
    const identityAgent = agent === undefined || agent === 'SSH_AUTH_SOCK' ? undefined : agent === 'none' ? 'none' : path(agent, 'IdentityAgent');

    const { jump, jumpText, proxyCommand } = this.route(raw, overrides, where);
    const jumpHop = jump.at(-1);
    const proxyJump = jumpHop
      ? this.resolveHop(
          jumpHop.host,
          // Like `ssh -J a,b`: the last hop is reached through the earlier ones, whatever its own config says.
          { user: jumpHop.user, port: jumpHop.port, proxyJump: jump.length > 1 ? formatProxyJump(jump.slice(0, -1)) : undefined },
          [...route, alias],
        )
      : undefined;

    const aliveInterval = get('serveraliveinterval');
    const timeout = get('connecttimeout');
    return {
      alias,
      hostName,
      port,
      user,
      identityFiles,
      identityFilesConfigured: configured !== undefined,
      identitiesOnly: parseYesNo(get('identitiesonly') ?? 'no', `${where} IdentitiesOnly`),
      identityAgent,
      proxyJump,
      proxyJumpText: jumpText,
      proxyCommand,
      connectTimeoutMs: timeout === undefined || timeout === 'none' ? undefined : parseTimeSpec(timeout, `${where} ConnectTimeout`) * 1000,
      serverAliveIntervalMs: aliveInterval === undefined ? 0 : parseTimeSpec(aliveInterval, `${where} ServerAliveInterval`) * 1000,
      serverAliveCountMax: parseCount(get('serveralivecountmax') ?? '3', `${where} ServerAliveCountMax`),
      strictHostKeyChecking: parseStrict(get('stricthostkeychecking') ?? 'ask', where),
      userKnownHostsFiles: (list('userknownhostsfile') ?? ['~/.ssh/known_hosts', '~/.ssh/known_hosts2']).map((f) => path(f, 'UserKnownHostsFile')),
      globalKnownHostsFiles: (list('globalknownhostsfile') ?? ['/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2']).map((f) =>
        path(f, 'GlobalKnownHostsFile'),
      ),
      hostKeyAlias,
      hashKnownHosts: parseYesNo(get('hashknownhosts') ?? 'no', `${where} HashKnownHosts`),
    };
  }

  /**
   * An address override must take part in `Match host` like `ssh -o HostName=…` does, so it
   * goes in front of the parsed config as a global line (first value wins).
   */
  private configFor(overrides: HostOverrides, where: string): SSHConfig {
    if (overrides.hostName === undefined) return this.config;
    if (!/^[^\s"#]+$/.test(overrides.hostName)) throw new Error(`${where}: address "${overrides.hostName}" is not a host name or IP address`);
    const config = SSHConfig.parse(`HostName ${overrides.hostName}\n`);
    config.push(...this.config);
    return config;
  }

  /** ProxyJump or ProxyCommand, whichever came first (as in OpenSSH); an override wins. */
  private route(raw: Record<string, string | string[]>, overrides: HostOverrides, where: string) {
    const keys = Object.keys(raw);
    const jumpAt = keys.indexOf('proxyjump');
    const commandAt = keys.indexOf('proxycommand');
    const command = raw['proxycommand'];
    const commandText = Array.isArray(command) ? command.join(' ') : command;
    const useCommand =
      overrides.proxyJump === undefined && commandText !== undefined && commandText !== 'none' && (jumpAt < 0 || commandAt < jumpAt);
    const jumpValue = overrides.proxyJump ?? (useCommand ? 'none' : (raw['proxyjump'] as string | undefined) ?? 'none');
    const jump: JumpSpec[] = parseProxyJump(jumpValue, where);
    return { jump, jumpText: jump.length ? jumpValue : 'none', proxyCommand: useCommand ? commandText : undefined };
  }
}

/** Loads the ssh config files once and resolves one alias (convenience for a single host). */
export function resolveHostConfig(alias: string, options: SshConfigOptions & { overrides?: HostOverrides } = {}): ResolvedHostConfig {
  return new SshConfigSource(options).resolve(alias, options.overrides);
}

/** The hops in connection order: the first one dialled, …, the target last. */
export function jumpChain(target: ResolvedHostConfig): ResolvedHostConfig[] {
  const chain: ResolvedHostConfig[] = [];
  for (let hop: ResolvedHostConfig | undefined = target; hop; hop = hop.proxyJump) chain.unshift(hop);
  return chain;
}

function parsePort(value: string | undefined, where: string): number {
  if (value === undefined) return 22;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 1 || port > 65535) throw new Error(`${where}: Port "${value}" is not a port number`);
  return port;
}

function parseCount(value: string, where: string): number {
  if (!/^\d+$/.test(value)) throw new Error(`${where}: "${value}" is not a whole number`);
  return Number(value);
}

function parseYesNo(value: string, where: string): boolean {
  const v = value.toLowerCase();
  if (v === 'yes' || v === 'true') return true;
  if (v === 'no' || v === 'false') return false;
  throw new Error(`${where}: "${value}" is not yes or no`);
}

function parseStrict(value: string, where: string): StrictHostKeyChecking {
  const v = value.toLowerCase();
  if (v === 'yes' || v === 'true') return 'yes';
  if (v === 'no' || v === 'off' || v === 'false') return 'no';
  if (v === 'ask' || v === 'accept-new') return v;
  throw new Error(`${where}: StrictHostKeyChecking "${value}" is not yes, ask, accept-new, no or off`);
}
