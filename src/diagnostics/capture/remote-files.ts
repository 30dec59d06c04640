/**
 * The remote side of a heap dump's files: free space and writability of the dump directory,
 * size and SHA-256 of the dump, its removal. Commands that touch a file the JVM wrote run as
 * the JVM's owner (the login user may not delete it from a sticky /tmp).
 */
import { randomBytes } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { SshConnection } from '../../ssh/connection.js';
import { shellQuote } from '../../ssh/shell-quote.js';
import { CaptureError } from './capture-error.js';
import { ownerCommand, type JvmTarget } from './jvm-target.js';

export interface DfLine {
  filesystem: string;
  sizeBytes: number;
  usedBytes: number;
  availableBytes: number;
  mount: string;
}

const DF_ROW = /^(.*?)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+%|-)\s+(\/.*)$/;

/** `df -Pk DIR` output → its one filesystem line (POSIX format, 1024-byte blocks). Pure. */
export function parseDfOutput(text: string): DfLine | null {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  // A long device name makes some dfs wrap the row: join everything after the header.
  const row = lines.slice(1).join(' ');
  const m = DF_ROW.exec(row.trim());
  if (!m) return null;
  return { filesystem: m[1]!, sizeBytes: Number(m[2]) * 1024, usedBytes: Number(m[3]) * 1024, availableBytes: Number(m[4]) * 1024, mount: m[6]! };
}

export interface DumpDirFacts extends DfLine {
  /** Whether the JVM's owner may create files there. */
  writable: boolean;
}

export async function dumpDirFacts(connection: SshConnection, target: JvmTarget, dir: string): Promise<DumpDirFacts> {
  const script = `df -Pk ${shellQuote(dir)} && { ${ownerCommand(target, ['test', '-d', dir, '-a', '-w', dir])} && echo writable || echo read-only; }`;
  const result = await connection.execText(`sh -c ${shellQuote(script)}`, { timeoutMs: 30_000 });
  const df = parseDfOutput(result.stdout.replace(/\n(writable|read-only)\n?$/, '\n'));
  if (result.code !== 0 || df === null) {
    throw new CaptureError('remote', target.host, `${target.host}: cannot check the dump directory ${dir}: ${result.stderr.trim() || result.stdout.trim() || `exit ${result.code}`}`);
  }
  return { ...df, writable: /\nwritable\n?$/.test(result.stdout) };
}

export interface RemoteFileFacts {
  size: number;
  /** null when the host has no sha256sum: the fetch is then checked by size only. */
  sha256: string | null;
}

/** Size and SHA-256 of a remote file (as the owner, who can surely read what the JVM wrote). */
export async function remoteFileFacts(connection: SshConnection, target: JvmTarget, path: string, timeoutMs = 600_000): Promise<RemoteFileFacts> {
  const script = `${ownerCommand(target, ['stat', '-c', '%s', path])} && { ${ownerCommand(target, ['sha256sum', path])} || echo no-sha256; }`;
  const result = await connection.execText(`sh -c ${shellQuote(script)}`, { timeoutMs });
  const [sizeLine, sumLine] = result.stdout.split('\n');
  if (result.code !== 0 || sizeLine === undefined || !/^\d+$/.test(sizeLine.trim())) {
    throw new CaptureError('remote', target.host, `${target.host}: cannot read ${path}: ${result.stderr.trim() || `exit ${result.code}`}`);
  }
  const sum = /^([0-9a-f]{64})\s/.exec(sumLine ?? '');
  return { size: Number(sizeLine.trim()), sha256: sum ? sum[1]! : null };
}

/** Lets the login user read a dump written by another user through sudo (SFTP reads as the login user). */
export async function makeReadable(connection: SshConnection, target: JvmTarget, path: string): Promise<void> {
  if (target.runAs === null) return;
  await connection.execText(ownerCommand(target, ['chmod', 'a+r', path]), { timeoutMs: 30_000 });
}

/** Removes a remote file; rejects with the reason when it stays. */
export async function removeRemoteFile(connection: SshConnection, target: JvmTarget, path: string): Promise<void> {
  const result = await connection.execText(ownerCommand(target, ['rm', '-f', path]), { timeoutMs: 60_000 });
  if (result.code !== 0) {
    throw new CaptureError('remote', target.host, `${target.host}: could not remove ${path}: ${result.stderr.trim() || `exit ${result.code}`}; remove it by hand`);
  }
}

/**
 * Whether the local folder and the remote directory are one and the same (perfmon runs on the
 * host itself, or shares its filesystem): only possible when the paths are equal, and then
 * proven with a marker file written here and looked for there.
 */
export async function isSameDirectory(connection: SshConnection, localDir: string, remoteDir: string): Promise<boolean> {
  if (resolve(localDir) !== remoteDir) return false;
  const marker = join(remoteDir, `.perfmon-marker-${randomBytes(6).toString('hex')}`);
  try {
    await writeFile(marker, '', { flag: 'wx' });
  } catch {
    return false;
  }
  try {
    return (await connection.execText(`test -e ${shellQuote(marker)}`, { timeoutMs: 20_000 })).code === 0;
  } finally {
    await rm(marker, { force: true });
  }
}
