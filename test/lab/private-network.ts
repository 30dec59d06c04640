import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

/**
 * A network namespace of its own (loopback only) for hosts the tests must not reach
 * directly: only the bastion's sessions run inside it. It lives as long as its holder
 * process, whose stdin is a pipe from us, so it also ends when the test process dies.
 */
export class PrivateNetwork {
  private constructor(private readonly holder: ChildProcess) {}

  /** A process inside the namespace (for nsenter --net=/proc/<pid>/ns/net). */
  get pid(): number {
    return this.holder.pid!;
  }

  static async start(): Promise<PrivateNetwork> {
    const holder = spawn('unshare', ['--net', 'sh', '-c', 'ip link set lo up && echo ready && exec cat >/dev/null'], {
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    let stderr = '';
    holder.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [ready] = await Promise.race([
      once(holder.stdout!, 'data'),
      once(holder, 'exit').then(() => [null]),
      once(holder, 'error').then(([err]) => [err as Error]),
    ]);
    if (!(ready instanceof Buffer)) {
      throw new Error(`lab: cannot create a private network namespace (needs root or user namespaces, and iproute2): ${stderr || String(ready)}`);
    }
    return new PrivateNetwork(holder);
  }

  stop(): void {
    if (this.holder.exitCode === null && this.holder.signalCode === null) this.holder.kill('SIGKILL');
  }
}
