/**
 * JFR profiles over SSH, in the order of a heap dump (heap-dump-capture.ts), since a
 * recording is a file the JVM writes on the host:
 *
 *  1. the pid, its owner, who runs jcmd (jvm-target.ts);
 *  2. the remote directory (writable by the JVM's owner) and both ends' free space against
 *     what a profile of that length can take (ROOM_PER_SECOND, at least ROOM_MIN);
 *  3. the plan to `confirm`: a recording loads the JVM a little (stack samples every 10-20 ms,
 *     allocation samples, lock and I/O events), like a thread dump series does;
 *  4. `jcmd PID JFR.start name=… settings=profile duration=Ns filename=FILE` as the JVM's
 *     owner, then waiting the duration (cancel: JFR.stop and the file removed) until JFR.check
 *     no longer lists the recording — it is written; audited from start to written;
 *  5. size and SHA-256, SFTP fetch, verification, the remote file removed (fetchAndClean).
 *
 * The caller analyses the fetched file here (profile/read-recording.ts).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, statfs } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { JvmToolSettings } from '../../collect/jvm/jvm-tools.js';
import { classifyToolFailure } from '../../collect/jvm/jdk-tool-errors.js';
import { formatBytes } from '../../format/units.js';
import type { SshConnection } from '../../ssh/connection.js';
import { audited, type CaptureAudit } from './capture-audit.js';
import { CaptureError } from './capture-error.js';
import { freshCapturePath } from './dump-files.js';
import { fetchAndClean, type HeapDump, type HeapDumpProgress } from './heap-dump-capture.js';
import { resolveJvmTarget, toolCommand, type JvmTarget } from './jvm-target.js';
import { dumpDirFacts, isSameDirectory, removeRemoteFile } from './remote-files.js';
import { runRemote } from './remote-command.js';
import { sleepUnlessAborted } from './wait.js';

export interface ProfileOptions extends JvmToolSettings {
  host: string;
  pid: number;
  outDir: string;
  /** Seconds to record; default 30 (1 to 3600). */
  durationSeconds?: number;
  /** Remote directory for the recording before it is fetched (absolute); default /tmp. */
  dumpDir?: string;
  keepRemote?: boolean;
  /** Asked with the plan before the JVM is touched; false cancels. Default: go ahead. */
  confirm?: (plan: ProfilePlan) => Promise<boolean>;
  signal?: AbortSignal;
  audit?: CaptureAudit;
  /** How often JFR.check is asked whether the file is written; default 1 s. */
  pollMs?: number;
}

export interface ProfilePlan {
  host: string;
  pid: number;
  owner: string;
  runAs: string | null;
  durationSeconds: number;
  dumpDir: string;
  freeBytes: number;
  localFreeBytes: number;
  /** The room asked for at both ends. */
  roomBytes: number;
  remotePath: string;
  localPath: string;
  /** The jcmd arguments (without the pid's owner prefix). */
  command: string[];
  loadWarning: string;
}

export type ProfileProgress =
  | { type: 'recording'; remotePath: string; seconds: number; endsAt: number }
  | { type: 'writing'; remotePath: string }
  | HeapDumpProgress;

export interface ProfileCapture extends HeapDump {
  target: JvmTarget;
  durationSeconds: number;
}

/** Room a profile may need per recorded second, and at least: JFR's profile settings write ~0.1-1 MB/s. */
export const ROOM_PER_SECOND = 2 * 1024 * 1024;
export const ROOM_MIN = 64 * 1024 * 1024;

export const LOAD_WARNING =
  'The JVM keeps running: JFR samples every thread’s stack every 10-20 ms and records allocations, lock waits and I/O (a few % of CPU at most).';

export function profileArgs(pid: number, name: string, seconds: number, path: string): string[] {
  return [String(pid), 'JFR.start', `name=${name}`, 'settings=profile', `duration=${seconds}s`, `filename=${path}`];
}

export function checkDuration(host: string, seconds: number): number {
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 3600) throw new CaptureError('remote', host, `${host}: a profile lasts 1 to 3600 whole seconds (got ${seconds})`);
  return seconds;
}

export async function planProfile(connection: SshConnection, options: ProfileOptions, target: JvmTarget): Promise<ProfilePlan> {
  const { host } = options;
  const seconds = checkDuration(host, options.durationSeconds ?? 30);
  const dumpDir = (options.dumpDir ?? '/tmp').replace(/(.)\/+$/, '$1');
  if (!dumpDir.startsWith('/')) throw new CaptureError('remote', host, `${host}: jvm.dumpDir must be an absolute path on the host (got '${dumpDir}')`);
  await mkdir(options.outDir, { recursive: true });
  if (await isSameDirectory(connection, options.outDir, dumpDir)) {
    throw new CaptureError('remote', host, `${host}: the output folder ${resolve(options.outDir)} is the host's dump directory itself: choose another --out or jvm.dumpDir`);
  }
  const room = Math.max(ROOM_MIN, seconds * ROOM_PER_SECOND);
  const dir = await dumpDirFacts(connection, target, dumpDir);
  if (!dir.writable) throw new CaptureError('remote', host, `${host}: ${dumpDir} is not writable by ${target.owner.user}, who writes the recording; set jvm.dumpDir to a directory it can write`);
  if (dir.availableBytes < room) {
    throw new CaptureError(
      'disk-space',
      host,
      `${host}: refusing the profile: ${dumpDir} (on ${dir.mount}) has ${formatBytes(dir.availableBytes)} free, a ${seconds}s recording may take up to ${formatBytes(room)}; free space there or set jvm.dumpDir`,
    );
  }
  const local = await statfs(options.outDir);
  const localFree = local.bavail * local.bsize;
  if (localFree < room) {
    throw new CaptureError('disk-space', host, `${host}: refusing the profile: the local folder ${resolve(options.outDir)} has ${formatBytes(localFree)} free, the recording may take up to ${formatBytes(room)}; choose another --out`);
  }
  const localPath = await freshCapturePath(options.outDir, host, target.pid, new Date(), 'jfr');
  const remotePath = `${dumpDir}/${localPath.slice(localPath.lastIndexOf('/') + 1)}`;
  const name = `perfmon-${randomBytes(4).toString('hex')}`;
  return {
    host,
    pid: target.pid,
    owner: target.owner.user,
    runAs: target.runAs,
    durationSeconds: seconds,
    dumpDir,
    freeBytes: dir.availableBytes,
    localFreeBytes: localFree,
    roomBytes: room,
    remotePath,
    localPath,
    command: profileArgs(target.pid, name, seconds, remotePath),
    loadWarning: LOAD_WARNING,
  };
}

export async function captureProfile(connection: SshConnection, options: ProfileOptions, onProgress: (event: ProfileProgress) => void = () => undefined): Promise<ProfileCapture> {
  const { host } = options;
  const target = await resolveJvmTarget(connection, host, options.pid, options);
  onProgress({ type: 'target', target });
  const plan = await planProfile(connection, options, target);
  if (options.confirm && !(await options.confirm(plan))) throw new CaptureError('cancelled', host, `${host}: profile of JVM ${plan.pid} not confirmed; nothing was done`);
  if (options.signal?.aborted) throw new CaptureError('cancelled', host, `${host}: profile cancelled before it started`);
  const command = toolCommand(target, 'jcmd', plan.command);
  const started = Date.now();
  await audited(
    options.audit,
    { action: 'dump-thread', host, pid: target.pid, command, sshUser: target.login.user },
    () => record(connection, target, plan, options, onProgress),
    () => ({ remotePath: plan.remotePath, seconds: plan.durationSeconds }),
  );
  const dumpSeconds = (Date.now() - started) / 1000;
  const fetched = await fetchAndClean(connection, target, { host, remotePath: plan.remotePath, localPath: join(options.outDir, plan.remotePath.slice(plan.remotePath.lastIndexOf('/') + 1)), keepRemote: options.keepRemote, signal: options.signal, dumpSeconds }, onProgress);
  return { ...fetched, target, durationSeconds: plan.durationSeconds };
}

const STARTED = /Started recording \d+/;

/** Starts the recording and returns once JFR has written its file (or throws, the file removed). */
async function record(connection: SshConnection, target: JvmTarget, plan: ProfilePlan, options: ProfileOptions, onProgress: (event: ProfileProgress) => void): Promise<void> {
  const { host, pid } = target;
  const name = plan.command.find((a) => a.startsWith('name='))!.slice('name='.length);
  const start = await runRemote(connection, toolCommand(target, 'jcmd', plan.command), { timeoutMs: 60_000, signal: options.signal });
  const said = start.stdout.toString('utf8');
  if (!STARTED.test(said)) {
    if (start.aborted) throw new CaptureError('cancelled', host, `${host}: the profile of JVM ${pid} was cancelled while it started`);
    const failure = classifyToolFailure(`${said}\n${start.stderr}`, { host, pid, tool: 'jcmd', loginUser: target.login.user, runAs: target.runAs, owner: target.owner.user, exitCode: start.code });
    const words = said.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !/^\d+:$/.test(l)).slice(0, 2).join(' | ');
    throw new CaptureError(failure.kind === 'failed' ? 'remote' : failure.kind, host, failure.kind === 'failed' ? `${host}: JVM ${pid} did not start a JFR recording: ${words || start.stderr.trim() || `exit ${start.code}`}` : failure.message);
  }
  const endsAt = Date.now() + plan.durationSeconds * 1000;
  onProgress({ type: 'recording', remotePath: plan.remotePath, seconds: plan.durationSeconds, endsAt });
  const stopAndRemove = async (why: CaptureError): Promise<never> => {
    await runRemote(connection, toolCommand(target, 'jcmd', [String(pid), 'JFR.stop', `name=${name}`]), { timeoutMs: 30_000 }).catch(() => undefined);
    await removeRemoteFile(connection, target, plan.remotePath).catch(() => undefined);
    throw why;
  };
  if (!(await sleepUnlessAborted(plan.durationSeconds * 1000, options.signal))) {
    return stopAndRemove(new CaptureError('cancelled', host, `${host}: the profile of JVM ${pid} was stopped; its recording was discarded`));
  }
  onProgress({ type: 'writing', remotePath: plan.remotePath });
  // JFR writes the file when the duration ends; a loaded JVM may take a few seconds more.
  const deadline = Date.now() + 120_000;
  const check = toolCommand(target, 'jcmd', [String(pid), 'JFR.check', `name=${name}`]);
  while (Date.now() < deadline) {
    const result = await runRemote(connection, check, { timeoutMs: 30_000, signal: options.signal });
    if (result.aborted) return stopAndRemove(new CaptureError('cancelled', host, `${host}: the profile of JVM ${pid} was stopped; its recording was discarded`));
    if (result.lost) throw new CaptureError('interrupted', host, `${host}: the connection was lost while JVM ${pid} wrote its recording ${plan.remotePath}: remove it by hand`);
    const text = result.stdout.toString('utf8');
    if (result.code !== 0 && !/Could not find|No available recording/i.test(text)) {
      throw new CaptureError('no-such-pid', host, `${host}: JVM ${pid} stopped answering while it recorded (${text.trim().split('\n').slice(-1)[0] || result.stderr.trim() || `exit ${result.code}`}); ${plan.remotePath} may be left: remove it by hand`);
    }
    // "Recording 1: name=perfmon-… duration=30s (running)" while it records; "Could not find …" once written.
    const listed = new RegExp(`Recording \\d+: name=${name}\\b.*$`, 'm').exec(text)?.[0];
    if (listed === undefined || /\((stopped|closed)\)/.test(listed)) return;
    if (!(await sleepUnlessAborted(options.pollMs ?? 1000, options.signal))) {
      return stopAndRemove(new CaptureError('cancelled', host, `${host}: the profile of JVM ${pid} was stopped; its recording was discarded`));
    }
  }
  return stopAndRemove(new CaptureError('not-responding', host, `${host}: JVM ${pid} did not finish writing its recording within 2 minutes of its end; it was stopped and removed`));
}
