/**
 * Heap dumps over SSH, in the order that keeps a production host safe:
 *
 *  1. the pid, its owner, who runs jcmd (jvm-target.ts);
 *  2. the heap in use (jstat) against the free space of the remote dump directory (df -Pk):
 *     refused, with the numbers, when the dump might not fit; the same against the local
 *     output folder, where the fetched copy lands;
 *  3. the plan (sizes, paths, the pause) to `confirm` — the CLI asks the operator;
 *  4. `jcmd PID GC.heap_dump -gz=1 [-all] FILE` as the JVM's owner (audited before and after);
 *     a failed dump's file is removed;
 *  5. the remote size and SHA-256, then an SFTP fetch into NAME.partial, verified, renamed;
 *  6. the remote file removed only after verification (unless keepRemote).
 *
 * --live (`live: true`) dumps only reachable objects: the JVM runs a full GC first. Without it
 * `-all` dumps everything without that GC; the JVM still stops at a safepoint while it writes.
 * An interrupted fetch keeps the remote file and the .partial: resumeHeapDumps() completes it.
 */
import { mkdir, statfs } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { JvmToolSettings } from '../../collect/jvm/jvm-tools.js';
import { formatBytes } from '../../format/units.js';
import type { SshConnection } from '../../ssh/connection.js';
import type { CaptureAudit } from './capture-audit.js';
import { CaptureError } from './capture-error.js';
import { freshCapturePath } from './dump-files.js';
import { runHeapDump } from './heap-dump-command.js';
import { measureHeap } from './heap-usage.js';
import { resolveJvmTarget, type JvmTarget } from './jvm-target.js';
import { dumpDirFacts, isSameDirectory, makeReadable, remoteFileFacts, removeRemoteFile } from './remote-files.js';
import { fetchVerified, type FetchProgress } from './sftp-fetch.js';

export interface HeapDumpOptions extends JvmToolSettings {
  host: string;
  pid: number;
  outDir: string;
  /** Only live objects (a full GC first); default false: `-all`, no GC. */
  live?: boolean;
  /** Remote directory for the dump before it is fetched (absolute); default /tmp. */
  dumpDir?: string;
  /** Keep the remote file after a verified fetch; default false. */
  keepRemote?: boolean;
  /** Asked with the plan before the JVM is touched; false cancels. Default: go ahead. */
  confirm?: (plan: HeapDumpPlan) => Promise<boolean>;
  /** For jcmd to write the dump; default 30 min. */
  dumpTimeoutMs?: number;
  signal?: AbortSignal;
  audit?: CaptureAudit;
}

export interface HeapDumpPlan {
  host: string;
  pid: number;
  owner: string;
  runAs: string | null;
  heapUsed: number;
  heapCommitted: number;
  heapMax: number | null;
  dumpDir: string;
  /** Free bytes in the dump directory's filesystem (df -Pk). */
  freeBytes: number;
  remotePath: string;
  localPath: string;
  live: boolean;
  /** What the JVM will go through, in words for the operator. */
  pauseWarning: string;
}

export type HeapDumpProgress =
  | { type: 'target'; target: JvmTarget }
  | { type: 'plan'; plan: HeapDumpPlan }
  | { type: 'dumping'; remotePath: string }
  | { type: 'dumped'; remotePath: string; bytes: number; seconds: number }
  | { type: 'checksum'; remotePath: string }
  | { type: 'fetching'; progress: FetchProgress }
  | { type: 'verified'; file: string; bytes: number; sha256: string }
  | { type: 'remote-removed'; remotePath: string }
  | { type: 'remote-kept'; remotePath: string; reason: string }
  | { type: 'notice'; message: string };

export interface HeapDump {
  file: string;
  bytes: number;
  sha256: string;
  remotePath: string;
  remoteRemoved: boolean;
  dumpSeconds: number;
  fetchSeconds: number;
  /** Bytes a previous fetch had left in the .partial (resume only). */
  resumedFrom: number;
}

export function pauseWarning(live: boolean): string {
  return live
    ? 'The JVM pauses for a full GC (live objects only) and then while it writes the dump.'
    : 'The JVM pauses while it writes the dump (-all: every object, unreachable ones too; no full GC).';
}

export async function planHeapDump(connection: SshConnection, options: HeapDumpOptions, target: JvmTarget): Promise<HeapDumpPlan> {
  const { host } = options;
  const dumpDir = (options.dumpDir ?? '/tmp').replace(/(.)\/+$/, '$1');
  if (!dumpDir.startsWith('/')) throw new CaptureError('remote', host, `${host}: jvm.dumpDir must be an absolute path on the host (got '${dumpDir}')`);
  await mkdir(options.outDir, { recursive: true });
  if (await isSameDirectory(connection, options.outDir, dumpDir)) {
    throw new CaptureError(
      'remote',
      host,
      `${host}: the output folder ${resolve(options.outDir)} is the host's dump directory itself (perfmon runs on ${host}): ` +
        'the fetched copy and the dump would be one file; choose another --out or jvm.dumpDir',
    );
  }
  const [heap, dir] = await Promise.all([measureHeap(connection, target), dumpDirFacts(connection, target, dumpDir)]);
  if (!dir.writable) {
    throw new CaptureError('remote', host, `${host}: the dump directory ${dumpDir} is not writable by ${target.owner.user}, who writes the dump; set jvm.dumpDir to a directory it can write`);
  }
  if (dir.availableBytes < heap.used) {
    throw new CaptureError(
      'disk-space',
      host,
      `${host}: refusing the heap dump: ${dumpDir} (on ${dir.mount}) has ${formatBytes(dir.availableBytes)} free (${dir.availableBytes} bytes), ` +
        `but JVM ${target.pid} holds ${formatBytes(heap.used)} of heap in use (${heap.used} bytes) and a dump can be as large ` +
        '(gzip usually shrinks it, not reliably); free space there or set jvm.dumpDir to a larger filesystem',
    );
  }
  // The fetched copy needs as much room here: finding out after the JVM paused and the copy
  // ran for minutes would waste both, so refuse now, before anything is captured.
  const local = await statfs(options.outDir);
  const localFree = local.bavail * local.bsize;
  if (localFree < heap.used) {
    throw new CaptureError(
      'disk-space',
      host,
      `${host}: refusing the heap dump: the local folder ${resolve(options.outDir)} has ${formatBytes(localFree)} free (${localFree} bytes), ` +
        `but the fetched dump of JVM ${target.pid} can be as large as its ${formatBytes(heap.used)} of heap in use (${heap.used} bytes); ` +
        'free space there or choose another --out',
    );
  }
  const localPath = await freshCapturePath(options.outDir, host, target.pid, new Date(), 'hprof.gz');
  const live = options.live ?? false;
  return {
    host,
    pid: target.pid,
    owner: target.owner.user,
    runAs: target.runAs,
    heapUsed: heap.used,
    heapCommitted: heap.committed,
    heapMax: heap.max,
    dumpDir,
    freeBytes: dir.availableBytes,
    remotePath: `${dumpDir}/${localPath.slice(localPath.lastIndexOf('/') + 1)}`,
    localPath,
    live,
    pauseWarning: pauseWarning(live),
  };
}

export async function captureHeapDump(
  connection: SshConnection,
  options: HeapDumpOptions,
  onProgress: (event: HeapDumpProgress) => void = () => undefined,
): Promise<HeapDump> {
  const { host } = options;
  const target = await resolveJvmTarget(connection, host, options.pid, options);
  onProgress({ type: 'target', target });
  const plan = await planHeapDump(connection, options, target);
  onProgress({ type: 'plan', plan });
  if (options.confirm && !(await options.confirm(plan))) throw new CaptureError('cancelled', host, `${host}: heap dump of JVM ${plan.pid} not confirmed; nothing was done`);
  if (options.signal?.aborted) throw new CaptureError('cancelled', host, `${host}: heap dump cancelled before it started`);

  onProgress({ type: 'dumping', remotePath: plan.remotePath });
  const dumped = await runHeapDump(connection, target, plan, { timeoutMs: options.dumpTimeoutMs ?? 30 * 60_000, signal: options.signal, audit: options.audit, onNotice: (message) => onProgress({ type: 'notice', message }) });
  onProgress({ type: 'dumped', remotePath: dumped.remotePath, bytes: dumped.bytes, seconds: dumped.seconds });
  const localPath = join(options.outDir, dumped.remotePath.slice(dumped.remotePath.lastIndexOf('/') + 1));
  return fetchAndClean(connection, target, { ...options, remotePath: dumped.remotePath, localPath, dumpSeconds: dumped.seconds }, onProgress);
}

interface FetchStep {
  host: string;
  remotePath: string;
  localPath: string;
  keepRemote?: boolean | undefined;
  signal?: AbortSignal | undefined;
  dumpSeconds: number;
}

/** Steps 5 and 6: checksum, fetch, verify, remove the remote file. */
export async function fetchAndClean(connection: SshConnection, target: JvmTarget, step: FetchStep, onProgress: (event: HeapDumpProgress) => void): Promise<HeapDump> {
  await makeReadable(connection, target, step.remotePath);
  onProgress({ type: 'checksum', remotePath: step.remotePath });
  const remote = await remoteFileFacts(connection, target, step.remotePath);
  if (remote.sha256 === null) onProgress({ type: 'notice', message: `${step.host} has no sha256sum: the copy is checked by size only` });
  const fetched = await fetchVerified(connection, {
    host: step.host,
    remotePath: step.remotePath,
    localPath: step.localPath,
    size: remote.size,
    sha256: remote.sha256,
    signal: step.signal,
    onProgress: (progress) => onProgress({ type: 'fetching', progress }),
  });
  onProgress({ type: 'verified', file: step.localPath, bytes: fetched.bytes, sha256: fetched.sha256 });
  let remoteRemoved = false;
  if (step.keepRemote) {
    onProgress({ type: 'remote-kept', remotePath: step.remotePath, reason: 'jvm.keepRemoteDumps is set' });
  } else {
    try {
      await removeRemoteFile(connection, target, step.remotePath);
      remoteRemoved = true;
      onProgress({ type: 'remote-removed', remotePath: step.remotePath });
    } catch (error) {
      onProgress({ type: 'remote-kept', remotePath: step.remotePath, reason: (error as Error).message });
    }
  }
  return {
    file: step.localPath,
    bytes: fetched.bytes,
    sha256: fetched.sha256,
    remotePath: step.remotePath,
    remoteRemoved,
    dumpSeconds: step.dumpSeconds,
    fetchSeconds: fetched.seconds,
    resumedFrom: fetched.resumedFrom,
  };
}
