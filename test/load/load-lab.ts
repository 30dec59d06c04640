/**
 * For load tests against the lab service (test/lab/load-service.mjs): start it, read its
 * figures from its control port, and run the real `bin/perfmon.js load` against it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { PERFMON_BIN } from '../support-bin.js';

const SERVICE = resolve(import.meta.dirname, '../lab/load-service.mjs');

export interface ServiceStats {
  sockets: number;
  served: number;
  queued: number;
  maxQueued: number;
}

export interface LoadService {
  port: number;
  controlPort: number;
  url: string;
  stats(): Promise<ServiceStats>;
  pause(ms: number): Promise<void>;
  stop(): void;
}

/** The service with `workers` workers spending `costMs` on each request (and `cpuMs` of CPU time). */
export async function startLoadService(workers: number, costMs: number, cpuMs = 0): Promise<LoadService> {
  // stdin is a pipe: when this process dies, the service sees it close and ends too.
  const child = spawn(process.execPath, [SERVICE, '--workers', String(workers), '--cost-ms', String(costMs), '--cpu-ms', String(cpuMs)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolveLine, reject) => {
    child.once('exit', (code) => reject(new Error(`the load service exited (${code}) before it listened`)));
    createInterface({ input: child.stdout! }).once('line', resolveLine);
  });
  const { port, controlPort } = JSON.parse(line) as { port: number; controlPort: number };
  const control = `http://127.0.0.1:${controlPort}`;
  return {
    port,
    controlPort,
    url: `http://127.0.0.1:${port}`,
    stats: async () => (await (await fetch(`${control}/stats`)).json()) as ServiceStats,
    pause: async (ms) => void (await (await fetch(`${control}/pause?ms=${ms}`, { method: 'POST' })).text()),
    stop: () => void child.kill('SIGTERM'),
  };
}

/**
 * The sockets a lab service still has open once a client has closed its side: waited for
 * (the service closes when it sees the FIN), bounded at 5 s; 0 when nothing was left open.
 */
export async function socketsLeftOpen(stats: () => Promise<{ sockets: number }>): Promise<number> {
  let sockets = (await stats()).sockets;
  for (let attempt = 0; attempt < 50 && sockets > 0; attempt++) {
    await new Promise((resolveSoon) => setTimeout(resolveSoon, 100));
    sockets = (await stats()).sockets;
  }
  return sockets;
}

/** A scratch directory for scenarios, inventories, HOME and the audit log. */
export function scratch(): { dir: string; env: NodeJS.ProcessEnv; write(name: string, text: string): string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'perfmon-load-'));
  const env = { ...process.env, HOME: dir, XDG_CONFIG_HOME: join(dir, 'config'), XDG_STATE_HOME: join(dir, 'state') };
  return {
    dir,
    env,
    write: (name, text) => {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface PerfmonRun {
  child: ChildProcess;
  /** Resolves when the process has exited. */
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
  /** Resolves with the first stdout line `match` accepts. */
  line(match: (line: string) => boolean): Promise<string>;
}

/** `perfmon load …` as a real process; stdin is not a terminal. */
export function perfmonLoad(args: string[], env: NodeJS.ProcessEnv): PerfmonRun {
  const child = spawn(process.execPath, [PERFMON_BIN, 'load', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const waiting: { match: (line: string) => boolean; resolve: (line: string) => void }[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    stdout += `${line}\n`;
    for (const waiter of waiting.filter((w) => w.match(line))) {
      waiting.splice(waiting.indexOf(waiter), 1);
      waiter.resolve(line);
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolveDone) => {
    child.once('close', (code) => resolveDone({ code, stdout, stderr }));
  });
  return {
    child,
    done,
    line: (match) => new Promise((resolveLine) => waiting.push({ match, resolve: resolveLine })),
  };
}

/** The JSON lines of a --json run. */
export function jsonLines(stdout: string): { type: string; [key: string]: unknown }[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { type: string });
}
