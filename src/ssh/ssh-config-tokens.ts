import { hostname, userInfo } from 'node:os';

/**
 * `~` and `%` token expansion as ssh_config(5) "TOKENS" describes, for the directives we
 * honour (IdentityFile, UserKnownHostsFile, IdentityAgent, HostName).
 */

export interface TokenValues {
  home: string;
  localUser: string;
  hostName: string;
  port: number;
  user: string;
  alias: string;
  hostKeyAlias?: string | undefined;
}

/** Expands `%d %h %p %r %u %n %k %l %L %i %%`; any other token is an error naming it. */
export function expandTokens(value: string, values: TokenValues, where: string, allowed?: string): string {
  const map: Record<string, () => string> = {
    '%': () => '%',
    d: () => values.home,
    h: () => values.hostName,
    p: () => String(values.port),
    r: () => values.user,
    u: () => values.localUser,
    n: () => values.alias,
    k: () => values.hostKeyAlias ?? values.hostName,
    l: () => hostname(),
    L: () => hostname().split('.')[0] ?? '',
    i: () => String(userInfo().uid),
  };
  return value.replace(/%(.?)/g, (whole, token: string) => {
    const fn = map[token];
    if (!fn || (allowed !== undefined && !allowed.includes(token))) {
      throw new Error(`${where}: unsupported token ${token ? whole : '% at the end'} in "${value}"`);
    }
    return fn();
  });
}

/** `~` and `~/…` become the home directory; `~user` is refused (we do not look up other users). */
export function expandTilde(path: string, home: string, where: string): string {
  if (path === '~') return home;
  if (path.startsWith('~/')) return `${home}${path.slice(1)}`;
  if (path.startsWith('~')) throw new Error(`${where}: "${path}": ~user paths are not supported, write the full path`);
  return path;
}

/** An ssh_config time (`30`, `90s`, `1m30s`, `2h`) in seconds. */
export function parseTimeSpec(value: string, where: string): number {
  const units: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
  const text = value.toLowerCase();
  if (!/^(\d+[smhdw]?)+$/.test(text)) throw new Error(`${where}: "${value}" is not a time (e.g. 30, 90s, 1m30s)`);
  let total = 0;
  for (const [, n, unit] of text.matchAll(/(\d+)([smhdw]?)/g)) total += Number(n) * units[unit ?? '']!;
  return total;
}
