/**
 * Step 4 of a heap dump: `jcmd PID GC.heap_dump -gz=1 [-all] FILE` as the JVM's owner,
 * audited. jcmd exits 0 even when the JVM could not write the file, so success is the JVM's
 * own "Heap dump file created" line. A JVM older than JDK 15 has no -gz: the dump is retried
 * uncompressed (FILE without .gz). A failed or interrupted dump's file is removed: a truncated
 * dump must never be fetched as if it were whole.
 */
import { classifyToolFailure } from '../../collect/jvm/jdk-tool-errors.js';
import type { SshConnection } from '../../ssh/connection.js';
import { audited, type CaptureAudit } from './capture-audit.js';
import { CaptureError } from './capture-error.js';
import type { HeapDumpPlan } from './heap-dump-capture.js';
import { toolCommand, type JvmTarget } from './jvm-target.js';
import { removeRemoteFile } from './remote-files.js';
import { runRemote, type RunResult } from './remote-command.js';

export interface HeapDumpRun {
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  audit?: CaptureAudit | undefined;
  onNotice: (message: string) => void;
}

export interface DumpedFile {
  remotePath: string;
  /** As jcmd reported it (the file's size). */
  bytes: number;
  seconds: number;
}

const CREATED = /Heap dump file created(?: \[(\d+) bytes in ([\d.]+) secs\])?/;
/** HotSpot's DCmdParser before JDK 15: `Unknown argument 'gz' in diagnostic command.` */
const NO_GZ = /Unknown argument '-?gz'/;

export function heapDumpArgs(pid: number, live: boolean, gzip: boolean, path: string): string[] {
  return [String(pid), 'GC.heap_dump', ...(gzip ? ['-gz=1'] : []), ...(live ? [] : ['-all']), path];
}

export async function runHeapDump(connection: SshConnection, target: JvmTarget, plan: HeapDumpPlan, run: HeapDumpRun): Promise<DumpedFile> {
  const first = await dumpOnce(connection, target, plan.remotePath, plan.live, true, run);
  if (first.ok) return first.dumped;
  // JDK 8-14 know no -gz: their error names the option.
  if (NO_GZ.test(first.output) && plan.remotePath.endsWith('.gz')) {
    run.onNotice('this JVM cannot gzip its dump (-gz needs JDK 15): dumping uncompressed');
    const second = await dumpOnce(connection, target, plan.remotePath.slice(0, -'.gz'.length), plan.live, false, run);
    if (second.ok) return second.dumped;
    throw second.error;
  }
  throw first.error;
}

type Attempt = { ok: true; dumped: DumpedFile } | { ok: false; output: string; error: CaptureError };

async function dumpOnce(connection: SshConnection, target: JvmTarget, path: string, live: boolean, gzip: boolean, run: HeapDumpRun): Promise<Attempt> {
  const { host, pid } = target;
  const command = toolCommand(target, 'jcmd', heapDumpArgs(pid, live, gzip, path));
  const started = Date.now();
  let result: RunResult;
  try {
    result = await audited(
      run.audit,
      { action: 'dump-heap', host, pid, command, sshUser: target.login.user },
      async () => {
        const r = await runRemote(connection, command, { timeoutMs: run.timeoutMs, signal: run.signal });
        if (!CREATED.test(r.stdout.toString('utf8'))) throw new HeapDumpFailed(r);
        return r;
      },
      (r) => ({ remotePath: path, output: CREATED.exec(r.stdout.toString('utf8'))?.[0] ?? '' }),
    );
  } catch (error) {
    if (!(error instanceof HeapDumpFailed)) throw error;
    const failed = error.result;
    // Whatever the JVM wrote is incomplete; the connection may be gone, so try but don't insist.
    if (!failed.lost) await removeRemoteFile(connection, target, path).catch(() => undefined);
    const output = `${failed.stdout.toString('utf8')}\n${failed.stderr}`;
    return { ok: false, output, error: dumpError(target, path, failed, output, run.timeoutMs) };
  }
  const created = CREATED.exec(result.stdout.toString('utf8'))!;
  const seconds = (Date.now() - started) / 1000;
  return { ok: true, dumped: { remotePath: path, bytes: created[1] ? Number(created[1]) : 0, seconds } };
}

class HeapDumpFailed extends Error {
  constructor(readonly result: RunResult) {
    super(result.stderr.trim() || result.stdout.toString('utf8').trim() || `exit ${result.code}`);
  }
}

function dumpError(target: JvmTarget, path: string, result: RunResult, output: string, timeoutMs: number): CaptureError {
  const { host, pid } = target;
  if (result.aborted) return new CaptureError('cancelled', host, `${host}: the heap dump of JVM ${pid} was interrupted; its file ${path} was removed`);
  if (result.lost) return new CaptureError('interrupted', host, `${host}: the connection was lost during the heap dump of JVM ${pid}; ${path} may hold a partial dump: remove it`);
  if (result.timedOut) {
    return new CaptureError('not-responding', host, `${host}: JVM ${pid} did not finish its heap dump within ${timeoutMs / 1000}s; the partial file ${path} was removed`);
  }
  const failure = classifyToolFailure(output, { host, pid, tool: 'jcmd', loginUser: target.login.user, runAs: target.runAs, owner: target.owner.user, exitCode: result.code });
  if (failure.kind !== 'failed') return new CaptureError(failure.kind, host, failure.message);
  const said = output
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^\d+:$/.test(l) && !l.startsWith('Dumping heap'))
    .slice(0, 2)
    .join(' | ');
  return new CaptureError('remote', host, `${host}: JVM ${pid} could not write its heap dump to ${path}: ${said || `exit ${result.code}`}`);
}
