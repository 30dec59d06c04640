/**
 * History store figures (issue 10 §2): bytes per sample on the real capture, ingest CPU at
 * 100 hosts, one metric × 7 days from the 1-minute tier, CPU of 100 hosts × 24 h. Prints
 * figures; asserts nothing. Run from the repository root:
 *   npx esbuild bench/history-store.ts --bundle --platform=node --format=esm --packages=external \
 *     --outfile=node_modules/.cache/history-bench.mjs --log-level=warning && node node_modules/.cache/history-bench.mjs
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { readSnapshots } from '../fixtures/history/read-fixture.js';
import { HistoryReader } from '../src/history/history-reader.js';
import { HistoryWriter } from '../src/history/history-writer.js';
import { hostSnapshotSamples } from '../src/history/host-snapshot-samples.js';
import { DAY, MINUTE } from '../src/history/store-layout.js';

const root = mkdtempSync(join(tmpdir(), 'perfmon-history-bench-'));
const snapshots = readSnapshots();
const base = Math.floor((Date.now() - 8 * DAY) / (10 * MINUTE)) * 10 * MINUTE;

// 1. Bytes per sample and ingest CPU: the capture replayed as 100 hosts for 20 minutes at 1 s.
{
  const dir = join(root, 'fleet');
  const writer = await HistoryWriter.open(dir);
  const rows = snapshots.map((s) => hostSnapshotSamples(s, { topProcesses: 0 }));
  const seconds = 20 * 60;
  const cpu0 = process.cpuUsage();
  for (let s = 0; s < seconds; s++) {
    for (let h = 0; h < 100; h++) {
      const samples = rows[(s + h * 7) % rows.length]!.map(({ key, v }) => ({ key: { name: key.name, labels: { ...key.labels, host: `h${h}` } }, v }));
      writer.append(`h${h}`, base + s * 1000 + h, samples);
    }
    if (s % 2 === 1) writer.flush();
  }
  const cpu = process.cpuUsage(cpu0);
  writer.close();
  const reader = await HistoryReader.open(dir);
  const raw = reader.stats().tiers.find((t) => t.tier === 'raw')!;
  reader.close();
  const perSecondMs = (cpu.user + cpu.system) / 1000 / seconds;
  console.log(`bytes/sample (raw tier, keys included, ${raw.series} series of 100 hosts): ${raw.bytesPerPoint?.toFixed(3)}`);
  console.log(`ingest at 100 hosts, 1 s: ${perSecondMs.toFixed(1)} ms CPU per second of readings = ${(perSecondMs / 10).toFixed(2)} % of a core (relabelling the samples included)`);
}

// 2. One metric × 7 days at 1 s, queried from the 1-minute tier; 3. 100 hosts × 24 h CPU at 10 s.
{
  const dir = join(root, 'long');
  const writer = await HistoryWriter.open(dir);
  for (let s = 0; s < 7 * 86_400; s++) writer.append('one', base + s * 1000, [{ key: { name: 'cpu_usage', labels: { host: 'one' } }, v: (s % 1000) / 10 }]);
  const dayStart = base + 6 * DAY;
  for (let s = 0; s < 8640; s++) {
    for (let h = 0; h < 100; h++) writer.append(`f${h}`, dayStart + s * 10_000 + h, [{ key: { name: 'cpu_usage', labels: { host: `f${h}` } }, v: ((s + h) % 1000) / 10 }]);
    if (s % 100 === 0) writer.flush();
  }
  writer.close();
  const reader = await HistoryReader.open(dir);
  const time = (what: string, run: () => number) => {
    const runs: number[] = [];
    let n = 0;
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      n = run();
      runs.push(performance.now() - t0);
    }
    runs.sort((a, b) => a - b);
    console.log(`${what}: median ${runs[2]!.toFixed(1)} ms (${n} buckets)`);
  };
  time('one metric × 7 days, 1-minute step', () => reader.query({ name: 'cpu_usage', labels: { host: 'one' } }, base, base + 7 * DAY, MINUTE)[0]!.buckets.length);
  time('CPU of 100 hosts × 24 h, 5-minute step', () =>
    reader
      .query({ name: 'cpu_usage' }, dayStart, dayStart + DAY, 5 * MINUTE)
      .filter((r) => r.id.includes('"f'))
      .reduce((n, r) => n + r.buckets.length, 0),
  );
  reader.close();
}
rmSync(root, { recursive: true, force: true });
