/**
 * What anomaly scoring costs the recorder: µs per detector update, over 10,000 series (one
 * detector each, as live), and so the share of one core at one sample per series per second;
 * then the same through the recorder's path (LiveAnomalyScorer: labelled samples of 100 hosts'
 * readings, one series id per sample, the flags and per-host rates built).
 * Target (issue 12, GUIDE): ≤ 1 % of a core per 10,000 series at 1 s.
 *
 *   npx esbuild bench/anomaly-cost.ts --bundle --platform=node --format=esm --outfile=/tmp/perfmon-bench/anomaly-cost.mjs \
 *     && node /tmp/perfmon-bench/anomaly-cost.mjs [SERIES] [SECONDS]
 */
import { createAnomalyDetector } from '../src/analysis/anomaly/anomaly-detector.js';
import { LiveAnomalyScorer, type KeyedSample } from '../src/analysis/anomaly/live-anomaly-scorer.js';

/** This process's CPU time (ms): the machine may be shared, so wall time would count others' work. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}
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
const began = cpuMs();
for (let s = 30; s < 30 + seconds; s++) tick(s);
const elapsed = cpuMs() - began;
const perUpdate = (elapsed * 1000) / (seriesCount * seconds);
const perSecond = perUpdate * seriesCount; // µs of CPU per second of samples
console.log(`${seriesCount} series × ${seconds} samples: ${perUpdate.toFixed(3)} µs per update`);
console.log(`at 1 s per series: ${(perSecond / 1000).toFixed(2)} ms of CPU per second = ${(perSecond / 10_000).toFixed(2)} % of one core (target ≤ 1 %)`);
console.log(`state per series: ${JSON.stringify(detectors[0]!.state()).length} bytes as JSON; ${flags} flags raised`);

// The recorder's path: hosts of 100 series each (labels as a host reading's), scored per instant.
const hosts = Math.max(1, Math.round(seriesCount / 100));
const scorer = new LiveAnomalyScorer();
const names = ['cpu_usage', 'cpu_user', 'cpu_system', 'cpu_iowait', 'disk_write_bytes_per_sec', 'net_rx_bytes_per_sec', 'memory_used_bytes', 'load1', 'tcp_sockets', 'process_cpu'];
let stored = 0;
let scoredElapsed = 0;
function scoreTick(second: number): void {
  const t = start + second * 1000;
  const wave = Math.sin(second / 600);
  // Fresh objects per reading, as hostSnapshotSamples builds them (built before the clock starts: that is ingest's cost).
  const readings = Array.from({ length: hosts }, (_, h) => {
    const host = `host${h}`;
    return Array.from({ length: 100 }, (_, i): KeyedSample => {
      const spike = (h * 7919 + i * 31 + second) % 50_000 === 0 ? 40 : 0;
      return { key: { name: names[i % 10]!, labels: { host, part: String(i) } }, v: 10 + i + 5 * wave + noise[k++ & 65_535]! + spike };
    });
  });
  const began = cpuMs();
  for (let h = 0; h < hosts; h++) stored += scorer.score(`host${h}`, t, readings[h]!).length;
  scoredElapsed += cpuMs() - began;
}
for (let s = 0; s < 30; s++) scoreTick(s);
scoredElapsed = 0;
for (let s = 30; s < 30 + seconds; s++) scoreTick(s);
const perScored = (scoredElapsed * 1000) / (hosts * 100 * seconds);
console.log(`recorder path (LiveAnomalyScorer, ${hosts} hosts × 100 series): ${perScored.toFixed(3)} µs per sample = ${((perScored * hosts * 100) / 10_000).toFixed(2)} % of one core at 1 s (target ≤ 1 %); ${stored} samples stored beside (flags + rates); ${scorer.size} detectors`);
