/**
 * HostAccess on this machine: commands run by a real shell (sh, or busybox sh), HTTP over a
 * real TCP socket through the same httpOverStream the SSH access uses. For tests of what the
 * procedures send to a host (lock scripts, health checks, controls) without an sshd.
 */
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { userInfo } from 'node:os';
import type { CallOptions, CommandResult, HostAccess, HostTarget, HttpRequest, HttpResponse } from '../../src/procedures/host-access.js';
import { httpOverStream, urlEndpoint } from '../../src/ssh/http-over-stream.js';

export class LocalHostAccess implements HostAccess {
  /** Every command run, with its host. */
  readonly commands: Array<{ host: string; command: string }> = [];

  constructor(private readonly shell: string[] = ['sh']) {}

  target(name: string): HostTarget {
    return { name, address: '127.0.0.1', port: 22, user: userInfo().username };
  }

  exec(host: string, command: string, options: CallOptions): Promise<CommandResult> {
    this.commands.push({ host, command });
    const [program, ...args] = this.shell;
    return new Promise((resolve, reject) => {
      const child = spawn(program!, [...args, '-c', command], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`${host}: command timed out after ${options.timeoutMs / 1000}s`));
      }, options.timeoutMs);
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        resolve({ code, signal, stdout, stderr });
      });
    });
  }

  http(_host: string, request: HttpRequest, options: CallOptions): Promise<HttpResponse> {
    const { hostname, port } = urlEndpoint(request.url);
    return new Promise((resolve, reject) => {
      const socket = connect(port, hostname, () => httpOverStream(socket, request, options.timeoutMs).then(resolve, reject));
      socket.once('error', reject);
    });
  }

  close(): void {}
}
