import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildSync } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { HistoryWriter } from '../../src/history/history-writer.js';
import { DAY, MINUTE } from '../../src/history/store-layout.js';

const dir = mkdtempSync(join(tmpdir(), 'perfmon-history-readers-'));
// Inside the repository so the bundle finds node_modules (lmdb is external: native code).
const child = join(process.cwd(), 'node_modules', '.cache', 'perfmon-history-reader-child.mjs');
buildSync({ entryPoints: ['test/history/read-while-writing-child.ts'], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile: child, logLevel: 'warning' });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const START = Math.floor((Date.now() - DAY) / (10 * MINUTE)) * 10 * MINUTE;
const SECONDS = 25 * 60; // two windows closed (chunks and rollups written) and one open, while the readers read

describe('readers in other processes while the writer writes', () => {
  it('see every flushed sample with its value, more as the writer goes on, never a torn write', async () => {
    const store = join(dir, 'store');
    const writer = await HistoryWriter.open(store, { flushIntervalMs: 60_000 });
    const readers = [0, 1].map(() => {
      const proc = spawn(process.execPath, [child, store, String(START), String(SECONDS)], { stdio: ['ignore', 'pipe', 'pipe'] });
      const state = { seen: [] as number[], wrong: [] as string[], err: '', opened: false };
      let rest = '';
      proc.stdout.on('data', (d: Buffer) => {
        const lines = (rest + d.toString()).split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines) {
          if (line === 'open') state.opened = true;
          else if (line.startsWith('seen ')) state.seen.push(Number(line.slice(5)));
          else if (line.startsWith('wrong ')) state.wrong.push(line);
        }
      });
      proc.stderr.on('data', (d: Buffer) => (state.err += d.toString()));
      const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
      return { proc, state, exited };
    });
    try {
      // The first flush creates the file the readers wait for; then write in steps, letting them read between.
      for (let s = 0; s < SECONDS; s++) {
        writer.append('db1', START + s * 1000, [
          { key: { name: 'cpu_usage', labels: { host: 'db1' } }, v: s % 100 },
          { key: { name: 'load1', labels: { host: 'db1' } }, v: 0.5 },
        ]);
        if (s % 150 === 149) {
          writer.flush();
          // Each reader sees what was just flushed while the writer is still open and writing on.
          const deadline = Date.now() + 20_000;
          while (readers.some((r) => (r.state.seen.at(-1) ?? 0) < s + 1)) {
            if (Date.now() > deadline) throw new Error(`a reader did not see sample ${s + 1}: ${readers.map((r) => `${r.state.seen.at(-1)} ${r.state.err}`).join('; ')}`);
            await sleep(5);
          }
        }
      }
      writer.flush();
      const codes = await Promise.all(readers.map((r) => r.exited));
      for (const { state } of readers) {
        expect(state.err).toBe('');
        expect(state.wrong).toEqual([]);
        // Counts only grow (a reader never sees a half-written or rolled-back state) and end at all of them;
        // each flush was seen before the writer went on (the loop above waited for it).
        expect(state.seen.every((n, i) => i === 0 || n >= state.seen[i - 1]!)).toBe(true);
        expect(state.seen.at(-1)).toBe(SECONDS);
        for (let flushed = 150; flushed <= SECONDS; flushed += 150) expect(state.seen).toContain(flushed);
      }
      expect(codes).toEqual([0, 0]);
    } finally {
      for (const r of readers) r.proc.kill('SIGKILL');
      writer.close();
    }
  }, 60_000);
});
