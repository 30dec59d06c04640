/**
 * The fixture programs of fixtures/java running where the dump tests need them:
 *  - on a lab host, started through the SSH connection itself (`exec java …` on an exec
 *    channel), so the JVM belongs to the lab's login user and jcmd attaches as that user;
 *  - locally, optionally as another user (`runuser -u USER`, needs root), for the tests of a
 *    JVM the login user does not own.
 * Each program prints "READY <pid>" and exits when its stdin closes; stopAllJava() also kills
 * every JVM started here outright, so a failed test leaves none behind.
 */
import { execFile, spawn } from 'node:child_process';
import { chmod, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { createInterface, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { promisify } from 'node:util';
import type { SshConnection } from '../../../src/ssh/connection.js';
import { shellQuote } from '../../../src/ssh/shell-quote.js';
import { compileJavaFixtures } from '../java-program.js';
import { clearAttachLeftovers } from '../attach-leftovers.js';

const run = promisify(execFile);

const started = new Set<JavaProcess>();
process.once('exit', () => {
  for (const java of started) java.kill();
});

/** Compiles fixture programs into a folder every user can read (the lab user runs them). */
export async function compileForLab(classNames: readonly string[]): Promise<{ dir: string; remove: () => Promise<void> }> {
  const classes = await compileJavaFixtures(classNames);
  await chmod(classes.dir, 0o755);
  return classes;
}

export class JavaProcess {
  readonly pid: number;
  private readonly lines: Interface;
  private readonly backlog: string[] = [];
  private readonly waiters: Array<{ pattern: RegExp; resolve: (line: string) => void }> = [];
  private exited = false;

  private constructor(
    readonly name: string,
    private readonly stdin: Writable,
    lines: Interface,
    private readonly close: () => void,
    ready: string,
    pending: string[],
  ) {
    this.pid = Number(/^READY (\d+)/.exec(ready)![1]);
    clearAttachLeftovers(this.pid);
    this.backlog.push(...pending);
    this.lines = lines;
    this.lines.on('line', (line) => {
      const waiter = this.waiters.findIndex((w) => w.pattern.test(line));
      if (waiter >= 0) this.waiters.splice(waiter, 1)[0]!.resolve(line);
      else this.backlog.push(line);
    });
    this.lines.once('close', () => (this.exited = true));
    started.add(this);
  }

  /** Waits for the program's READY line on `stdout`. */
  static async begin(name: string, stdin: Writable, stdout: Readable, close: () => void, failed: Promise<string>): Promise<JavaProcess> {
    const reader = createInterface({ input: stdout });
    const before: string[] = [];
    let onLine: (line: string) => void = () => undefined;
    const ready = await Promise.race([
      new Promise<string>((resolve) => {
        onLine = (line) => {
          if (/^READY \d+/.test(line)) resolve(line);
          else before.push(line);
        };
        reader.on('line', onLine);
      }),
      failed.then((why) => {
        throw new Error(`${name} ended before READY: ${why}`);
      }),
    ]);
    reader.off('line', onLine);
    return new JavaProcess(name, stdin, reader, close, ready, before);
  }

  /** Writes a line to the program (GrowingCache: `grow N`). */
  send(line: string): void {
    this.stdin.write(`${line}\n`);
  }

  /** The next output line matching `pattern` (GrowingCache answers `size=N`). */
  nextLine(pattern: RegExp): Promise<string> {
    const i = this.backlog.findIndex((l) => pattern.test(l));
    if (i >= 0) return Promise.resolve(this.backlog.splice(i, 1)[0]!);
    if (this.exited) return Promise.reject(new Error(`${this.name} has exited`));
    return new Promise((resolve) => this.waiters.push({ pattern, resolve }));
  }

  /** `grow N` and wait for the answer: the heap holds N more entries. */
  async grow(entries: number): Promise<number> {
    this.send(`grow ${entries}`);
    return Number((await this.nextLine(/^size=\d+/)).slice('size='.length));
  }

  /** Closes stdin (the program exits) and kills it too. */
  kill(): void {
    started.delete(this);
    this.stdin.end();
    this.close();
    try {
      process.kill(this.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** Starts a fixture program on a lab host as the login user, its stdio the exec channel. */
export async function startRemoteJava(connection: SshConnection, classDir: string, className: string, javaArgs: readonly string[] = [], java = 'java'): Promise<JavaProcess> {
  const command = ['exec', shellQuote(java), ...javaArgs.map(shellQuote), '-cp', shellQuote(classDir), shellQuote(className)].join(' ');
  const channel = await connection.exec(command);
  let stderr = '';
  channel.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const failed = new Promise<string>((resolve) => channel.once('close', (code: unknown) => resolve(`exit ${String(code)}: ${stderr}`)));
  return JavaProcess.begin(`${className} on ${connection.host}`, channel, channel, () => channel.close(), failed);
}

/** Starts a fixture program on this machine, as `user` through runuser when given (root only). */
export async function startLocalJava(classDir: string, className: string, options: { user?: string; java?: string; javaArgs?: string[] } = {}): Promise<JavaProcess> {
  const java = [options.java ?? 'java', ...(options.javaArgs ?? []), '-cp', classDir, className];
  const [command, ...args] = options.user ? ['runuser', '-u', options.user, '--', ...java] : java;
  const child = spawn(command!, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const failed = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => resolve(`exit ${code ?? signal}: ${stderr}`));
    child.once('error', (error) => resolve(error.message));
  });
  return JavaProcess.begin(className, child.stdin, child.stdout, () => child.kill('SIGKILL'), failed);
}

export function stopAllJava(): void {
  for (const java of [...started]) java.kill();
}

/** A system account for JVMs the lab user does not own (created once; root only). */
export async function ensureUser(name: string): Promise<void> {
  try {
    await run('id', ['-u', name]);
  } catch {
    await run('useradd', ['--system', '--no-create-home', '--home-dir', '/nonexistent', '--shell', '/usr/sbin/nologin', name]).catch(async (error) => {
      await run('id', ['-u', name]).catch(() => Promise.reject(error));
    });
  }
}

/** Lets `login` run anything as `target` through `sudo -n`; returns the rule's removal. */
export async function allowSudo(login: string, target: string): Promise<() => Promise<void>> {
  const file = `/etc/sudoers.d/perfmon-test-${randomBytes(4).toString('hex')}`;
  await writeFile(file, `${login} ALL=(${target}) NOPASSWD: ALL\n`, { mode: 0o440 });
  try {
    await run('visudo', ['-cf', file]);
  } catch (error) {
    await rm(file, { force: true });
    throw error;
  }
  return () => rm(file, { force: true });
}

export const runningAsRoot = process.getuid?.() === 0;

/** The tests that switch users need root (runuser, useradd, sudoers): say so plainly otherwise. */
export function assertRoot(what: string): void {
  if (!runningAsRoot) throw new Error(`${what} needs root (runuser, useradd and /etc/sudoers.d); run the tests as root, as CI does`);
}
