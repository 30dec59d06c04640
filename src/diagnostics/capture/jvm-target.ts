/**
 * Before a capture: is there such a process on the host, who owns it, who does perfmon log in
 * as, and so who must run the JDK tools (the login user, or jvm.sudoUser through sudo). One
 * short exec; the answers make the errors precise ("no such pid", "belongs to 'trader'; set
 * jvm.sudoUser") before any JVM is touched.
 */
import { runAsFor, toolPath, asUser, type Account, type JdkTool, type JvmToolSettings } from '../../collect/jvm/jvm-tools.js';
import { mainClassOf } from '../../collect/jvm/main-class.js';
import type { SshConnection } from '../../ssh/connection.js';
import { shellQuote } from '../../ssh/shell-quote.js';
import { CaptureError } from './capture-error.js';

export interface JvmTarget {
  host: string;
  pid: number;
  login: Account;
  owner: Account;
  /** The process's name (/proc/PID/comm): `java` for a JVM started by the java launcher. */
  command: string;
  /** Its main class, jar or module (from its command line), '?' when none shows. */
  mainClass: string;
  /** Who runs the tools: null for the login user, else through `sudo -n -u`. */
  runAs: string | null;
  settings: JvmToolSettings;
}

export function assertPid(host: string, pid: number): void {
  if (!Number.isInteger(pid) || pid < 1) throw new CaptureError('no-such-pid', host, `${host}: invalid pid ${pid} (a whole number from 1)`);
}

/** The facts of a pid on the host, or a CaptureError saying what is wrong. */
export async function resolveJvmTarget(connection: SshConnection, host: string, pid: number, settings: JvmToolSettings, timeoutMs = 20_000): Promise<JvmTarget> {
  assertPid(host, pid);
  const dir = `/proc/${pid}`;
  const script = [
    'id -u; id -un',
    `if [ -r ${dir}/status ]; then`,
    `  cat ${dir}/comm`,
    `  u=$(awk '$1 == "Uid:" {print $3}' ${dir}/status)`,
    '  echo "$u"',
    `  awk -F: -v u="$u" '$3 == u {print $1; exit}' /etc/passwd`,
    `  tr '\\0' '\\037' <${dir}/cmdline; echo`,
    'fi',
  ].join('\n');
  const result = await connection.execText(`sh -c ${shellQuote(script)}`, { timeoutMs });
  const [loginUid, loginUser, command, ownerUid, ownerName, argv] = result.stdout.split('\n').map((l) => l.trim());
  if (result.code !== 0 || loginUid === undefined || !/^\d+$/.test(loginUid) || !loginUser) {
    throw new CaptureError('remote', host, `${host}: could not inspect pid ${pid}: ${result.stderr.trim() || `exit ${result.code}`}`);
  }
  if (!command || ownerUid === undefined || !/^\d+$/.test(ownerUid)) {
    throw new CaptureError('no-such-pid', host, `${host}: no process with pid ${pid}`);
  }
  const login = { uid: Number(loginUid), user: loginUser };
  const owner = { uid: Number(ownerUid), user: ownerName || ownerUid };
  const access = runAsFor(host, pid, login, owner, settings.sudoUser);
  if (!access.ok) {
    const notJava = /^(java|jsvc)$/.test(command) ? '' : ` (pid ${pid} runs '${command}': is it a JVM?)`;
    throw new CaptureError('permission', host, `${access.reason}${notJava}`);
  }
  const mainClass = mainClassOf((argv ?? '').split('\x1f'));
  return { host, pid, login, owner, command, mainClass, runAs: access.runAs, settings };
}

/** The command line running a JDK tool with `args` as the target's tool user. */
export function toolCommand(target: JvmTarget, tool: JdkTool, args: readonly string[]): string {
  return asUser(target.runAs, [toolPath(target.settings, tool), ...args]);
}

/** The command line running any program as the target's tool user (rm, chmod, test). */
export function ownerCommand(target: JvmTarget, words: readonly string[]): string {
  return asUser(target.runAs, words);
}
