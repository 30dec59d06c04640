import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { HistoryReader } from '../../src/history/history-reader.js';
import { DAY, MINUTE } from '../../src/history/store-layout.js';

const dir = mkdtempSync(join(tmpdir(), 'perfmon-history-kill-'));
// Inside the repository so the bundle finds node_modules (lmdb is external: native code).
const child = join(process.cwd(), 'node_modules', '.cache', 'perfmon-history-kill-child.mjs');
buildSync({ entryPoints: ['test/history/kill-writer-child.ts'], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile: child, logLevel: 'warning' });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const START = Math.floor((Date.now() - DAY) / (10 * MINUTE)) * 10 * MINUTE;

/** Runs the child until it has flushed `flushes` times (then SIGKILL), resolves with the last time it said was flushed. */
function runAndKill(store: string, start: number, flushes: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [child, store, String(start)], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
    let seen = 0;
    let last = -1;
    let err = '';
    proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
    proc.stdout.on('data', (d: Buffer) => {
      for (const line of d.toString().split('\n')) {
        const m = /^flushed (\d+)/.exec(line);
        if (m) {
          last = Number(m[1]);
          if (++seen === flushes) proc.kill('SIGKILL');
        }
      }
    });
    proc.on('exit', (code, signal) => (signal === 'SIGKILL' || code === 0 ? resolve(last) : reject(new Error(`child exited ${code}: ${err}`))));
  });
}

describe('history writer killed with SIGKILL', () => {
  it('loses at most what was not yet flushed, never older data, over many kills', async () => {
    const store = join(dir, 'store');
    const runs: { start: number; flushed: number }[] = [];
    for (let run = 0; run < 12; run++) {
      const start = START + run * 25 * MINUTE; // each run its own stretch, gaps between
      runs.push({ start, flushed: await runAndKill(store, start, 1 + ((run * 7) % 20)) });
    }
    const reader = await HistoryReader.open(store);
    for (const { start, flushed } of runs) {
      const [cpu] = reader.query({ name: 'cpu_usage', labels: { host: 'db1' } }, start, start + 20 * MINUTE, 1000);
      const times = cpu!.buckets.map((b) => b.t);
      // Everything up to the last flush the child reported is there, once, in order, with its value.
      const expected = (flushed - start) / 1000 + 1;
      expect(times.filter((t) => t <= flushed)).toHaveLength(expected);
      expect(cpu!.buckets.filter((b) => b.t <= flushed).every((b) => b.count === 1 && b.min === ((b.t - start) / 1000) % 100)).toBe(true);
    }
    reader.close();
  }, 120_000);
});
