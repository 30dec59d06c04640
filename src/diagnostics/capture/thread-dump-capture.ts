/**
 * Thread dumps over SSH: `jcmd PID Thread.print -l` (or `jstack -l PID` where the host has no
 * jcmd) run as the JVM's owner, the text streamed back and saved as HOST-PID-TIMESTAMP.txt;
 * `count` dumps `everySeconds` apart make a series (what `perfmon analyze` needs to find stuck
 * and hot threads). Progress events say what is happening; failures are CaptureErrors.
 */
import { toolPath, type JvmToolSettings } from '../../collect/jvm/jvm-tools.js';
import type { SshConnection } from '../../ssh/connection.js';
import { shellQuote } from '../../ssh/shell-quote.js';
import type { CaptureAudit } from './capture-audit.js';
import { CaptureError } from './capture-error.js';
import { freshCapturePath } from './dump-files.js';
import { resolveJvmTarget, toolCommand, type JvmTarget } from './jvm-target.js';
import { auditedToolText } from './text-capture.js';
import { sleepUnlessAborted } from './wait.js';

export interface ThreadDumpCaptureOptions extends JvmToolSettings {
  /** The host's name (for file names and messages). */
  host: string;
  pid: number;
  /** Dumps in the series; default 1. */
  count?: number;
  /** Seconds from the start of one dump to the start of the next; default 10. */
  everySeconds?: number;
  outDir: string;
  /** Per dump; default 60 s. A JVM that does not answer by then is reported not responding. */
  timeoutMs?: number;
  signal?: AbortSignal;
  audit?: CaptureAudit;
}

export type ThreadDumpProgress =
  | { type: 'target'; target: JvmTarget }
  | { type: 'dumping'; index: number; count: number }
  | { type: 'receiving'; index: number; bytes: number }
  | { type: 'saved'; index: number; count: number; file: string; bytes: number }
  | { type: 'waiting'; index: number; seconds: number }
  | { type: 'notice'; message: string };

export interface ThreadDumpSeries {
  /** The saved files, in capture order. */
  files: string[];
  target: JvmTarget;
  tool: 'jcmd' | 'jstack';
}

const JSTACK_NOTICE = 'no jcmd here, using jstack';

/** jcmd if the host has it, else jstack, else exit 127 with a message naming both paths. */
export function threadDumpCommand(target: JvmTarget): string {
  const pid = String(target.pid);
  const jcmd = toolPath(target.settings, 'jcmd');
  const jstack = toolPath(target.settings, 'jstack');
  const script = [
    `if command -v ${shellQuote(jcmd)} >/dev/null 2>&1; then exec ${toolCommand(target, 'jcmd', [pid, 'Thread.print', '-l'])}; fi`,
    `if command -v ${shellQuote(jstack)} >/dev/null 2>&1; then echo ${shellQuote(`perfmon: ${JSTACK_NOTICE}`)} >&2; exec ${toolCommand(target, 'jstack', ['-l', pid])}; fi`,
    `echo ${shellQuote(`perfmon: neither ${jcmd} nor ${jstack} found`)} >&2`,
    'exit 127',
  ].join('\n');
  return `sh -c ${shellQuote(script)}`;
}

function positiveInteger(host: string, name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new CaptureError('remote', host, `${host}: ${name} must be a whole number from 1 (got ${value})`);
  return value;
}

export async function captureThreadDumps(
  connection: SshConnection,
  options: ThreadDumpCaptureOptions,
  onProgress: (event: ThreadDumpProgress) => void = () => undefined,
): Promise<ThreadDumpSeries> {
  const { host } = options;
  const count = positiveInteger(host, 'count', options.count ?? 1);
  const every = options.everySeconds ?? 10;
  if (!(every >= 0)) throw new CaptureError('remote', host, `${host}: --every must be 0 or more seconds (got ${every})`);
  const target = await resolveJvmTarget(connection, host, options.pid, options);
  onProgress({ type: 'target', target });
  const command = threadDumpCommand(target);
  const files: string[] = [];
  let tool: 'jcmd' | 'jstack' = 'jcmd';
  let started = 0;
  for (let index = 0; index < count; index++) {
    if (index > 0) {
      const wait = Math.max(0, started + every * 1000 - Date.now());
      onProgress({ type: 'waiting', index, seconds: wait / 1000 });
      if (!(await sleepUnlessAborted(wait, options.signal))) {
        throw new CaptureError('cancelled', host, `${host}: the series was interrupted after ${files.length} of ${count} dumps`, files);
      }
    }
    started = Date.now();
    onProgress({ type: 'dumping', index, count });
    const file = await freshCapturePath(options.outDir, host, target.pid, new Date(started), 'txt');
    try {
      const saved = await auditedToolText(connection, target, command, 'dump-thread', options.audit, {
        file,
        timeoutMs: options.timeoutMs ?? 60_000,
        signal: options.signal,
        tool,
        expected: 'a thread dump',
        looksRight: (text) => text.includes('Full thread dump'),
        onBytes: (bytes) => onProgress({ type: 'receiving', index, bytes }),
        onNotice: (message) => {
          if (message === JSTACK_NOTICE) tool = 'jstack';
          onProgress({ type: 'notice', message });
        },
      });
      files.push(saved.file);
      onProgress({ type: 'saved', index, count, file: saved.file, bytes: saved.bytes });
    } catch (error) {
      if (error instanceof CaptureError && files.length > 0) {
        throw new CaptureError(error.kind, host, `${error.message} (dump ${index + 1} of ${count}; ${files.length} saved before it)`, files);
      }
      throw error;
    }
  }
  return { files, target, tool };
}
