/**
 * Captures the text a JDK tool prints (a thread dump, a class histogram) into a local file:
 * run it on the host, stream the output back with byte counts, check it is what was asked
 * for, and save it atomically (a temporary file renamed: complete or absent). Failures become CaptureErrors with the tool's own words
 * classified (no such pid, permission, not responding, tool missing).
 */
import { classifyToolFailure } from '../../collect/jvm/jdk-tool-errors.js';
import type { JdkTool } from '../../collect/jvm/jvm-tools.js';
import type { SshConnection } from '../../ssh/connection.js';
import { CaptureError } from './capture-error.js';
import { writeFileDurable } from '../../procedures/durable-file.js';
import { audited, type CaptureAudit, type CaptureSubject } from './capture-audit.js';
import type { JvmTarget } from './jvm-target.js';
import { runRemote } from './remote-command.js';

export interface TextCaptureOptions {
  /** The final local path (written atomically). */
  file: string;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  /** Which tool the command runs, for messages. */
  tool: JdkTool;
  /** What the output should hold, for the message when it does not (`a thread dump`). */
  expected: string;
  /** True when the text is what was asked for. */
  looksRight: (text: string) => boolean;
  onBytes?: (bytes: number) => void;
  /** stderr lines the command writes on purpose (e.g. "using jstack"), passed on. */
  onNotice?: (line: string) => void;
}

export interface TextCapture {
  file: string;
  bytes: number;
  text: string;
}

export async function captureToolText(connection: SshConnection, target: JvmTarget, command: string, options: TextCaptureOptions): Promise<TextCapture> {
  const { host, pid } = target;
  let bytes = 0;
  const result = await runRemote(connection, command, {
    timeoutMs: options.timeoutMs,
    signal: options.signal,
    onStdout: (chunk) => {
      bytes += chunk.length;
      options.onBytes?.(bytes);
    },
  });
  const text = result.stdout.toString('utf8');
  for (const line of result.stderr.split('\n')) if (line.startsWith('perfmon: ')) options.onNotice?.(line.slice('perfmon: '.length));
  if (result.aborted) throw new CaptureError('cancelled', host, `${host}: ${options.tool} on JVM ${pid} was interrupted; nothing was saved`);
  if (result.lost) throw new CaptureError('interrupted', host, `${host}: the connection was lost while ${options.tool} ran on JVM ${pid}; nothing was saved`);
  if (result.timedOut) {
    throw new CaptureError(
      'not-responding',
      host,
      `${host}: JVM ${pid} did not answer ${options.tool} within ${options.timeoutMs / 1000}s (hung, stopped, or in a very long safepoint); nothing was saved`,
    );
  }
  if (result.code !== 0 || !options.looksRight(text)) {
    const failure = classifyToolFailure(`${text}\n${result.stderr}`, {
      host,
      pid,
      tool: options.tool,
      loginUser: target.login.user,
      runAs: target.runAs,
      owner: target.owner.user,
      exitCode: result.code,
    });
    const kind = failure.kind === 'failed' && result.code === 0 ? 'invalid-output' : failure.kind;
    const message = kind === 'invalid-output' ? `${host}: ${options.tool} did not print ${options.expected} for JVM ${pid}: ${firstLines(text)}` : failure.message;
    throw new CaptureError(kind, host, message);
  }
  // Complete or absent: a temporary file, fsync'd, renamed. Private (0600): dumps hold data.
  await writeFileDurable(options.file, text);
  return { file: options.file, bytes: result.stdout.length, text };
}

/** captureToolText between the audit log's before and after lines. */
export function auditedToolText(
  connection: SshConnection,
  target: JvmTarget,
  command: string,
  action: CaptureSubject['action'],
  audit: CaptureAudit | undefined,
  options: TextCaptureOptions,
): Promise<TextCapture> {
  return audited(
    audit,
    { action, host: target.host, pid: target.pid, command, sshUser: target.login.user },
    () => captureToolText(connection, target, command, options),
    (capture) => ({ file: capture.file, bytes: capture.bytes }),
  );
}

function firstLines(text: string): string {
  const lines = text.trim().split('\n').slice(0, 3).join(' | ');
  return lines === '' ? '(no output)' : lines.slice(0, 300);
}
