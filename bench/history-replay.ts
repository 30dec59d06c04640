/**
 * Replay figures (issue 10 §4): how long the fleet at a past moment takes to rebuild from
 * history, cold (first read of the windows) and stepping (`[`: the windows already decoded),
 * for 100 hosts of real readings at 1 s, with and without the minute of lead-up the TUI draws.
 * Prints figures; asserts nothing. Run from the repository root:
 *   npx esbuild bench/history-replay.ts --bundle --platform=node --format=esm --packages=external \
 *     --outfile=node_modules/.cache/history-replay.mjs --log-level=warning && node node_modules/.cache/history-replay.mjs [hosts] [minutes]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { HistoryReader } from '../src/history/history-reader.js';
import { fleetAt } from '../src/history/snapshot-at.js';
import { fillStore } from '../test/history/fill-store.js';

const hosts = Array.from({ length: Number(process.argv[2] ?? 100) }, (_, i) => `h${i}`);
const minutes = Number(process.argv[3] ?? 12);
const dir = mkdtempSync(join(tmpdir(), 'perfmon-replay-bench-'));
const start = Math.floor((Date.now() - 2 * 3_600_000) / 600_000) * 600_000;
const fillStarted = performance.now();
await fillStore(dir, { hosts, start, seconds: minutes * 60 });
console.log(`filled ${hosts.length} hosts × ${minutes} min at 1 s in ${((performance.now() - fillStarted) / 1000).toFixed(1)} s`);

const reader = await HistoryReader.open(dir);
const time = (label: string, at: number, trail: number) => {
  const t0 = performance.now();
  const fleet = fleetAt(reader, at, { trail });
  console.log(`${label.padEnd(34)} ${(performance.now() - t0).toFixed(0).padStart(6)} ms  (${fleet.hosts.length} hosts)`);
};
// A moment in the first (closed) window, then in the open one (the write-ahead table).
for (const [where, at] of [
  ['closed window', start + 5 * 60_000],
  ['open window', start + (minutes - 1) * 60_000],
] as const) {
  time(`${where}: cold, no lead-up`, at, 0);
  for (let step = 1; step <= 3; step++) time(`${where}: step ${step} back, no lead-up`, at - step * 10_000, 0);
  for (let step = 4; step <= 6; step++) time(`${where}: step ${step} back, 60 s lead-up`, at - step * 10_000, 60);
}
reader.close();
rmSync(dir, { recursive: true, force: true });
