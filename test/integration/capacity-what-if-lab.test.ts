/**
 * What-if on a lab service with a known CPU cost per request, end to end: the lab's load
 * service burning 5 ms of its own CPU per request (test/lab/load-service.mjs --cpu-ms), its
 * request counter read as the order engine's ordersPerSec through a lab host's SSH
 * connection, `perfmon record` recording the host (its busiest processes among them) while
 * the test drives the service at rates that vary from 10 to 50 requests/s (15 s each); then
 * `perfmon capacity --what-if orders=+50%` predicts the service process's CPU at 1.5 × the
 * peak, and the service is driven at that rate: its CPU there (its own process_cpu_seconds_total)
 * must be within 15 % of the prediction.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../lab/lab.js';
import { startLoadService, type LoadService } from '../load/load-lab.js';
import { PERFMON_BIN, runPerfmon } from '../support-bin.js';

const CPU_MS = 5;

/** Sends `rate` requests per second for `seconds`, a tenth of a second's worth at a time (open model: whatever the answers), catching up after a late timer. */
async function drive(url: string, rate: number, seconds: number): Promise<void> {
  const pending: Promise<unknown>[] = [];
  const start = Date.now();
  let sent = 0;
  while (sent < rate * seconds) {
    const due = Math.min(rate * seconds, Math.floor((rate * (Date.now() - start)) / 1000) + 1);
    for (; sent < due; sent++) pending.push(fetch(`${url}/quote`).then((r) => r.text(), () => undefined));
    await sleep(100);
  }
  await Promise.all(pending);
}

async function cpuSeconds(service: LoadService): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${service.controlPort}/metrics`)).text();
  return Number(/^process_cpu_seconds_total (\S+)$/m.exec(text)![1]);
}

describe('perfmon capacity --what-if on a lab service with a known CPU cost', () => {
  let lab: Lab;
  let service: LoadService;
  let recorder: ReturnType<typeof spawn> | undefined;
  beforeAll(async () => {
    [lab, service] = await Promise.all([startLab({ hosts: 1 }), startLoadService(4, 0, CPU_MS)]);
  });
  afterAll(async () => {
    recorder?.kill('SIGTERM');
    service?.stop();
    await lab?.stop();
  });

  it('predicts the service CPU at +50 % within 15 % of what it then uses', async () => {
    const inventory = join(lab.dir, 'perfmon.yaml');
    writeFileSync(
      inventory,
      [
        'interval: 1',
        'rateWindow: 2s',
        'history: {path: history}',
        'hosts:',
        '  - { name: lab-0, address: lab-0 }',
        'components:',
        '  - name: order-engine',
        '    role: order-engine',
        '    hosts: [lab-0]',
        `    metrics: [127.0.0.1:${service.controlPort}/metrics]`,
        '    appMetrics:',
        '      ordersPerSec: {type: rate, metric: lab_requests_total}',
        '',
      ].join('\n'),
    );
    recorder = spawn(process.execPath, [PERFMON_BIN, 'record', '--config', inventory], { env: lab.env, stdio: 'ignore' });
    await sleep(3000);
    for (const rate of [10, 30, 20, 50, 15, 40, 25, 45]) await drive(service.url, rate, 15);
    const whatIf = await runPerfmon(['capacity', '--json', '--what-if', 'orders=+50%', '--config', inventory], lab.env);
    expect(whatIf.stderr).toBe('');
    const report = JSON.parse(whatIf.stdout) as { components: { component: string; predictedThroughput: number; resources: { resource: string; process?: string; fit: { r2: number } | null; predictedPeak: number | null }[] }[] };
    const engine = report.components.find((c) => c.component === 'order-engine')!;
    const process_ = engine.resources.find((r) => r.resource === 'process')!;
    expect(process_.process).toMatch(/^node \(pid \d+\)$/);
    // Drive it at the predicted load and measure its CPU there, from the process itself.
    const rate = Math.round(engine.predictedThroughput);
    const before = await cpuSeconds(service);
    const started = Date.now();
    await drive(service.url, rate, 20);
    const measured = (100 * (await cpuSeconds(service) - before)) / ((Date.now() - started) / 1000);
    process.stdout.write(`what-if lab: ${rate} req/s predicted ${process_.predictedPeak!.toFixed(1)} % of a core (R² ${process_.fit!.r2.toFixed(2)}), measured ${measured.toFixed(1)} %, cost alone ${((rate * CPU_MS) / 10).toFixed(1)} %\n`);
    expect(Math.abs(process_.predictedPeak! - measured) / measured).toBeLessThan(0.15);
  }, 400_000);
});
