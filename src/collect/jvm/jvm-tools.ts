/**
 * How perfmon runs the JDK's tools (jcmd, jstat, jstack) against a JVM on a host. They must
 * run as the JVM's owner: the attach mechanism refuses any other user (EPERM on the SIGQUIT
 * it sends), and the hsperfdata file jstat reads is mode 0600. So: as the login user when it
 * owns the JVM; through `sudo -n -u USER` when the host's jvm.sudoUser is set; as root when
 * perfmon logs in as root (JDK 11+ lets root attach). Pure functions.
 */
import { shellQuote } from '../../ssh/shell-quote.js';

export type JdkTool = 'jcmd' | 'jstat' | 'jstack';

export interface JvmToolSettings {
  /** Run the tools as this user through `sudo -n -u` (the JVM's owner). */
  sudoUser?: string | undefined;
  /** JDK whose bin/ holds the tools; default: the tools on PATH. */
  javaHome?: string | undefined;
}

export interface Account {
  user: string;
  uid: number;
}

/** The tool's path (not quoted): `$javaHome/bin/jcmd`, or the bare name to find on PATH. */
export function toolPath(settings: JvmToolSettings, tool: JdkTool): string {
  if (settings.javaHome === undefined) return tool;
  return `${settings.javaHome.replace(/\/+$/, '')}/bin/${tool}`;
}

/** A command line running `words` (each quoted) as `runAs` through sudo, or directly when null. */
export function asUser(runAs: string | null, words: readonly string[]): string {
  const command = words.map(shellQuote).join(' ');
  return runAs === null ? command : `sudo -n -u ${shellQuote(runAs)} -- ${command}`;
}

export type RunAs = { ok: true; runAs: string | null } | { ok: false; reason: string };

/**
 * Which user runs the tools for a JVM owned by `owner` when perfmon logs in as `login`, or
 * why none can (the message says what to configure).
 */
export function runAsFor(host: string, pid: number, login: Account, owner: Account, sudoUser: string | undefined): RunAs {
  if (owner.uid === login.uid) return { ok: true, runAs: null };
  if (sudoUser !== undefined) {
    if (sudoUser === owner.user || sudoUser === 'root') return { ok: true, runAs: sudoUser };
    return {
      ok: false,
      reason:
        `${host}: JVM ${pid} belongs to user '${owner.user}', but jvm.sudoUser for ${host} is '${sudoUser}': ` +
        `jcmd must run as the JVM's owner; set jvm.sudoUser: ${owner.user}`,
    };
  }
  if (login.uid === 0) return { ok: true, runAs: null };
  return {
    ok: false,
    reason:
      `${host}: permission denied: JVM ${pid} belongs to user '${owner.user}' but perfmon logs in as '${login.user}', ` +
      `and the JDK tools attach only as the JVM's owner; set jvm.sudoUser: ${owner.user} for ${host} ` +
      `(and let ${login.user} run \`sudo -n -u ${owner.user}\` without a password)`,
  };
}
