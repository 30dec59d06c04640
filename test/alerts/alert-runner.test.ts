/**
 * Alerts where readings arrive: real captured readings of a machine, made busy and then down,
 * fire and resolve the built-in rules with one log line each, and the alerts at every moment
 * are stored in a real history store, where a query reads them back.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readSnapshots } from '../../fixtures/history/read-fixture.js';
import { DEFAULT_THRESHOLDS } from '../../src/analysis/thresholds.js';
import { AlertRunner } from '../../src/alerts/alert-runner.js';
import { firingBadge, storedAlerts } from '../../src/alerts/alerts-from-history.js';
import { defaultRules } from '../../src/alerts/default-rules.js';
import { HistoryReader } from '../../src/history/history-reader.js';
import { HistoryWriter } from '../../src/history/history-writer.js';
import type { HostSnapshot } from '../../src/model/host-snapshot.js';
import { runPerfmon } from '../support-bin.js';

const dir = mkdtempSync(join(tmpdir(), 'perfmon-alert-runner-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the alert runner', () => {
  it('logs each alert that fires or resolves once, and stores the alerts of every moment in history', async () => {
    const log: string[] = [];
    const runner = new AlertRunner(defaultRules(DEFAULT_THRESHOLDS), { log: (line) => log.push(line) });
    const writer = await HistoryWriter.open(join(dir, 'store'));
    const real = readSnapshots()[0]!;
    const t0 = Math.floor(Date.now() / 10_000) * 10_000 - 120_000; // on a 10 s bucket boundary, the last reading seconds ago
    const at = (second: number, s: HostSnapshot) => {
      const t = t0 + second * 1000;
      const step = runner.reading({ ...s, time: new Date(t).toISOString() }, t);
      writer.append(step.history.group, step.history.t, step.history.samples);
    };
    const busy: HostSnapshot = { ...real, name: 'db1', cpu: { ...real.cpu, usage: 93.26 }, load: [0.1, 0.1, 0.1] };
    for (let second = 0; second <= 70; second++) at(second, busy);
    for (let second = 71; second <= 110; second++) at(second, { ...busy, status: 'down' });
    writer.close();

    expect(log).toEqual([
      'alert FIRING CpuBusyWarning db1: CPU 93.3 % busy on db1 (value 93.3, threshold 70)',
      'alert FIRING CpuBusyCritical db1: CPU 93.3 % busy on db1 (value 93.3, threshold 90)',
      'alert RESOLVED CpuBusyWarning db1: CPU 93.3 % busy on db1 (value 93.3, threshold 70)',
      'alert RESOLVED CpuBusyCritical db1: CPU 93.3 % busy on db1 (value 93.3, threshold 90)',
      'alert FIRING HostDown db1: db1 is unreachable (value 0, threshold 1)',
    ]);
    expect(runner.alerts().map((a) => `${a.rule} ${a.state}`)).toEqual(['HostDown firing', 'CpuBusyCritical resolved', 'CpuBusyWarning resolved']);

    const reader = await HistoryReader.open(join(dir, 'store'));
    try {
      const [critical] = reader.query({ name: 'alert_state', labels: { alertname: 'CpuBusyCritical', host: 'db1' } }, t0, t0 + 120_000, 10_000);
      // pending (1) for the first minute, firing (2) until the host went down, then 0
      const byStart = new Map(critical!.buckets.map((b) => [(b.t - t0) / 1000, [b.min, b.max]]));
      expect(byStart.get(0)).toEqual([1, 1]);
      expect(byStart.get(50)).toEqual([1, 1]);
      expect(byStart.get(60)).toEqual([2, 2]);
      expect(byStart.get(70)).toEqual([0, 2]);
      expect(byStart.has(80)).toBe(false);
      const [down] = reader.query({ name: 'alert_state', labels: { alertname: 'HostDown' } }, t0, t0 + 120_000, 10_000);
      expect(down!.buckets.at(-1)).toMatchObject({ max: 2 });
      // what every pane's header says of it
      expect(firingBadge(storedAlerts(reader, { now: t0 + 111_000 }))).toBe('ALERTS 1 crit');
      expect(firingBadge(storedAlerts(reader, { now: t0 + 65_000 }))).toBe('ALERTS 1 crit 1 warn');
      expect(firingBadge([])).toBeUndefined();
    } finally {
      reader.close();
    }
  });

  it('are what perfmon alerts prints from the store: firing now, and with --all the recently resolved', async () => {
    const store = join(dir, 'store');
    const env = { ...process.env, XDG_CONFIG_HOME: join(dir, 'no-config') };
    const now = await runPerfmon(['alerts', '--store', store, '--json'], env);
    expect(now.code).toBe(0);
    const current = JSON.parse(now.stdout) as { alerts: { rule: string; state: string; labels: Record<string, string>; value: number; since: string }[] };
    expect(current.alerts.map((a) => `${a.rule} ${a.state}`)).toEqual(['HostDown firing']);
    expect(current.alerts[0]).toMatchObject({ labels: { alertname: 'HostDown', host: 'db1', severity: 'critical' }, value: 0 });
    const all = await runPerfmon(['alerts', '--store', store, '--all'], env);
    expect(all.stdout.split('\n')[0]).toMatch(/^STATE +SEVERITY +ALERT +HOST +SINCE +VALUE +LABELS +ID$/);
    expect(all.stdout).toMatch(/^FIRING +critical +HostDown +db1 +\d+s ago +0 +[0-9a-f]{12}$/m);
    expect(all.stdout).toMatch(/^RESOLVED +critical +CpuBusyCritical +db1 +/m);
    expect(all.stdout).toMatch(/^RESOLVED +warning +CpuBusyWarning +db1 +/m);
  });
});
