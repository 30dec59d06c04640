import { spawn, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HistoryReader, type SeriesResult } from '../../src/history/history-reader.js';
import { startLab, type Lab } from '../lab/lab.js';
import { RecorderProcess, until } from '../lab/recorder-process.js';

async function read(store: string, name: string, host: string, from: number): Promise<SeriesResult[]> {
  const reader = await HistoryReader.open(store);
  try {
    return reader.query({ name, labels: { host } }, from, Date.now() + 1000, 1000);
  } finally {
    reader.close();
  }
}

/** What a CPU burner moves: the busy share, and the user/system split (on a saturated machine, only the split). */
const BURNED = /^cpu(_core)?_(usage|user|system)$/;

/** The cpu series of `host` flagged since `from` (anomaly{series="cpu_usage"|…}). */
async function cpuFlags(store: string, host: string, from: number): Promise<SeriesResult[]> {
  return (await read(store, 'anomaly', host, from)).filter((s) => BURNED.test(s.key.labels['series'] ?? '') && s.buckets.length > 0);
}

/**
 * One busy loop per core, each a byte at a time through read/write (system time: it moves the
 * user/system split too, the one thing a CPU burner changes on a machine other work already keeps
 * at 100 %). The lab's hosts run on this machine's kernel, so a burner here is a burner on the
 * host. In its own session (so its own scheduler autogroup), niced to -20 when allowed (root).
 */
function startBurner(): ChildProcess {
  const loops = Array.from({ length: availableParallelism() }, () => 'dd if=/dev/zero of=/dev/null bs=1 2>/dev/null &').join(' ');
  return spawn('sh', ['-c', `echo -20 > /proc/self/autogroup 2>/dev/null; ${loops} wait`], { detached: true, stdio: 'ignore' });
}

function stopBurner(burner: ChildProcess): void {
  try {
    process.kill(-burner.pid!, 'SIGKILL');
  } catch {
    // already gone
  }
}

describe('live anomaly scoring in perfmon record', () => {
  let lab: Lab;
  let store: string;
  let inventory: string;
  const burners: ChildProcess[] = [];
  const running: RecorderProcess[] = [];
  beforeAll(async () => {
    lab = await startLab({ hosts: 1 });
    inventory = join(lab.dir, 'perfmon.yaml');
    store = join(lab.dir, 'history');
    writeFileSync(inventory, ['interval: 1', 'history: {path: history}', 'hosts:', `  - { name: ${lab.hosts[0]!.name}, address: ${lab.hosts[0]!.name} }`, ''].join('\n'));
  });
  afterAll(async () => {
    for (const b of burners) stopBurner(b);
    for (const r of running) r.signal('SIGKILL');
    await lab?.stop();
  });

  it("flags the host's cpu series when a CPU burner starts on it, and its anomaly rate rises", async () => {
    const host = lab.hosts[0]!.name;
    const recorder = new RecorderProcess(lab, ['--config', inventory]);
    running.push(recorder);
    const start = Date.now();
    await recorder.logged(`${host} up`);
    // The detectors learn the host as it is (30 samples to warm up, then the spread settles).
    await until(() => read(store, 'anomaly_rate', host, start), (r) => (r[0]?.buckets.length ?? 0) >= 60, 'sixty anomaly rates', 120_000);
    const planted = Date.now();
    const before = (await read(store, 'anomaly_rate', host, start))[0]!.buckets.slice(-30);
    const burner = startBurner();
    burners.push(burner);
    let flagged: SeriesResult[];
    try {
      flagged = await until(() => cpuFlags(store, host, planted), (f) => f.length > 0, `a cpu series of ${host} flagged after the burner started`, 60_000);
      await until(() => read(store, 'anomaly_rate', host, planted), (r) => (r[0]?.buckets.length ?? 0) >= 10, 'ten anomaly rates with the burner on');
    } finally {
      stopBurner(burner);
    }
    expect(flagged.map((s) => s.key.labels['host'])).toEqual(flagged.map(() => host));
    expect(flagged.every((s) => s.buckets.every((b) => b.min >= 0.5 && b.max < 1))).toBe(true);
    const during = (await read(store, 'anomaly_rate', host, planted))[0]!.buckets;
    const peak = (buckets: typeof during) => Math.max(...buckets.map((b) => b.max));
    const mean = (buckets: typeof during) => buckets.reduce((n, b) => n + b.mean, 0) / buckets.length;
    expect(mean(during)).toBeGreaterThan(mean(before));
    console.log(`flagged: ${flagged.map((s) => s.key.labels['series']).join(', ')}; anomaly_rate before mean ${mean(before).toFixed(4)} peak ${peak(before).toFixed(4)}, with the burner mean ${mean(during).toFixed(4)} peak ${peak(during).toFixed(4)}`);
    recorder.signal('SIGTERM');
    expect((await recorder.exited).code).toBe(0);
  }, 180_000);
});
