/**
 * perfmon record --listen: the fleet's readings on /metrics, scraped by a real Prometheus
 * (Debian's) as it would scrape node_exporter. The lab's hosts are this machine, so what
 * Prometheus stores can be checked against /proc here.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../lab/lab.js';
import { startPrometheus, type Prometheus } from '../lab/prometheus.js';
import { freePort } from '../lab/rabbitmq.js';
import { RecorderProcess, until } from '../lab/recorder-process.js';

const memTotalBytes = () => Number(/^MemTotal:\s+(\d+) kB/m.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1]) * 1024;

describe('perfmon record --listen, scraped by a real Prometheus', () => {
  let lab: Lab;
  let prometheus: Prometheus;
  let recorder: RecorderProcess;
  let address: string;

  beforeAll(async () => {
    lab = await startLab({ hosts: 2 });
    const inventory = join(lab.dir, 'perfmon.yaml');
    writeFileSync(inventory, ['interval: 0.5', 'audit: {path: audit.jsonl}', 'history: {path: history}', 'hosts:', ...lab.hosts.map((h) => `  - { name: ${h.name}, address: ${h.name} }`), ''].join('\n'));
    address = `127.0.0.1:${await freePort()}`;
    recorder = new RecorderProcess(lab, ['--config', inventory, '--listen', address]);
    await recorder.logged(`metrics for Prometheus on http://${address}/metrics`);
    await recorder.logged('lab-1 up');
    prometheus = await startPrometheus({ scrape: [address] });
  });
  afterAll(async () => {
    recorder?.signal('SIGTERM');
    await recorder?.exited;
    await prometheus?.close();
    await lab?.stop();
  });

  it('serves OpenMetrics with node_exporter names, every host labelled, counters ending in _total', async () => {
    // counters come with a host's second reading (they count the time between readings)
    const text = await until(() => fetch(`http://${address}/metrics`).then((r) => r.text()), (t) => t.includes('node_cpu_seconds_total{host="lab-0"'), 'lab-0 counted');
    const res = await fetch(`http://${address}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/^application\/openmetrics-text; version=1\.0\.0/);
    expect(text).toMatch(/^# TYPE node_cpu_seconds counter$/m);
    expect(text).toMatch(/^node_cpu_seconds_total\{host="lab-0",cpu="0",mode="idle"\} [\d.e+]+$/m);
    expect(text).toMatch(/^perfmon_host_up\{host="lab-1"\} 1$/m);
    expect(text).toContain(`node_memory_MemTotal_bytes{host="lab-0"} ${memTotalBytes()}`);
    expect(text.trimEnd().endsWith('# EOF')).toBe(true);
    expect((await fetch(`http://${address}/other`)).status).toBe(404);
  });

  it('reaches Prometheus: memory exactly, CPU seconds adding up to the cores, a stopped host down', async () => {
    const memory = await until(() => prometheus.query('node_memory_MemTotal_bytes'), (r) => r.length === 2, 'both hosts scraped', 60_000);
    expect(memory.map((r) => [r.metric['host'], Number(r.value[1])]).sort()).toEqual([['lab-0', memTotalBytes()], ['lab-1', memTotalBytes()]]);
    // Every CPU spends one second per second in some mode: rate() over all modes sums to the cores.
    // (Over 10 s of scrapes, once Prometheus holds that much.)
    const within = (r: { value: [number, string] }[]) => r.length === 1 && Math.abs(Number(r[0]!.value[1]) - cpus().length) < 0.2 * cpus().length;
    const cores = await until(() => prometheus.query('sum by (host) (rate(node_cpu_seconds_total{host="lab-0"}[10s]))'), within, `CPU seconds per second ≈ ${cpus().length}`, 60_000);
    expect(within(cores)).toBe(true);
    await lab.killHost(1);
    await until(() => prometheus.query('perfmon_host_up{host="lab-1"} == 0'), (r) => r.length === 1, 'lab-1 down in Prometheus', 60_000);
    expect(await prometheus.query('node_memory_MemTotal_bytes{host="lab-1"}')).toEqual([]);
  });
});
