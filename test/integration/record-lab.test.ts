import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HistoryReader } from '../../src/history/history-reader.js';
import { AuditLog } from '../../src/procedures/audit-log.js';
import type { QueryBucket } from '../../src/history/history-reader.js';
import { startAlertmanager } from '../lab/alertmanager.js';
import { startLab, type Lab } from '../lab/lab.js';
import { PERFMON_BIN, runPerfmon } from '../support-bin.js';
import { RecorderProcess, until } from '../lab/recorder-process.js';

/** host_up of a host, one bucket per second, read from another process while the recorder runs (or after). */
async function upSeconds(store: string, host: string, from: number): Promise<QueryBucket[]> {
  const reader = await HistoryReader.open(store);
  try {
    return reader.query({ name: 'host_up', labels: { host } }, from, Date.now() + 1000, 1000)[0]?.buckets ?? [];
  } finally {
    reader.close();
  }
}

const perfmon = (lab: Lab, args: string[]) => runPerfmon(args, lab.env);

describe('perfmon record on a lab fleet', () => {
  let lab: Lab;
  let inventory: string;
  let store: string;
  const writeInventory = (hosts: number) =>
    writeFileSync(inventory, ['interval: 0.5', 'audit: {path: audit.jsonl}', 'history:', '  path: history', 'hosts:', ...lab.hosts.slice(0, hosts).map((h) => `  - { name: ${h.name}, address: ${h.name} }`), ''].join('\n'));
  const running: RecorderProcess[] = [];
  beforeAll(async () => {
    lab = await startLab({ hosts: 3 });
    inventory = join(lab.dir, 'perfmon.yaml');
    store = join(lab.dir, 'history');
    writeInventory(2);
  });
  afterAll(async () => {
    for (const r of running) r.signal('SIGKILL');
    await lab?.stop();
  });

  it('survives kill -9 with both periods and the gap between in history; SIGHUP adds and removes hosts; SIGTERM flushes and exits 0', async () => {
    const start = Date.now();
    // Run 1: record until each host has a few seconds on disk (another process reads them), then kill -9.
    const first = new RecorderProcess(lab, ['--config', inventory]);
    running.push(first);
    await first.logged(`recording 2 hosts (lab-0, lab-1) every 0.5 s into ${store}`);
    await first.logged('lab-0 up');
    await first.logged('lab-1 up');
    for (const host of ['lab-0', 'lab-1']) await until(() => upSeconds(store, host, start), (b) => b.length >= 4, `${host}'s first readings on disk`);
    first.signal('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    const killed = Date.now();
    await sleep(3000); // the outage the history must show as a gap

    // Run 2: takes over the dead recorder's lock; writes only every 60 s, so what is on disk at the end came from the SIGTERM flush.
    const restarted = Date.now();
    const second = new RecorderProcess(lab, ['--config', inventory, '--flush-interval', '60']);
    running.push(second);
    await second.logged('lab-0 up');
    await second.logged('lab-1 up');
    writeInventory(3);
    second.signal('SIGHUP');
    await second.logged('inventory reloaded: 3 hosts, added lab-2');
    await second.logged('lab-2 up');
    // A host taken out of the inventory is no longer recorded.
    writeFileSync(inventory, readFileSync(inventory, 'utf8').replace(/^.*name: lab-1,.*\n/m, ''));
    second.signal('SIGHUP');
    await second.logged('inventory reloaded: 2 hosts, removed lab-1');
    const removed = Date.now();
    const beforeTerm = (await upSeconds(store, 'lab-2', restarted)).length;
    // An action another perfmon audits while the recorder runs becomes an event in history.
    await new AuditLog(join(lab.dir, 'audit.jsonl'), { localUser: 'ops', localHost: 'desk-1' }).note('restart-start', { component: 'engine' });
    await sleep(1500); // a few more readings that only the SIGTERM flush can save
    second.signal('SIGTERM');
    expect(await second.exited).toEqual({ code: 0, signal: null });
    expect(second.lines.some((l) => l.includes('SIGTERM: stopping'))).toBe(true);
    // One line per state change, never one per sample.
    expect(second.lines.filter((l) => l.includes('lab-0 up'))).toHaveLength(1);

    // What the operator sees: perfmon history query, through the inventory's history.path.
    const query = await perfmon(lab, ['history', 'query', 'host_up', '--config', inventory, '--host', 'lab-0', `--from=${new Date(start - 1000).toISOString()}`, '--step', '1s', '--json']);
    expect(query.stderr).toBe('');
    const { series } = JSON.parse(query.stdout) as { series: { id: string; buckets: QueryBucket[] }[] };
    expect(series.map((s) => s.id)).toEqual(['host_up{host="lab-0"}']);
    const times = series[0]!.buckets.map((b) => b.t);
    const beforeKill = times.filter((t) => t < killed);
    // buckets start on the second: run 2's first one may start before `restarted`, within its second
    const afterRestart = times.filter((t) => t + 1000 > restarted);
    expect(beforeKill.length).toBeGreaterThanOrEqual(4);
    expect(afterRestart.length).toBeGreaterThan(0);
    expect(times).toHaveLength(beforeKill.length + afterRestart.length); // nothing recorded while no recorder ran
    // The gap: from the last second of run 1 (at most one flush interval before the kill) to the first of run 2.
    expect(afterRestart[0]! - beforeKill.at(-1)!).toBeGreaterThanOrEqual(2000); // 3 s without a recorder, less the bucketing
    expect(killed - beforeKill.at(-1)!).toBeLessThanOrEqual(2000 + 3000); // the 2 s flush interval, and a loaded machine

    const events = await perfmon(lab, ['history', 'events', '--config', inventory, `--from=${new Date(start).toISOString()}`, '--json']);
    expect((JSON.parse(events.stdout) as { events: { event: Record<string, unknown> }[] }).events.map((e) => [e.event['what'], e.event['localUser']])).toEqual([['restart-start', 'ops']]);
    const dropped = await upSeconds(store, 'lab-1', restarted);
    expect(dropped.length).toBeGreaterThan(0);
    expect(dropped.at(-1)!.t).toBeLessThan(removed);
    const added = await upSeconds(store, 'lab-2', start);
    expect(added.length).toBeGreaterThan(0);
    expect(added[0]!.t).toBeGreaterThanOrEqual(restarted);
    expect(added.every((b) => b.min === 1)).toBe(true);
    // Flushed at SIGTERM: nothing of lab-2 was on disk before it (60 s flush interval), its readings are after.
    expect(added.length).toBeGreaterThan(beforeTerm);
  }, 120_000);

  it('a second recorder on the same store exits 1 naming the running one and the lock', async () => {
    const holder = new RecorderProcess(lab, ['--config', inventory]);
    running.push(holder);
    await holder.logged('recording');
    const second = await perfmon(lab, ['record', '--config', inventory]);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`the history store ${store} is being written by process`);
    expect(second.stderr).toContain(join(store, 'writer.lock'));
    holder.signal('SIGTERM');
    expect((await holder.exited).code).toBe(0);
  }, 60_000);

  it('--systemd-unit prints a unit with the absolute perfmon, the config, restart and signals', async () => {
    const { code, stdout } = await perfmon(lab, ['record', '--systemd-unit', '--config', inventory]);
    expect(code).toBe(0);
    expect(stdout).toContain(`\nExecStart=${process.execPath} ${PERFMON_BIN} record --config ${inventory}\n`);
    for (const line of ['Restart=on-failure', 'KillSignal=SIGTERM', 'ExecReload=/bin/kill -HUP $MAINPID', 'WantedBy=default.target']) expect(stdout.split('\n')).toContain(line);
  });

  // Last: it kills a host of the shared lab.
  it('evaluates alert rules on every reading: logs, stores and sends to Alertmanager the alert of a host that goes down', async () => {
    const am = await startAlertmanager();
    try {
      const [up, doomed] = lab.hosts;
      const alertsInventory = join(lab.dir, 'alerts.yaml');
      const alertsStore = join(lab.dir, 'history-alerts');
      writeFileSync(
        alertsInventory,
        [
          'interval: 0.5',
          'history: {path: history-alerts}',
          'alerts:',
          '  rules:',
          '    - {name: HostGone, metric: host_up, below: 0.5, severity: critical, summary: "{{host}} is gone", labels: {team: trading}}',
          `  alertmanager: {url: "${am.url}"}`,
          'hosts:',
          ...[up!, doomed!].map((h) => `  - { name: ${h.name}, address: ${h.name} }`),
          '',
        ].join('\n'),
      );
      const recorder = new RecorderProcess(lab, ['--config', alertsInventory]);
      running.push(recorder);
      await recorder.logged(`alerts go to ${am.url}`);
      await recorder.logged(`${doomed!.name} up`);
      await lab.killHost(1);
      await recorder.logged(`alert FIRING HostGone ${doomed!.name}: ${doomed!.name} is gone (value 0, threshold 0.5)`);
      // HostDown (built in) waits 30 s; HostGone fires at once and reaches the Alertmanager
      await until(() => am.alerts(), (alerts) => alerts.some((a) => a.labels['alertname'] === 'HostGone' && a.labels['host'] === doomed!.name && a.labels['team'] === 'trading'), 'HostGone at the Alertmanager');
      const listed = await until(
        () => perfmon(lab, ['alerts', '--store', alertsStore, '--json']),
        (r) => r.code === 0 && r.stdout.includes('"HostGone"'),
        'perfmon alerts to list HostGone',
      );
      const firing = (JSON.parse(listed.stdout) as { alerts: { rule: string; state: string; labels: Record<string, string> }[] }).alerts;
      expect(firing.filter((a) => a.state === 'firing').map((a) => `${a.rule} ${a.labels['host']}`)).toContain(`HostGone ${doomed!.name}`);
      expect(firing.some((a) => a.labels['host'] === up!.name && a.rule === 'HostGone')).toBe(false);
      recorder.signal('SIGTERM');
      expect((await recorder.exited).code).toBe(0);
    } finally {
      await am.close();
    }
  }, 90_000);
});
