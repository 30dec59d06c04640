import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fingerprintSha256, keyTypeOfBlob, publicKeyText, sameKeyFamily } from './key-blob.js';
import {
  entryMatchesName,
  hashHostName,
  knownHostsName,
  parseKnownHosts,
  type KnownHostEntry,
  type KnownHostsProblem,
  type ParsedKnownHosts,
} from './known-hosts-parse.js';

export { fingerprintSha256 } from './key-blob.js';
export { knownHostsName, parseKnownHosts } from './known-hosts-parse.js';
export type { KnownHostEntry, KnownHostsProblem } from './known-hosts-parse.js';

export type HostKeyVerdict =
  | { status: 'ok'; file: string; line: number }
  | { status: 'unknown'; fingerprint: string }
  | { status: 'changed'; fingerprint: string; file: string; line: number; knownFingerprint: string }
  | { status: 'revoked'; fingerprint: string; file: string; line: number };

export interface HostKeyQuery {
  host: string;
  port: number;
  hostKeyAlias?: string | undefined;
  /** Files in lookup order (user files, then global ones); missing files are skipped. */
  files: string[];
  /** Bad lines met while reading, reported once per file version. */
  onProblem?: (problem: KnownHostsProblem) => void;
}

/**
 * Checks a host key (wire-format blob) the way OpenSSH does: a matching @revoked line with
 * this key refuses it; otherwise an exact match anywhere accepts it; otherwise a different
 * key of the same family for this name means it changed; otherwise it is unknown.
 * @cert-authority lines are recognised and never taken as host keys.
 */
export async function verifyHostKey(query: HostKeyQuery & { key: Buffer }): Promise<HostKeyVerdict> {
  const { key } = query;
  const type = keyTypeOfBlob(key);
  if (!type) throw new Error('verifyHostKey: the key is not in SSH wire format');
  const fingerprint = fingerprintSha256(key);
  let ok: KnownHostEntry | undefined;
  let changed: KnownHostEntry | undefined;
  for (const entry of await entriesFor(query)) {
    const same = entry.key.equals(key);
    if (entry.marker === 'revoked') {
      if (same) return { status: 'revoked', fingerprint, file: entry.file, line: entry.line };
    } else if (entry.marker === null) {
      if (same) ok ??= entry;
      else if (sameKeyFamily(entry.keyType, type)) changed ??= entry;
    }
  }
  if (ok) return { status: 'ok', file: ok.file, line: ok.line };
  if (changed) {
    return { status: 'changed', fingerprint, file: changed.file, line: changed.line, knownFingerprint: fingerprintSha256(changed.key) };
  }
  return { status: 'unknown', fingerprint };
}

/**
 * The key types known for a host, in file order, so a client can prefer them when it
 * negotiates (OpenSSH does the same; otherwise a host known by its RSA key would look
 * unknown to a client that prefers ed25519).
 */
export async function knownHostKeyTypes(query: HostKeyQuery): Promise<string[]> {
  const types: string[] = [];
  for (const entry of await entriesFor(query)) {
    if (entry.marker === null && !types.includes(entry.keyType)) types.push(entry.keyType);
  }
  return types;
}

async function entriesFor(query: HostKeyQuery): Promise<KnownHostEntry[]> {
  const name = knownHostsName(query.host, query.port, query.hostKeyAlias);
  const out: KnownHostEntry[] = [];
  for (const file of query.files) {
    const parsed = await readKnownHostsFile(file, query.onProblem);
    out.push(...parsed.entries.filter((e) => entryMatchesName(e, name)));
  }
  return out;
}

// Parsed files, re-read only when they change: a fleet of hosts shares one known_hosts.
const cache = new Map<string, { version: string; parsed: ParsedKnownHosts }>();

/** Parses one known_hosts file (empty when it does not exist). */
export async function readKnownHostsFile(
  file: string,
  onProblem?: (problem: KnownHostsProblem) => void,
): Promise<ParsedKnownHosts> {
  let version: string;
  try {
    const st = await stat(file);
    version = `${st.ino}:${st.size}:${st.mtimeMs}`;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], problems: [] };
    throw err;
  }
  const hit = cache.get(file);
  if (hit?.version === version) return hit.parsed;
  const parsed = parseKnownHosts(await readFile(file, 'utf8'), file);
  cache.set(file, { version, parsed });
  if (onProblem) parsed.problems.forEach(onProblem);
  return parsed;
}

// Appends to one file are serialised so concurrent connections never interleave lines.
const appendQueues = new Map<string, Promise<unknown>>();

export interface AppendOptions {
  /** Write the name hashed (HashKnownHosts yes). */
  hash?: boolean;
  /** Record under this name instead of host/port (HostKeyAlias). */
  hostKeyAlias?: string | undefined;
}

/**
 * Appends a host key line for `host` (`[host]:port` when port ≠ 22), creating the
 * directory (0700) and file (0600) when missing. Returns the line number written, or the
 * existing line when the same key is already there (a concurrent connection added it).
 */
export function appendKnownHost(file: string, host: string, port: number, key: Buffer, options: AppendOptions = {}): Promise<number> {
  const previous = appendQueues.get(file) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(() => appendNow(file, host, port, key, options));
  appendQueues.set(file, run);
  void run.finally(() => {
    if (appendQueues.get(file) === run) appendQueues.delete(file);
  }).catch(() => undefined);
  return run;
}

async function appendNow(file: string, host: string, port: number, key: Buffer, options: AppendOptions): Promise<number> {
  const existing = await verifyHostKey({ host, port, hostKeyAlias: options.hostKeyAlias, key, files: [file] });
  if (existing.status === 'ok') return existing.line;
  const name = knownHostsName(host, port, options.hostKeyAlias);
  const field = options.hash ? hashHostName(name, randomBytes(20)) : name;
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const handle = await open(file, 'a+', 0o600);
  try {
    const { size } = await handle.stat();
    let text = `${field} ${publicKeyText(key)}\n`;
    let lines = 0;
    if (size > 0) {
      const content = await readFile(handle, 'utf8');
      lines = content.split('\n').length - (content.endsWith('\n') ? 1 : 0);
      if (!content.endsWith('\n')) text = `\n${text}`;
    }
    await handle.appendFile(text);
    return lines + 1;
  } finally {
    await handle.close();
  }
}
