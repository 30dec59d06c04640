/**
 * JVM discovery from /proc (every user's JVMs, unlike `jcmd -l`, which lists only the
 * caller's): the monitor script's `J` lines, ended by a `D` line, become JvmProcessInfo. The
 * script sends a JVM's command line only the first time; later rounds reuse what we hold.
 */
import type { SshConnection } from '../../ssh/connection.js';
import { JSTAT_COUNTERS } from './jvm-counters.js';
import { monitorScript, type MonitorLine } from './jvm-monitor-script.js';
import type { JvmProcessInfo } from '../../model/jvm-reading.js';
import { toolPath, type JvmToolSettings } from './jvm-tools.js';
import { mainClassOf } from './main-class.js';
import { openMonitorChannel, type Hello } from './monitor-channel.js';

type JvmLine = Extract<MonitorLine, { kind: 'jvm' }>;

/** Collects one discovery round's J lines; finish() turns them into the JVM list. */
export class DiscoveryRound {
  private readonly lines: JvmLine[] = [];

  add(line: JvmLine): void {
    this.lines.push(line);
  }

  /**
   * The JVMs of the round. `previous` supplies the command line of JVMs sent before (same pid
   * and start time); a JVM whose command line we never got is still listed, its class '?'.
   */
  finish(hostUptimeSeconds: number, clockTicks: number, previous: ReadonlyMap<number, JvmProcessInfo>): JvmProcessInfo[] {
    return this.lines.map((line) => {
      const known = previous.get(line.pid);
      const same = known !== undefined && known.startTicks === line.startTicks;
      const argv = line.argv ?? (same ? null : []);
      return {
        pid: line.pid,
        user: line.user,
        uid: line.uid,
        mainClass: argv === null ? known!.mainClass : mainClassOf(argv),
        args: argv === null ? known!.args : argv.join(' '),
        uptimeSeconds: Math.max(0, hostUptimeSeconds - line.startTicks / clockTicks),
        startTicks: line.startTicks,
      };
    });
  }
}

export interface Discovery {
  /** Who perfmon logs in as on the host. */
  login: Hello;
  jvms: JvmProcessInfo[];
}

/**
 * One discovery on a host: every running JVM, its owner, main class and uptime. Runs the
 * monitor script for one round on an exec channel (no jstat is started).
 */
export async function discoverJvms(connection: SshConnection, settings: JvmToolSettings = {}, timeoutMs = 30_000): Promise<Discovery> {
  const round = new DiscoveryRound();
  let done: (hostUptime: number) => void;
  const discovered = new Promise<number>((resolve) => (done = resolve));
  const script = monitorScript({ jstat: toolPath(settings, 'jstat'), jcmd: toolPath(settings, 'jcmd'), counters: JSTAT_COUNTERS, intervalMs: 1000 });
  const { channel, close } = await openMonitorChannel(connection, script, (line) => {
    if (line.kind === 'jvm') round.add(line);
    else if (line.kind === 'discovered') done(line.hostUptimeSeconds);
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${connection.host}: JVM discovery did not finish within ${timeoutMs / 1000}s`)), timeoutMs);
    });
    const ended = channel.ended.then(() => {
      throw new Error(`${connection.host}: the JVM discovery script ended early${channel.stderrTail()}`);
    });
    // It also "ends early" when we close it below, with nobody listening any more.
    ended.catch(() => undefined);
    timeout.catch(() => undefined);
    const login = await Promise.race([channel.ready, timeout, ended]);
    channel.send('d');
    const hostUptime = await Promise.race([discovered, timeout, ended]);
    return { login, jvms: round.finish(hostUptime, login.clockTicks, new Map()) };
  } finally {
    clearTimeout(timer);
    close();
  }
}
