import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { killTree, signalTree, waitUntilGone } from './process-tree.js';

const SSHD = '/usr/sbin/sshd';
const INETD = fileURLToPath(new URL('./inetd-sshd.mjs', import.meta.url));

export interface DaemonSpec {
  address: string;
  port: number;
  configFile: string;
  /** Listen inside this network namespace (the pid of a process living in it). */
  netnsPid?: number | undefined;
  /**
   * A gateway (bastion): listen here, but run each connection's sshd inside this network
   * namespace, so what it forwards to is only what lives there.
   */
  gatewayToNetnsPid?: number | undefined;
}

/** The address or port was taken (another lab, another program): pick another and retry. */
export class AddressInUseError extends Error {}

/** One sshd listener (or the bastion's inetd-style listener) and its log. */
export class SshdProcess {
  /** The last lines sshd wrote to stderr (-e), for failure messages. */
  readonly log: string[] = [];
  private readonly exited: Promise<void>;

  private constructor(readonly child: ChildProcess) {
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    child.stderr!.setEncoding('utf8');
    let partial = '';
    // Always drain stderr: a full pipe would block sshd.
    child.stderr!.on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop()!;
      this.log.push(...lines);
      if (this.log.length > 300) this.log.splice(0, this.log.length - 300);
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  static async start(spec: DaemonSpec): Promise<SshdProcess> {
    const [cmd, ...args] = commandFor(spec);
    const child = spawn(cmd!, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    const daemon = new SshdProcess(child);
    const ready = `Server listening on ${spec.address} port ${spec.port}.`;
    await new Promise<void>((resolve, reject) => {
      const onData = (): void => {
        if (daemon.log.some((l) => l.includes(ready))) done(null);
      };
      const onExit = (): void => {
        const text = daemon.log.join('\n');
        if (/Address already in use|Cannot bind any address/.test(text)) done(new AddressInUseError(text));
        else done(new Error(`lab: sshd for ${spec.address}:${spec.port} exited before listening:\n${text}`));
      };
      const onError = (err: Error): void => done(new Error(`lab: cannot start ${cmd}: ${err.message}`));
      function done(err: Error | null): void {
        child.stderr!.off('data', onData);
        child.off('exit', onExit);
        child.off('error', onError);
        if (err) reject(err);
        else resolve();
      }
      // Our own listener runs after the log collector above (registration order).
      child.stderr!.on('data', onData);
      child.once('exit', onExit);
      child.once('error', onError);
    });
    return daemon;
  }

  /** Stops (or continues) the listener and its sessions: a hung machine, sockets still open. */
  freeze(frozen: boolean): void {
    signalTree(this.pid, frozen ? 'SIGSTOP' : 'SIGCONT');
  }

  /** Kills the listener and every session below it, as if the machine died; resolves once they are gone. */
  async kill(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const pids = killTree(this.pid);
    await Promise.all([this.exited, waitUntilGone(pids)]);
  }
}

function commandFor(spec: DaemonSpec): string[] {
  const sshd = [SSHD, '-D', '-e', '-f', spec.configFile];
  if (spec.gatewayToNetnsPid !== undefined) {
    return [process.execPath, INETD, spec.address, String(spec.port), String(spec.gatewayToNetnsPid), spec.configFile];
  }
  if (spec.netnsPid !== undefined) return ['nsenter', `--net=/proc/${spec.netnsPid}/ns/net`, ...sshd];
  return sshd;
}
