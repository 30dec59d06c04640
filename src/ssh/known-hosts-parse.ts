import { createHmac, timingSafeEqual } from 'node:crypto';
import { matchPatternList } from './host-patterns.js';
import { keyTypeOfBlob } from './key-blob.js';

/**
 * Parser for OpenSSH known_hosts files (sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT"):
 *   [@revoked|@cert-authority] hostpatterns keytype base64-key [comment]
 * Host patterns are plain names, comma lists, `[host]:port`, wildcards and negations, or a
 * single hashed name `|1|base64(salt)|base64(HMAC-SHA1(salt, name))` (ssh-keygen -H).
 * A bad line is skipped and reported with its file and line, never fatal.
 */

export interface KnownHostEntry {
  file: string;
  line: number;
  marker: 'revoked' | 'cert-authority' | null;
  /** The host field as written (patterns, or the `|1|…` hashed form). */
  hostField: string;
  hashed: { salt: Buffer; hash: Buffer } | null;
  keyType: string;
  key: Buffer;
}

export interface KnownHostsProblem {
  file: string;
  line: number;
  message: string;
}

export interface ParsedKnownHosts {
  entries: KnownHostEntry[];
  problems: KnownHostsProblem[];
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export function parseKnownHosts(text: string, file: string): ParsedKnownHosts {
  const entries: KnownHostEntry[] = [];
  const problems: KnownHostsProblem[] = [];
  const lines = text.split('\n');
  lines.forEach((raw, index) => {
    const content = raw.replace(/\r$/, '').trim();
    if (content === '' || content.startsWith('#')) return;
    const result = parseLine(content);
    if (typeof result === 'string') problems.push({ file, line: index + 1, message: result });
    else entries.push({ file, line: index + 1, ...result });
  });
  return { entries, problems };
}

function parseLine(content: string): Omit<KnownHostEntry, 'file' | 'line'> | string {
  const fields = content.split(/[ \t]+/);
  let marker: KnownHostEntry['marker'] = null;
  if (fields[0]?.startsWith('@')) {
    const name = fields.shift()!;
    if (name === '@revoked') marker = 'revoked';
    else if (name === '@cert-authority') marker = 'cert-authority';
    else return `unknown marker ${name} (expected @revoked or @cert-authority)`;
  }
  const [hostField, keyType, data] = fields;
  if (!hostField || !keyType || !data) return 'expected: host patterns, key type, base64 key';
  let hashed: KnownHostEntry['hashed'] = null;
  if (hostField.startsWith('|')) {
    const parsed = parseHashedField(hostField);
    if (typeof parsed === 'string') return parsed;
    hashed = parsed;
  }
  if (!BASE64.test(data)) return `the key of type ${keyType} is not valid base64`;
  const key = Buffer.from(data, 'base64');
  const blobType = keyTypeOfBlob(key);
  if (blobType === undefined) return `the key of type ${keyType} is not an SSH public key`;
  if (blobType !== keyType) return `key type ${keyType} does not match the key data (${blobType})`;
  return { marker, hostField, hashed, keyType, key };
}

function parseHashedField(field: string): { salt: Buffer; hash: Buffer } | string {
  const parts = field.split('|');
  if (parts.length !== 4 || parts[1] !== '1') return `unsupported hashed host name ${field.slice(0, 8)}… (expected |1|salt|hash)`;
  const [salt, hash] = [parts[2]!, parts[3]!];
  if (!BASE64.test(salt) || !BASE64.test(hash)) return 'hashed host name: salt or hash is not valid base64';
  const out = { salt: Buffer.from(salt, 'base64'), hash: Buffer.from(hash, 'base64') };
  if (out.hash.length !== 20) return 'hashed host name: the hash is not a SHA-1 HMAC (20 bytes)';
  return out;
}

/** The name OpenSSH looks up: HostKeyAlias verbatim, else host, or `[host]:port` off port 22. */
export function knownHostsName(host: string, port: number, hostKeyAlias?: string): string {
  if (hostKeyAlias) return hostKeyAlias.toLowerCase();
  const name = host.toLowerCase();
  return port === 22 ? name : `[${name}]:${port}`;
}

/** Whether an entry's host field covers the (already formed) known_hosts name. */
export function entryMatchesName(entry: KnownHostEntry, name: string): boolean {
  if (entry.hashed) {
    const digest = createHmac('sha1', entry.hashed.salt).update(name).digest();
    return timingSafeEqual(digest, entry.hashed.hash);
  }
  return matchPatternList(name, entry.hostField) === 1;
}

/** The `|1|salt|hash` form of a name, as `ssh-keygen -H` and HashKnownHosts write it. */
export function hashHostName(name: string, salt: Buffer): string {
  const hash = createHmac('sha1', salt).update(name).digest('base64');
  return `|1|${salt.toString('base64')}|${hash}`;
}
