/** One hop of a ProxyJump list: `[user@]host[:port]` or `ssh://[user@]host[:port]`. */
export interface JumpSpec {
  host: string;
  user?: string | undefined;
  port?: number | undefined;
}

/** Parses a ProxyJump value (`a,b`, `alice@bast:2200`, `[::1]:22`); `none` is the empty chain. */
export function parseProxyJump(value: string, where: string): JumpSpec[] {
  if (value.trim().toLowerCase() === 'none') return [];
  return value.split(',').map((raw) => parseHop(raw.trim(), where));
}

function parseHop(raw: string, where: string): JumpSpec {
  const text = raw.startsWith('ssh://') ? raw.slice(6).replace(/\/$/, '') : raw;
  const at = text.lastIndexOf('@');
  const user = at >= 0 ? text.slice(0, at) : undefined;
  const rest = at >= 0 ? text.slice(at + 1) : text;
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(rest) ?? /^([^:[\]]+)(?::(\d+))?$/.exec(rest);
  if (!m || user === '') throw new Error(`${where}: ProxyJump hop "${raw}" is not [user@]host[:port]`);
  const port = m[2] === undefined ? undefined : Number(m[2]);
  if (port !== undefined && (port < 1 || port > 65535)) throw new Error(`${where}: ProxyJump hop "${raw}" has an invalid port`);
  return { host: m[1]!, user, port };
}

/** Formats hops back into a ProxyJump value. */
export function formatProxyJump(hops: JumpSpec[]): string {
  return hops
    .map((h) => `${h.user ? `${h.user}@` : ''}${h.host.includes(':') ? `[${h.host}]` : h.host}${h.port ? `:${h.port}` : ''}`)
    .join(',');
}
