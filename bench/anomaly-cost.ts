/**
 * What anomaly scoring costs the recorder: µs per detector update, over 10,000 series (one
 * detector each, as live), and so the share of one core at one sample per series per second.
 * Target (issue 12, GUIDE): ≤ 1 % of a core per 10,000 series at 1 s.
 *
 *   npx esbuild bench/anomaly-cost.ts --bundle --platform=node --format=esm --outfile=/tmp/perfmon-bench/anomaly-cost.mjs \
 *     && node /tmp/perfmon-bench/anomaly-cost.mjs [SERIES] [SECONDS]
 */
import { performance } from 'node:perf_hooks';
import { createAnomalyDetector } from '../src/analysis/anomaly/anomaly-detector.js';

const seriesCount = Number(process.argv[2] ?? 10_000);
const seconds = Number(process.argv[3] ?? 120);
const detectors = Array.from({ length: seriesCount }, () => createAnomalyDetector());
// Inputs prepared beforehand so the clock measures the detector alone: a level per series, a
// daily-ish wave, noise, and a rare spike.
const noise = Float64Array.from({ length: 65_536 }, () => Math.random() - 0.5);
const start = Date.parse('2026-03-02T00:00:00Z');
let flags = 0;
let k = 0;
function tick(second: number): void {
  const t = start + second * 1000;
  const wave = Math.sin(second / 600);
  for (let i = 0; i < seriesCount; i++) {
    const spike = (i * 7919 + second) % 50_000 === 0 ? 40 : 0;
    if (detectors[i]!.update(t, 10 + (i % 90) + 5 * wave + noise[k++ & 65_535]! + spike).anomalous) flags++;
  }
}
for (let s = 0; s < 30; s++) tick(s); // warm-up (JIT)
const began = performance.now();
for (let s = 30; s < 30 + seconds; s++) tick(s);
const elapsed = performance.now() - began;
const perUpdate = (elapsed * 1000) / (seriesCount * seconds);
const perSecond = perUpdate * seriesCount; // µs of CPU per second of samples
console.log(`${seriesCount} series × ${seconds} samples: ${perUpdate.toFixed(3)} µs per update`);
console.log(`at 1 s per series: ${(perSecond / 1000).toFixed(2)} ms of CPU per second = ${(perSecond / 10_000).toFixed(2)} % of one core (target ≤ 1 %)`);
console.log(`state per series: ${JSON.stringify(detectors[0]!.state()).length} bytes as JSON; ${flags} flags raised`);
