/**
 * The live store's cost per reading as the fleet grows (issue 15: nothing in the per-reading
 * path may grow with the fleet): 100, 300 and 1,000 hosts reading once a second for 60 s from
 * the real capture, the view asking for the state ten times a second as the TUI does. Prints
 * µs per reading and the share of a core at 1 s; asserts nothing. From the repository root:
 *   npx esbuild bench/store-scale.ts --bundle --platform=node --format=esm --packages=external \
 *     --outfile=node_modules/.cache/store-scale.mjs --log-level=warning && node node_modules/.cache/store-scale.mjs
 */
import { readSnapshots } from '../fixtures/history/read-fixture.js';
import { MetricStore } from '../src/model/store.js';

const SECONDS = 60;
const snapshots = readSnapshots();

function run(hosts: number): { usPerReading: number; coreShare: number } {
  const store = new MetricStore({ notifyDelayMs: 0 });
  store.subscribe(() => undefined);
  const names = Array.from({ length: hosts }, (_, i) => `h${i}`);
  const t0 = Date.parse(snapshots[0]!.time);
  const started = process.cpuUsage();
  for (let s = 0; s < SECONDS; s++) {
    const base = snapshots[s % snapshots.length]!;
    const time = new Date(t0 + s * 1000).toISOString();
    for (let h = 0; h < hosts; h++) {
      store.record({ ...base, name: names[h]!, time });
      // the TUI renders at most ten times a second: getState after every tenth of the fleet
      if (h % Math.ceil(hosts / 10) === 0) store.getState();
    }
  }
  const used = process.cpuUsage(started);
  const us = used.user + used.system;
  return { usPerReading: us / (hosts * SECONDS), coreShare: us / 1e6 / SECONDS };
}

run(100); // warm up the JIT
console.log('hosts  µs/reading  share of a core at 1 s');
for (const hosts of [100, 300, 1000]) {
  const { usPerReading, coreShare } = run(hosts);
  console.log(`${String(hosts).padStart(5)}  ${usPerReading.toFixed(2).padStart(10)}  ${(coreShare * 100).toFixed(2)} %`);
}
