/**
 * Runs the fixture programs of fixtures/java on this machine's JDK (`javac`, `java`, `jcmd`
 * on PATH): compile into a temporary folder, start, wait for the program's "READY <pid>"
 * line (the program prints it once it is in the state worth dumping), dump, stop. A program
 * exits by itself when its stdin closes, so even a killed test run leaves no JVM behind.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { clearAttachLeftovers } from './attach-leftovers.js';
import { fixturePath } from './fixture-dumps.js';

const run = promisify(execFile);

/** Every JVM started and not yet exited, READY or not, so none outlives a failed test. */
const running = new Set<ChildProcess>();
process.once('exit', () => stopAllJavaPrograms());

/** Closes stdin (the programs' signal to exit) and kills each outright in case it does not. */
export function stopAllJavaPrograms(): void {
  for (const child of running) {
    child.stdin?.end();
    child.kill('SIGKILL');
  }
  running.clear();
}

export async function compileJavaFixtures(classNames: readonly string[]): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'perfmon-java-'));
  await run('javac', ['-d', dir, ...classNames.map((c) => fixturePath(`java/${c}.java`))]);
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export class JavaProgram {
  private constructor(readonly pid: number) {}

  static start(classDir: string, className: string): Promise<JavaProgram> {
    const child = spawn('java', ['-cp', classDir, className], { stdio: ['pipe', 'pipe', 'pipe'] });
    running.add(child);
    child.once('exit', () => running.delete(child));
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    return new Promise((resolve, reject) => {
      const lines = createInterface({ input: child.stdout! });
      lines.on('line', (line) => {
        const ready = /^READY (\d+)/.exec(line);
        if (!ready) return;
        clearAttachLeftovers(Number(ready[1]));
        resolve(new JavaProgram(Number(ready[1])));
      });
      child.once('error', reject);
      child.once('exit', (code, signal) => reject(new Error(`${className} exited (${code ?? signal}) before READY: ${stderr}`)));
    });
  }

  /** `jcmd PID Thread.print -l`, as perfmon's capture runs it. */
  async threadDump(): Promise<string> {
    const { stdout } = await run('jcmd', [String(this.pid), 'Thread.print', '-l'], { maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  }
}
