/**
 * The Alerts pane over a real history store written by the alert runner: the sections, an ack
 * with its note (in acks.json and the audit log, shown on the row), a silence like the selected
 * alert, the detail with its runbook and chart, the incidents, and `!` from any pane.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSnapshots } from '../../fixtures/history/read-fixture.js';
import { readAcks, acksFile } from '../../src/alerts/acks.js';
import type { AlertRule } from '../../src/alerts/alert-rule.js';
import { AlertRunner } from '../../src/alerts/alert-runner.js';
import { readSilences, silencesFile } from '../../src/alerts/silences.js';
import { HistoryWriter } from '../../src/history/history-writer.js';
import type { HostSnapshot } from '../../src/model/host-snapshot.js';
import { AuditLog } from '../../src/procedures/audit-log.js';
import { AlertsPane } from '../../views/alerts/alerts-pane.js';
import { HOST_PANES } from '../../views/panes.js';
import { KEYS, renderApp, tick } from './render-app.js';

const dir = mkdtempSync(join(tmpdir(), 'perfmon-alerts-pane-'));
const store = join(dir, 'history');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const rules: AlertRule[] = [
  { name: 'DiskFull', metric: 'filesystem_used_percent', match: {}, op: '>=', threshold: 90, forSeconds: 0, keepFiringForSeconds: 0, severity: 'critical', summary: '{{mount}} {{value}} % full on {{host}}', runbook: 'https://wiki.example/disk-full', labels: {} },
  { name: 'DiskFilling', metric: 'filesystem_used_percent', match: {}, op: '>=', threshold: 80, forSeconds: 0, keepFiringForSeconds: 0, severity: 'warning', summary: '{{mount}} filling on {{host}}', labels: {} },
];

beforeAll(async () => {
  const real = readSnapshots()[0]!;
  const runner = new AlertRunner(rules);
  const writer = await HistoryWriter.open(store);
  const t0 = Date.now() - 60_000;
  const disk = (host: string, used: number): HostSnapshot => ({ ...real, name: host, filesystems: [{ mount: '/data', device: '/dev/x', type: 'ext4', size: 100, used, available: 100 - used }] });
  for (let s = 0; s <= 58; s++) {
    const t = t0 + s * 1000;
    for (const step of [runner.reading(disk('db1', 95), t), runner.reading(disk('db2', s < 30 ? 85 : 50), t)]) writer.append(step.history.group, step.history.t, step.history.samples);
  }
  writer.close();
});

async function until(check: () => boolean) {
  for (let i = 0; i < 200 && !check(); i++) await tick(25);
}

describe('the Alerts pane', () => {
  it('lists the alerts by section, acks one with a note, silences one like another, opens the detail and the incidents', async () => {
    const audit = new AuditLog(join(dir, 'audit.jsonl'), { localUser: 'ops', localHost: 'desk' });
    const app = await renderApp({
      panes: [...HOST_PANES, { id: 'alerts', title: 'Alerts', short: 'Alrt', Component: AlertsPane, replays: true }],
      config: { historyDir: store, alerts: { rules, maintenance: { windows: [{ name: 'db-work', match: { host: 'db1' }, from: new Date(Date.now() - 3600_000).toISOString(), to: new Date(Date.now() + 3600_000).toISOString() }, { name: 'nightly', match: { host: 'db2' }, cron: '0 2 * * *', duration: 3600, timezone: 'UTC' }], componentHosts: new Map() }, audit, bell: false } },
    });
    await app.press('!');
    await until(() => app.frame().includes('Critical ('));
    const plain = () => stripVTControlCharacters(app.frame()).replace(/ +\n/g, '\n');
    const frame = plain();
    expect(frame).toMatch(/Critical \(1\)\n▶ .+? +DiskFull +db1 +95 ≥ 90 +maint\. db-work\n/);
    expect(frame).toMatch(/Warning \(1\)\n +.+? +DiskFilling +db1 +95 ≥ 80 +maint\. db-work\n/);
    expect(frame).toMatch(/Resolved \(last 15 min\) \(1\)\n +ended .+? ago +DiskFilling +db2 +50 ≥ 80/);
    expect(frame).toMatch(/Scheduled maintenance \(\d on, 1 coming up in 7 days\)\n +db-work +on, ends in (59m|1h) /);
    expect(frame).toMatch(/\n +nightly +(in|on)/);

    await app.press('a', ...'disk swap', KEYS.enter);
    await until(() => app.frame().includes('acked ops “disk swap”'));
    expect(plain()).toMatch(/DiskFull +db1 .*acked ops “disk swap”/);
    const [ack] = readAcks(acksFile(store));
    expect(ack).toMatchObject({ by: 'ops', note: 'disk swap', labels: { alertname: 'DiskFull', host: 'db1' } });
    const audited = readFileSync(join(dir, 'audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(audited).toEqual([expect.objectContaining({ what: 'alert-ack', alert: ack!.alert, note: 'disk swap', localUser: 'ops' })]);

    await app.press('j', 'j', 's'); // past the warning to the resolved one: nothing to silence
    expect(readSilences(silencesFile(store))).toEqual([]);
    await app.press('k', 's');
    await until(() => readSilences(silencesFile(store)).length > 0);
    expect(readSilences(silencesFile(store))[0]).toMatchObject({ matchers: { alertname: 'DiskFilling', host: 'db1' }, createdBy: 'ops' });

    await app.press('k', KEYS.enter);
    await until(() => app.frame().includes('Runbook:'));
    expect(plain()).toContain('DiskFull · critical · firing since');
    expect(plain()).toContain('/data 95 % full on db1');
    expect(plain()).toContain('Runbook: https://wiki.example/disk-full');
    await until(() => plain().includes('value (line)'));
    expect(plain()).toMatch(/value \(line\) and threshold \(red\) from \d\d:\d\d:\d\d to \d\d:\d\d:\d\d\n +95 ┼.*─/);
    await app.press(KEYS.esc, 'i');
    await until(() => app.frame().includes('Incidents'));
    await until(() => app.frame().includes('host db1'));
    expect(plain()).toMatch(/host db1: (DiskFull on 1 host, DiskFilling|DiskFilling on 1 host, DiskFull) on 1 host\n +critical · since \S+ · OPEN/);
    expect(plain()).toMatch(/OPEN .* · time to ack (\d+m )?\d+s · 2 alerts\n(.*\n){2} +\S+ ack +ops acked DiskFull: disk swap/);
    expect(plain()).toMatch(/host db2: DiskFilling on 1 host\n +warning · since \S+ · resolved after 30s/);
    app.unmount();
  });
});
