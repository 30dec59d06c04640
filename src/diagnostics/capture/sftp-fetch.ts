/**
 * Fetches a remote file over SFTP into `NAME.partial`, then verifies its size and SHA-256
 * against the remote file's and only then renames it to NAME: nothing half-written ever looks
 * complete. A `.partial` left by an interrupted fetch is resumed (SFTP reads from its length
 * on; its bytes so far are hashed again from disk, so the check at the end covers all of it).
 * A resumed file that fails the check is fetched once more from the start; a fresh one that
 * fails is deleted.
 *
 * Reads are pipelined (several in flight, written in order) since one SFTP read at a time
 * waits a round trip per chunk.
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, rename, rm, stat, statfs, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { SFTPWrapper } from 'ssh2';
import { formatBytes } from '../../format/units.js';
import type { SshConnection } from '../../ssh/connection.js';
import { CaptureError } from './capture-error.js';
import { settleWithin } from './wait.js';

export interface FetchProgress {
  /** Bytes in the local file so far (resumed bytes included). */
  bytes: number;
  total: number;
  /** Bytes the .partial held when this fetch began. */
  resumedFrom: number;
  /** Over this fetch (resumed bytes excluded). */
  bytesPerSecond: number;
  etaSeconds: number | null;
}

export interface FetchOptions {
  /** The host's name, for messages. */
  host: string;
  remotePath: string;
  /** The final local path; the fetch writes `${localPath}.partial` until verified. */
  localPath: string;
  /** The remote file's size and SHA-256 (hex; null when the host cannot compute it: size only). */
  size: number;
  sha256: string | null;
  onProgress?: (progress: FetchProgress) => void;
  signal?: AbortSignal | undefined;
  chunkBytes?: number;
  inFlight?: number;
  /** A fetch that receives nothing for this long broke off; default 60 s. */
  stallMs?: number;
}

export interface FetchResult {
  bytes: number;
  sha256: string;
  resumedFrom: number;
  seconds: number;
}

export function partialPath(localPath: string): string {
  return `${localPath}.partial`;
}

async function sizeOf(path: string): Promise<number | null> {
  return stat(path).then(
    (s) => s.size,
    () => null,
  );
}

async function hashFile(path: string, length: number, hash: Hash): Promise<void> {
  if (length === 0) return;
  for await (const chunk of createReadStream(path, { start: 0, end: length - 1 })) hash.update(chunk as Buffer);
}

function sftpCall<T>(call: (done: (err: Error | null | undefined, value: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => call((err, value) => (err ? reject(err) : resolve(value))));
}

function readAt(sftp: SFTPWrapper, handle: Buffer, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.allocUnsafe(length);
  return new Promise((resolve, reject) =>
    sftp.read(handle, buffer, 0, length, position, (err, bytesRead) => (err ? reject(err) : resolve(buffer.subarray(0, bytesRead)))),
  );
}

async function assertLocalSpace(options: FetchOptions, needed: number): Promise<void> {
  const fs = await statfs(dirname(options.localPath));
  const free = fs.bavail * fs.bsize;
  if (free < needed) {
    throw new CaptureError(
      'disk-space',
      options.host,
      `${options.host}: not enough local space in ${dirname(options.localPath)} to fetch ${options.remotePath}: ` +
        `${formatBytes(free)} free (${free} bytes), ${formatBytes(needed)} needed (${needed} bytes); the remote file is kept`,
    );
  }
}

/** Copies [from, size) of the remote file to the open partial file, hashing in order. */
async function transfer(connection: SshConnection, options: FetchOptions, file: FileHandle, hash: Hash, from: number): Promise<void> {
  const chunk = options.chunkBytes ?? 64 * 1024;
  const inFlight = options.inFlight ?? 32;
  const started = Date.now();
  let lastReport = 0;
  const stallMs = options.stallMs ?? 60_000;
  // Every wait on the host: a host that stops answering (its connection still up) must
  // neither freeze the fetch nor make the operator's cancel wait for it.
  const answer = <T>(promise: Promise<T>) =>
    settleWithin(
      promise,
      stallMs,
      options.signal,
      () => new Error(`no data from ${options.host} for ${stallMs / 1000} s`),
      () => new CaptureError('cancelled', options.host, 'cancelled'),
    );
  const opening = connection.sftp();
  const sftp = await answer(opening).catch((error: unknown) => {
    // A session that opens after we gave up on it must not stay open.
    opening.then((late) => late.end(), () => undefined);
    throw error;
  });
  try {
    const handle = await answer(sftpCall<Buffer>((done) => sftp.open(options.remotePath, 'r', done)));
    const queue: Array<{ position: number; data: Promise<Buffer> }> = [];
    let next = from;
    const issue = () => {
      if (next >= options.size) return;
      const length = Math.min(chunk, options.size - next);
      const data = readAt(sftp, handle, next, length);
      data.catch(() => undefined); // awaited in order below; a late failure must not go unhandled
      queue.push({ position: next, data });
      next += length;
    };
    for (let i = 0; i < inFlight; i++) issue();
    let written = from;
    while (queue.length > 0) {
      const { position, data } = queue.shift()!;
      const buffer = await answer(data);
      if (buffer.length === 0) throw new Error(`the remote file ended at ${position} bytes, ${options.size} expected (did it change?)`);
      await file.write(buffer, 0, buffer.length, position);
      hash.update(buffer);
      written = position + buffer.length;
      issue();
      const now = Date.now();
      if (now - lastReport >= 100 || written === options.size) {
        lastReport = now;
        const seconds = Math.max((now - started) / 1000, 1e-3);
        const rate = (written - from) / seconds;
        options.onProgress?.({ bytes: written, total: options.size, resumedFrom: from, bytesPerSecond: rate, etaSeconds: rate > 0 ? (options.size - written) / rate : null });
      }
    }
    await answer(sftpCall<void>((done) => sftp.close(handle, (err) => done(err, undefined))));
  } finally {
    sftp.end();
  }
}

export async function fetchVerified(connection: SshConnection, options: FetchOptions, retried = false): Promise<FetchResult> {
  const started = Date.now();
  const partial = partialPath(options.localPath);
  let from = (await sizeOf(partial)) ?? 0;
  if (from > options.size) {
    await rm(partial, { force: true });
    from = 0;
  }
  await assertLocalSpace(options, options.size - from);
  const hash = createHash('sha256');
  await hashFile(partial, from, hash);
  const file = await open(partial, from > 0 ? 'r+' : 'w', 0o600);
  try {
    if (from < options.size) await transfer(connection, options, file, hash, from);
    else options.onProgress?.({ bytes: from, total: options.size, resumedFrom: from, bytesPerSecond: 0, etaSeconds: 0 });
    await file.sync();
  } catch (error) {
    await file.close().catch(() => undefined);
    throw interrupted(options, partial, error);
  }
  await file.close();
  const bytes = (await sizeOf(partial)) ?? 0;
  const sha256 = hash.digest('hex');
  const mismatch =
    bytes !== options.size
      ? `size ${bytes} bytes, the remote file has ${options.size}`
      : options.sha256 !== null && sha256 !== options.sha256
        ? `SHA-256 ${sha256}, the remote file has ${options.sha256}`
        : null;
  if (mismatch !== null) {
    await rm(partial, { force: true });
    if (from > 0 && !retried) return fetchVerified(connection, options, true);
    throw new CaptureError('verification', options.host, `${options.host}: the fetched copy of ${options.remotePath} does not match it (${mismatch}); it was deleted, the remote file is kept`);
  }
  await rename(partial, options.localPath);
  return { bytes, sha256, resumedFrom: from, seconds: (Date.now() - started) / 1000 };
}

function interrupted(options: FetchOptions, partial: string, error: unknown): CaptureError {
  if (error instanceof CaptureError && error.kind !== 'cancelled') return error;
  const kind = error instanceof CaptureError ? 'cancelled' : 'interrupted';
  const why = error instanceof CaptureError ? 'the fetch was cancelled' : `the fetch broke off (${(error as Error).message})`;
  return new CaptureError(
    kind,
    options.host,
    `${options.host}: ${why}; ${partial} holds what arrived and ${options.host}:${options.remotePath} is kept: ` +
      'fetch again with `perfmon dump heap HOST --resume` to complete it',
  );
}
