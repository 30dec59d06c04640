/**
 * What went wrong when jcmd, jstat or jstack (maybe through sudo) failed against a JVM, read
 * from what they printed: a kind to branch on and a message an operator can act on, naming
 * the host, the pid, and the fix. Pure. The texts matched are the JDK's (8 to 25) and sudo's.
 */
import type { JdkTool } from './jvm-tools.js';

export type JdkToolErrorKind =
  /** The process is gone (or never was). */
  | 'no-such-pid'
  /** The tool may not attach: wrong user, or sudo refused. */
  | 'permission'
  /** The JVM did not answer the attach request (hung, stopped, or too busy). */
  | 'not-responding'
  /** jcmd/jstat/jstack (or sudo) is not installed where perfmon looks. */
  | 'tool-missing'
  /** jstat found no performance data (-XX:-UsePerfData, or hsperfdata not visible). */
  | 'no-perf-data'
  | 'failed';

export interface ToolFailureContext {
  host: string;
  pid: number;
  tool: JdkTool;
  /** The login user, and the user the tool ran as through sudo (null: the login user). */
  loginUser: string;
  runAs: string | null;
  /** The JVM's owner, when known. */
  owner?: string | undefined;
  exitCode?: number | null | undefined;
}

export interface ToolFailure {
  kind: JdkToolErrorKind;
  message: string;
}

/** The first line that says something: an exception's message rather than its stack. */
export function firstMeaningfulLine(text: string): string {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !/^\d+:$/.test(l) && !l.startsWith('at ') && !l.startsWith('...'));
  return lines[0] ?? '';
}

export function classifyToolFailure(output: string, context: ToolFailureContext): ToolFailure {
  const { host, pid, tool, loginUser, runAs } = context;
  const as = runAs ?? loginUser;
  const text = output.trim();
  if (/sudo: (a password is required|a terminal is required)|is not allowed to execute|not in the sudoers file|may not run sudo|sudo: unknown user/.test(text)) {
    return {
      kind: 'permission',
      message:
        `${host}: permission denied: \`sudo -n -u ${runAs}\` was refused for ${loginUser} (${firstMeaningfulLine(text)}); ` +
        `give ${loginUser} a NOPASSWD sudoers rule to run ${tool} as ${runAs}, or change jvm.sudoUser`,
    };
  }
  const first = firstMeaningfulLine(text);
  if (runAs !== null && /(^|\s)sudo: (command )?not found|sudo: No such file/.test(first)) {
    return { kind: 'tool-missing', message: `${host}: sudo is not installed, so jvm.sudoUser (${runAs}) cannot be used: ${first}` };
  }
  // exit 127 is the shell's "command not found"; an exception's "No such file" is something else.
  if (context.exitCode === 127 || (/(command )?not found$|: not found|No such file or directory/.test(first) && !/Exception/.test(first))) {
    return {
      kind: 'tool-missing',
      message: `${host}: ${tool} not found (${first || `exit ${context.exitCode}`}): install the JDK's tools there, or point jvm.javaHome at a JDK`,
    };
  }
  if (/No such process|non existent JVM pid|Process not found/.test(text)) {
    return { kind: 'no-such-pid', message: `${host}: no JVM with pid ${pid} (it has exited, or the pid is wrong)` };
  }
  const stale = staleAttachSocket(text, context);
  if (stale !== undefined) return { kind: 'permission', message: stale };
  if (/Operation not permitted|Permission denied|well-known file .* is not secure|AccessDeniedException/.test(text)) {
    const owner = context.owner ? `JVM ${pid} belongs to '${context.owner}' and ` : '';
    return {
      kind: 'permission',
      message:
        `${host}: permission denied: ${owner}${tool} ran as '${as}', but the JDK tools attach only as the JVM's owner; ` +
        `set jvm.sudoUser${context.owner ? `: ${context.owner}` : ' to the owner'} for ${host}`,
    };
  }
  if (/Unable to open socket file|doesn't respond within|AttachNotSupportedException|Connection refused/.test(text)) {
    return {
      kind: 'not-responding',
      message: `${host}: JVM ${pid} is not responding to ${tool} (${firstMeaningfulLine(text)}): it may be hung, stopped, or run with -XX:+DisableAttachMechanism`,
    };
  }
  // "Could not map vmid to user Name": no hsperfdata file for the pid (also just after the JVM exited).
  if (tool === 'jstat' && /MonitorException: .*not found|Could not map vmid/.test(text)) {
    return {
      kind: 'no-perf-data',
      message: `${host}: jstat finds no performance data for JVM ${pid} (started with -XX:-UsePerfData, or its hsperfdata file is not visible to ${as})`,
    };
  }
  const line = firstMeaningfulLine(text);
  return { kind: 'failed', message: `${host}: ${tool} failed on JVM ${pid}${line ? `: ${line}` : context.exitCode != null ? ` (exit ${context.exitCode})` : ''}` };
}

/**
 * The tool ran as the JVM's owner and still found the attach socket owned by someone else: a
 * leftover of an earlier process with the same pid (a JVM killed with SIGKILL leaves its
 * /tmp/.java_pid<pid>), which blocks every attach until it is removed. sudoUser cannot help.
 */
function staleAttachSocket(text: string, context: ToolFailureContext): string | undefined {
  const as = context.runAs ?? context.loginUser;
  const found = /well-known file (\S+) is not secure: file should be owned by the current user \(which is (\d+)\) but is owned by (\d+)/.exec(text);
  if (found === null || context.owner === undefined || context.owner !== as) return undefined;
  const [, path, uid, fileUid] = found;
  return (
    `${context.host}: ${context.tool} cannot attach to JVM ${context.pid}: its attach socket ${path} belongs to uid ${fileUid}, not to ${as} (uid ${uid}) who owns the JVM; ` +
    `it was left by an earlier process with the same pid (one killed with SIGKILL): remove it on ${context.host} (as root) and try again`
  );
}
