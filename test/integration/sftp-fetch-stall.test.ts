/**
 * A host that stops answering while its connection stays up (a frozen sshd: SIGSTOP on the
 * session's process) must neither freeze a fetch nor the operator's cancel. The stall ends the
 * fetch as interrupted, with what arrived kept as .partial; a cancel during the stall ends it
 * at once.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CaptureError } from '../../src/diagnostics/capture/capture-error.js';
import { fetchVerified, type FetchOptions } from '../../src/diagnostics/capture/sftp-fetch.js';
import { connect, type SshConnection } from '../../src/ssh/connection.js';
import { SshConfigSource } from '../../src/ssh/ssh-config.js';
import { startLab, type Lab } from '../lab/lab.js';

let lab: Lab;
let work: string;
let remoteFile: string;
const SIZE = 16 * 1024 * 1024;
const frozen = new Set<number>();
const connections: SshConnection[] = [];

beforeAll(async () => {
  lab = await startLab({ hosts: 1 });
  work = await mkdtemp(join(tmpdir(), 'perfmon-stall-'));
  await chmod(work, 0o755);
  // The lab host is this machine: the "remote" file is a local one its login user can read.
  remoteFile = join(work, 'remote.bin');
  await writeFile(remoteFile, randomBytes(SIZE), { mode: 0o644 });
}, 60_000);

afterEach(() => {
  for (const pid of frozen) process.kill(pid, 'SIGCONT');
  frozen.clear();
  for (const c of connections.splice(0)) c.close();
});

afterAll(async () => {
  await lab?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

/** A connection to lab-0 and its sshd session process (what freezing stalls). */
async function openSession(): Promise<{ connection: SshConnection; sshd: number }> {
  const connection = await connect(new SshConfigSource({ home: lab.home }).resolve('lab-0'), { env: lab.env });
  connections.push(connection);
  const sshd = Number((await connection.execText('echo $PPID', { timeoutMs: 10_000 })).stdout.trim());
  return { connection, sshd };
}

/** Fetches remoteFile into `name` and freezes the host at the first progress report. */
function fetchFreezing(connection: SshConnection, sshd: number, name: string, options: Partial<FetchOptions>): Promise<CaptureError> {
  let froze = false;
  const { onProgress, ...rest } = options;
  return fetchVerified(connection, {
    host: 'lab-0',
    remotePath: remoteFile,
    localPath: join(work, name),
    size: SIZE,
    sha256: null,
    // Few reads in flight, so most of the file is still to come when the host freezes.
    inFlight: 2,
    onProgress: (p) => {
      onProgress?.(p);
      if (froze || p.bytes >= p.total) return;
      froze = true;
      process.kill(sshd, 'SIGSTOP');
      frozen.add(sshd);
    },
    ...rest,
  }).then(
    () => expect.fail('the fetch completed'),
    (error: unknown) => {
      expect(error).toBeInstanceOf(CaptureError);
      return error as CaptureError;
    },
  );
}

describe('a fetch from a host that stops answering', () => {
  it('breaks off after the stall time, keeping what arrived as .partial and saying how to resume', async () => {
    const { connection, sshd } = await openSession();
    const error = await fetchFreezing(connection, sshd, 'stalled.bin', { stallMs: 1500 });
    expect(error.kind).toBe('interrupted');
    expect(error.message).toContain('the fetch broke off (no data from lab-0 for 1.5 s)');
    expect(error.message).toContain('--resume');
    expect(await readdir(work)).toContain('stalled.bin.partial');
    expect((await stat(join(work, 'stalled.bin.partial'))).size).toBeLessThan(SIZE);
    expect(await readdir(work)).not.toContain('stalled.bin');
  });

  it('a cancel during the stall ends the fetch without waiting for the host', async () => {
    const { connection, sshd } = await openSession();
    const cancel = new AbortController();
    // The operator cancels once the progress has stood still for half a second (what was
    // already on its way when the host froze has arrived by then). The stall time is far
    // beyond the test's timeout: only the cancel can end this fetch.
    let still: NodeJS.Timeout | undefined;
    const error = await fetchFreezing(connection, sshd, 'cancelled.bin', {
      stallMs: 10 * 60_000,
      signal: cancel.signal,
      onProgress: () => {
        clearTimeout(still);
        still = setTimeout(() => cancel.abort(), 500);
      },
    });
    clearTimeout(still);
    expect(error.kind).toBe('cancelled');
    expect(error.message).toContain('the fetch was cancelled');
  });
});
