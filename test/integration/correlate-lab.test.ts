import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, fdatasyncSync, openSync, writeSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HistoryReader } from '../../src/history/history-reader.js';
import type { CorrelationResult } from '../../src/analysis/correlation/correlate-history.js';
import { startLab, type Lab } from '../lab/lab.js';
import { runPerfmon } from '../support-bin.js';
import { RecorderProcess, until } from '../lab/recorder-process.js';

const BUCKETS = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5];

/**
 * An order service whose every order is written to its journal and synced to the disk (as a
 * matching engine's write-ahead log is): its latency is the disk's. Prometheus text on /metrics:
 * the slowest order of the last second as a gauge (a sliding-minute quantile would smear the
 * moment the disk turned slow over a minute).
 */
function journallingService(journal: string): { server: Server; stop(): void } {
  const counts = BUCKETS.map(() => 0);
  let count = 0;
  let sum = 0;
  const fd = openSync(journal, 'w');
  const record = Buffer.alloc(4096, 'o');
  let busy = false;
  let recent: { at: number; seconds: number }[] = [];
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    const began = process.hrtime.bigint();
    writeSync(fd, record);
    fdatasyncSync(fd);
    const seconds = Number(process.hrtime.bigint() - began) / 1e9;
    count++;
    sum += seconds;
    BUCKETS.forEach((le, i) => (counts[i]! += seconds <= le ? 1 : 0));
    const now = Date.now();
    recent = [...recent.filter((r) => r.at > now - 1000), { at: now, seconds }];
    busy = false;
  }, 50);
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    res.end(
      [
        '# TYPE orders_received_total counter',
        `orders_received_total ${count}`,
        '# TYPE order_processing_seconds histogram',
        ...BUCKETS.map((le, i) => `order_processing_seconds_bucket{le="${le}"} ${counts[i]}`),
        `order_processing_seconds_bucket{le="+Inf"} ${count}`,
        `order_processing_seconds_sum ${sum}`,
        `order_processing_seconds_count ${count}`,
        '# TYPE order_latency_max_seconds gauge',
        `order_latency_max_seconds ${Math.max(0, ...recent.map((r) => r.seconds))}`,
        '',
      ].join('\n'),
    );
  });
  return { server, stop: () => (clearInterval(timer), server.close(), closeSync(fd)) };
}

/** A disk writer: 256 MiB written straight to the disk (no page cache), over and over, in its own process group. */
function startDiskWriter(file: string): ChildProcess {
  return spawn('sh', ['-c', `while :; do dd if=/dev/zero of=${file} bs=1M count=256 oflag=direct 2>/dev/null; done`], { detached: true, stdio: 'ignore' });
}

function stopGroup(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    // already gone
  }
}

describe('perfmon correlate on a recorded lab', () => {
  let lab: Lab;
  let service: ReturnType<typeof journallingService>;
  const children: ChildProcess[] = [];
  const running: RecorderProcess[] = [];
  beforeAll(async () => {
    lab = await startLab({ hosts: 1 });
    service = journallingService(join(lab.dir, 'journal'));
    await new Promise<void>((resolve) => service.server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    children.forEach(stopGroup);
    for (const r of running) r.signal('SIGKILL');
    service?.stop();
    await lab?.stop();
  });

  it('ranks the disk writer that slows the service on its host in the top three', async () => {
    const host = lab.hosts[0]!.name;
    const inventory = join(lab.dir, 'perfmon.yaml');
    const store = join(lab.dir, 'history');
    const port = (service.server.address() as AddressInfo).port;
    writeFileSync(
      inventory,
      ['interval: 1', 'history: {path: history}', 'hosts:', `  - { name: ${host}, address: ${host} }`, 'components:', `  - { name: engine, role: order-engine, hosts: [${host}], metrics: ["127.0.0.1:${port}/metrics"] }`, 'appMetrics:', '  order-engine:', '    orderLatency: {type: gauge, metric: order_latency_max_seconds, aggregate: max, scale: 1000, unit: ms}', ''].join('\n'),
    );
    const recorder = new RecorderProcess(lab, ['--config', inventory]);
    running.push(recorder);
    await recorder.logged(`${host} up`);
    const latency = { name: 'app_metric', labels: { component: 'engine', metric: 'orderLatency' } };
    const stored = async () => {
      const reader = await HistoryReader.open(store);
      try {
        return reader.query(latency, Date.now() - 600_000, Date.now() + 1000, 1000).filter((s) => s.key.labels['host'] === undefined);
      } finally {
        reader.close();
      }
    };
    // A quiet stretch as long as the window: what "before" is.
    const WINDOW = 90_000;
    await until(stored, (s) => (s[0]?.buckets.length ?? 0) >= 60, 'a minute of the service latency', 120_000);
    await sleep(WINDOW - 60_000 + 5_000);
    const planted = Date.now();
    const writer = startDiskWriter(join(lab.dir, 'ballast'));
    children.push(writer);
    await sleep(WINDOW);
    stopGroup(writer);
    const to = Date.now();
    const { code, stdout, stderr } = await runPerfmon(
      ['correlate', 'app_metric', '--config', inventory, ...Object.entries(latency.labels).flatMap(([k, v]) => ['--label', `${k}=${v}`]), '--from', new Date(planted).toISOString(), '--to', new Date(to).toISOString(), '--json'],
      lab.env,
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as CorrelationResult;
    const top = result.ranking.slice(0, 3);
    console.log(result.ranking.slice(0, 10).map((r) => `${r.id} score ${r.score.toFixed(3)} ks ${r.change.ks.toFixed(2)} r ${r.correlation?.pearson.toFixed(2)} lead ${r.correlation?.lagSeconds}s`).join('\n'));
    expect(result.metric).toBe('app_metric{component="engine",metric="orderLatency"}');
    expect(top.some((r) => r.host === host && /^disk_(write_bytes_per_sec|write_iops|utilisation|queue_length|await_ms)$/.test(r.name))).toBe(true);
    expect(result.ranking.every((r, i) => i === 0 || r.score <= result.ranking[i - 1]!.score)).toBe(true);
    recorder.signal('SIGTERM');
    expect((await recorder.exited).code).toBe(0);
  }, 400_000);
});
