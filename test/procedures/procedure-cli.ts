/** The procedure commands as real processes: bin/perfmon.js restart|recover|degrade. */
import { spawn, type ChildProcess } from 'node:child_process';
import { PERFMON_BIN } from '../support-bin.js';
import pty from 'node-pty';

export interface ProcedureCli {
  bin: string;
  cleanup(): void;
}

/** The real bin/perfmon.js (built before the tests by test/global-setup.ts). */
export function buildProcedureCli(): ProcedureCli {
  return { bin: PERFMON_BIN, cleanup: () => {} };
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A running perfmon child whose output can be awaited line by line. */
export class CliProcess {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  private readonly waiters: Array<{ pattern: RegExp; resolve: (match: RegExpMatchArray) => void }> = [];
  readonly done: Promise<CliResult>;

  constructor(cli: ProcedureCli, args: string[], env: NodeJS.ProcessEnv) {
    this.child = spawn(process.execPath, [cli.bin, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdin!.end();
    this.child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      this.stdout += chunk;
      this.check();
    });
    this.child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    this.done = new Promise((resolveDone) => {
      this.child.on('close', (code, signal) => {
        this.check();
        for (const waiter of this.waiters.splice(0)) waiter.resolve([] as unknown as RegExpMatchArray);
        resolveDone({ code, signal, stdout: this.stdout, stderr: this.stderr });
      });
    });
  }

  private check(): void {
    for (const waiter of [...this.waiters]) {
      const match = this.stdout.match(waiter.pattern);
      if (match) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(match);
      }
    }
  }

  /** Resolves when stdout matches (or, with an empty match, when the process ended first). */
  waitFor(pattern: RegExp): Promise<RegExpMatchArray> {
    return new Promise((resolveWait) => {
      this.waiters.push({ pattern, resolve: resolveWait });
      this.check();
    });
  }
}

export function runCli(cli: ProcedureCli, args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  return new CliProcess(cli, args, env).done;
}

/** perfmon in a pseudo-terminal (stdin and stdout are a terminal): what an operator types into. */
export class PtyRun {
  private readonly process: pty.IPty;
  output = '';
  readonly exit: Promise<number>;
  private readonly waiters = new Set<() => void>();
  private ended = false;

  constructor(cli: ProcedureCli, args: string[], env: NodeJS.ProcessEnv) {
    this.process = pty.spawn(process.execPath, [cli.bin, ...args], { cols: 160, rows: 50, name: 'xterm', env: env as Record<string, string> });
    this.process.onData((data) => {
      this.output += data.replace(/\r/g, '');
      for (const wake of [...this.waiters]) wake();
    });
    this.exit = new Promise((resolveExit) => this.process.onExit(({ exitCode }) => {
      this.ended = true;
      for (const wake of [...this.waiters]) wake();
      resolveExit(exitCode);
    }));
  }

  write(text: string): void {
    this.process.write(text);
  }

  /** Resolves once the output matches; rejects with the output if the process ends first. */
  waitFor(pattern: RegExp): Promise<void> {
    return new Promise((resolveWait, reject) => {
      const check = (): void => {
        if (pattern.test(this.output)) {
          this.waiters.delete(check);
          resolveWait();
        } else if (this.ended) {
          this.waiters.delete(check);
          reject(new Error(`perfmon ended without printing ${String(pattern)}:\n${this.output}`));
        }
      };
      this.waiters.add(check);
      check();
    });
  }
}
