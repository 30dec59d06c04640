import { rmSync } from 'node:fs';

/**
 * A JVM killed with SIGKILL leaves its attach socket, /tmp/.java_pid<pid>, behind. Pids wrap
 * (at 32768 here) within one test run, and a later JVM of another user given the same pid
 * cannot be attached while that file is there: the JDK refuses a socket its user does not
 * own. A JVM that has just printed READY has not made its socket yet (HotSpot makes it on the
 * first attach), so whatever is there for its pid is a leftover and goes. Not root: left alone.
 */
export function clearAttachLeftovers(pid: number): void {
  for (const file of [`/tmp/.java_pid${pid}`, `/tmp/.attach_pid${pid}`]) {
    try {
      rmSync(file, { force: true });
    } catch {
      // another user's file and we are not root
    }
  }
}
