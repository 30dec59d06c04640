import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

export type KeyType = 'ed25519' | 'ecdsa' | 'rsa';

export interface KeyPair {
  /** The private key file (OpenSSH format, 0600). */
  privateFile: string;
  publicFile: string;
  /** `<type> <base64> <comment>` as in the .pub file. */
  publicText: string;
  /** The public key in SSH wire format (what known_hosts lines and host verifiers hold). */
  publicBlob: Buffer;
}

/** Generates a key pair with the machine's ssh-keygen (never a hand-made key). */
export async function generateKeyPair(
  file: string,
  options: { type?: KeyType; passphrase?: string; comment?: string } = {},
): Promise<KeyPair> {
  const type = options.type ?? 'ed25519';
  const args = ['-q', '-t', type, '-N', options.passphrase ?? '', '-C', options.comment ?? 'perfmon-lab', '-f', file];
  if (type === 'rsa') args.push('-b', '2048');
  await run('ssh-keygen', args);
  return readKeyPair(file);
}

export async function readKeyPair(privateFile: string): Promise<KeyPair> {
  const publicFile = `${privateFile}.pub`;
  const publicText = (await readFile(publicFile, 'utf8')).trim();
  const data = publicText.split(/\s+/)[1];
  if (!data) throw new Error(`${publicFile}: not a public key`);
  return { privateFile, publicFile, publicText, publicBlob: Buffer.from(data, 'base64') };
}
