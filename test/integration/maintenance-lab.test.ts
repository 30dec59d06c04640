/**
 * A rolling restart does not page: on the service lab, perfmon record judges each component's
 * health (a rule on component_healthy) and sends alerts to a real Alertmanager. A real `perfmon
 * restart` takes each host's service down through its warm-up: the alerts fire and resolve in
 * the recorder's log, marked as the run's maintenance, and nothing reaches the Alertmanager or
 * its pager. The same service dying for real just after the run pages once the run's maintenance
 * (the run and a settling minute) is over.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAlertmanager, type Alertmanager } from '../lab/alertmanager.js';
import { startServiceLab, type ServiceLab } from '../procedures/service-lab.js';
import { PERFMON_BIN, runPerfmon } from '../support-bin.js';

let svc: ServiceLab;
let am: Alertmanager;
let recorder: ChildProcess | null = null;
const lines: string[] = [];

beforeAll(async () => {
  // Each service warms up longer than the recorder's health checks are apart (5 s): every host is seen unhealthy.
  svc = await startServiceLab({ hosts: 2, warmupMs: 7000 });
  am = await startAlertmanager();
});
afterAll(async () => {
  recorder?.kill('SIGKILL');
  await am?.close();
  await svc?.stop();
});

async function logged(test: (line: string) => boolean, what: string, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const hit = lines.find(test);
    if (hit !== undefined) return hit;
    if (Date.now() > deadline) throw new Error(`the recorder never logged ${what}; it logged:\n${lines.join('\n')}`);
    await sleep(100);
  }
}

describe('a rolling restart under perfmon record', () => {
  it('fires the component alerts as maintenance and pages no one; a service that dies for real pages once the maintenance is over', async () => {
    const inventory = join(svc.lab.dir, 'alerts.yaml');
    writeFileSync(
      inventory,
      `${readFileSync(svc.inventoryFile, 'utf8').replace('startTimeout: 6', 'startTimeout: 30')}history: {path: ${join(svc.lab.dir, 'history')}}\nalerts:\n  builtIn: false\n  rules:\n    - {name: ComponentDown, metric: component_healthy, below: 0.5, severity: critical, summary: "{{component}} unhealthy on {{host}}"}\n  alertmanager: {url: "${am.url}"}\n`,
    );
    recorder = spawn(process.execPath, [PERFMON_BIN, 'record', '--config', inventory], { env: svc.env, stdio: ['ignore', 'ignore', 'pipe'] });
    let rest = '';
    recorder.stderr!.on('data', (d: Buffer) => {
      const parts = (rest + d.toString()).split('\n');
      rest = parts.pop() ?? '';
      lines.push(...parts);
    });
    await logged((l) => l.includes(`alerts go to ${am.url}`), 'its alert rules');
    for (const host of svc.lab.hosts) await logged((l) => l.includes(`${host.name} up`), `${host.name} up`);

    const restart = await runPerfmon(['restart', svc.component, '--rolling', '--yes', '--config', inventory], svc.env);
    expect(restart.stderr).toBe('');
    expect(restart.code).toBe(0);
    const maintenance = `(maintenance rolling restart of ${svc.component}: not sent)`;
    for (const host of svc.lab.hosts) {
      for (const state of ['FIRING', 'RESOLVED']) {
        await logged((l) => l.includes(`alert ${state} ComponentDown ${host.name}: ${svc.component} unhealthy on ${host.name}`) && l.endsWith(maintenance), `ComponentDown ${state} on ${host.name} as maintenance`);
      }
    }
    expect(lines.filter((l) => l.includes('alert FIRING ComponentDown') && !l.endsWith(maintenance))).toEqual([]);

    // A service that really dies right after the run (within its settling minute) is held back
    // as maintenance too, and pages as soon as the maintenance is over.
    const victim = svc.lab.hosts[1]!.name;
    const before = lines.length;
    process.kill(svc.pid(1)!, 'SIGKILL');
    await logged((l) => lines.indexOf(l) >= before && l.includes(`alert FIRING ComponentDown ${victim}`), `ComponentDown on ${victim} after the restart`);
    await logged((l) => l.endsWith(`alert ComponentDown ${victim}: still firing after maintenance rolling restart of ${svc.component}; sent`), 'the alert sent once the maintenance is over', 120_000);
    const paged = await am.waitForNotification((m) => m.status === 'firing' && m.alerts.some((a) => a.labels['alertname'] === 'ComponentDown'), 30_000);
    expect(paged.alerts.map((a) => a.labels['host'])).toEqual([victim]);
    // Nothing of the restart reached the Alertmanager: only the victim's alert, ever.
    expect(am.received.flatMap((m) => m.alerts.map((a) => `${a.labels['alertname']} ${a.labels['host']} ${a.status}`))).toEqual(am.received.map(() => `ComponentDown ${victim} firing`));
    expect((await am.alerts()).map((a) => `${a.labels['alertname']} ${a.labels['host']}`)).toEqual([`ComponentDown ${victim}`]);
    recorder.kill('SIGTERM');
  }, 240_000);
});
