import { createHash } from 'node:crypto';

/**
 * Helpers for public keys in SSH wire format (the blob inside a known_hosts line or a
 * .pub file, and what ssh2 hands a host verifier): string type, then type-specific data.
 */

/** The key type at the start of a wire-format blob, or undefined when the blob is malformed. */
export function keyTypeOfBlob(blob: Buffer): string | undefined {
  if (blob.length < 4) return undefined;
  const len = blob.readUInt32BE(0);
  if (len === 0 || len > 64 || 4 + len > blob.length) return undefined;
  const type = blob.toString('latin1', 4, 4 + len);
  return /^[\x21-\x7e]+$/.test(type) ? type : undefined;
}

/** OpenSSH's fingerprint: `SHA256:` and the unpadded base64 of the blob's SHA-256. */
export function fingerprintSha256(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

/** The family name OpenSSH prints ("ED25519 key fingerprint is …"). */
export function keyFamilyLabel(type: string): string {
  const plain = type.replace(/-cert-v0\d@openssh\.com$/, '');
  if (plain === 'ssh-ed25519') return 'ED25519';
  if (plain.startsWith('ecdsa-sha2-')) return 'ECDSA';
  if (plain === 'ssh-rsa') return 'RSA';
  if (plain === 'ssh-dss') return 'DSA';
  if (plain.startsWith('sk-ssh-ed25519')) return 'ED25519-SK';
  if (plain.startsWith('sk-ecdsa-')) return 'ECDSA-SK';
  return plain;
}

/**
 * Two keys of the same family compete for the same known_hosts slot: a different key of
 * the same family means the host key changed (OpenSSH treats all ECDSA curves as one family).
 */
export function sameKeyFamily(a: string, b: string): boolean {
  return keyFamilyLabel(a) === keyFamilyLabel(b);
}

/** A public key line as .pub files and known_hosts hold it: `<type> <base64>`. */
export function publicKeyText(key: Buffer): string {
  const type = keyTypeOfBlob(key);
  if (!type) throw new Error('not a public key in SSH wire format');
  return `${type} ${key.toString('base64')}`;
}

/** Parses a `<type> <base64> [comment]` public key line (a .pub file) into its blob. */
export function parsePublicKeyText(text: string): Buffer {
  const [type, data] = text.trim().split(/\s+/);
  const blob = data && /^[A-Za-z0-9+/]+={0,2}$/.test(data) ? Buffer.from(data, 'base64') : undefined;
  if (!type || !blob || keyTypeOfBlob(blob) !== type) throw new Error('not an OpenSSH public key line');
  return blob;
}
