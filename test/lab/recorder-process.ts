import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Lab } from './lab.js';
import { PERFMON_BIN } from '../support-bin.js';

/** A `perfmon record` child: its stderr lines as they come, its exit. */
export class RecorderProcess {
  readonly lines: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly proc: ChildProcess;

  constructor(lab: Lab, args: string[]) {
    this.proc = spawn(process.execPath, [PERFMON_BIN, 'record', ...args], { env: lab.env, stdio: ['ignore', 'ignore', 'pipe'] });
    let rest = '';
    this.proc.stderr!.on('data', (d: Buffer) => {
      const parts = (rest + d.toString()).split('\n');
      rest = parts.pop() ?? '';
      this.lines.push(...parts);
    });
    this.exited = new Promise((resolve) => this.proc.on('exit', (code, signal) => resolve({ code, signal })));
  }

  /** Resolves once a log line contains `text` (the recorder logs state changes, not samples). */
  async logged(text: string, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.lines.some((l) => l.includes(text))) {
      if (Date.now() > deadline) throw new Error(`the recorder never logged "${text}"; it logged:\n${this.lines.join('\n')}`);
      await sleep(50);
    }
  }

  signal(name: NodeJS.Signals): void {
    this.proc.kill(name);
  }
}

/** Resolves with `read()`'s value once `ok` holds (read again every 200 ms). */
export async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read().catch(() => undefined);
    if (value !== undefined && ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

