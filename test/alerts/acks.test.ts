/**
 * Acknowledgements: `perfmon alerts ack` as an operator types it (the acks file beside the store,
 * the audit log, `perfmon alerts` showing who has it), an ack that holds only for the alert as it
 * was, and at a real Alertmanager: an acked alert stops paging again while one not acked goes on
 * being re-sent, and its resolution still reaches the pager.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readSnapshots } from '../../fixtures/history/read-fixture.js';
import { ackFor, AckWatch, acksFile, addAck, readAcks } from '../../src/alerts/acks.js';
import type { AlertRule } from '../../src/alerts/alert-rule.js';
import { AlertRunner } from '../../src/alerts/alert-runner.js';
import { AlertmanagerNotifier } from '../../src/alerts/alertmanager-notifier.js';
import { DEFAULT_THRESHOLDS } from '../../src/analysis/thresholds.js';
import { defaultRules } from '../../src/alerts/default-rules.js';
import { HistoryWriter } from '../../src/history/history-writer.js';
import type { HostSnapshot } from '../../src/model/host-snapshot.js';
import { startAlertmanager } from '../lab/alertmanager.js';
import { runPerfmon } from '../support-bin.js';

const dir = mkdtempSync(join(tmpdir(), 'perfmon-acks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const real = readSnapshots()[0]!;

describe('perfmon alerts ack', () => {
  const inventory = join(dir, 'perfmon.yaml');
  writeFileSync(inventory, 'history: {path: store}\naudit: {path: audit.jsonl}\nhosts: []\n');
  const env = { ...process.env, XDG_CONFIG_HOME: join(dir, 'xdg'), XDG_STATE_HOME: join(dir, 'state') };
  const perfmon = (...args: string[]) => runPerfmon([...args, '--config', inventory], env);

  it('acks a firing alert by a beginning of its id, audited; perfmon alerts shows who has it; mistakes are refused naming them', async () => {
    const runner = new AlertRunner(defaultRules(DEFAULT_THRESHOLDS));
    const writer = await HistoryWriter.open(join(dir, 'store'));
    const t0 = Date.now() - 100_000;
    const down: HostSnapshot = { ...real, name: 'db1', status: 'down' };
    for (let second = 0; second <= 95; second++) {
      const t = t0 + second * 1000;
      const step = runner.reading({ ...down, time: new Date(t).toISOString() }, t);
      writer.append(step.history.group, step.history.t, step.history.samples);
    }
    writer.close();
    const listed = JSON.parse((await perfmon('alerts', '--json')).stdout) as { alerts: { id: string; rule: string; state: string; ack?: unknown }[] };
    const hostDown = listed.alerts.find((a) => a.rule === 'HostDown')!;
    expect(hostDown).toMatchObject({ state: 'firing' });
    expect(hostDown.ack).toBeUndefined();

    const acked = await perfmon('alerts', 'ack', hostDown.id.slice(0, 6), '--note', 'rebooting it', '--for', '2h');
    expect(acked.stderr).toBe('');
    expect(acked.code).toBe(0);
    expect(acked.stdout).toMatch(new RegExp(`^alert ${hostDown.id} \\(HostDown on db1\\) acked by \\S+ for 2h, until \\S+: rebooting it; it stays firing, repeat notifications stop\\n$`));

    const after = JSON.parse((await perfmon('alerts', '--json')).stdout) as { alerts: { id: string; ack?: { by: string; at: string; note: string; expiresAt: string } }[] };
    const ack = after.alerts.find((a) => a.id === hostDown.id)!.ack!;
    expect(ack.note).toBe('rebooting it');
    expect(Date.parse(ack.expiresAt) - Date.parse(ack.at)).toBe(7_200_000);
    expect((await perfmon('alerts')).stdout).toMatch(new RegExp(`^FIRING \\(acked ${ack.by}\\) +critical +HostDown +db1 `, 'm'));
    const audit = readFileSync(join(dir, 'audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(audit).toEqual([expect.objectContaining({ event: 'note', what: 'alert-ack', alert: hostDown.id, rule: 'HostDown', note: 'rebooting it', localUser: ack.by, expiresAt: ack.expiresAt })]);

    expect(await perfmon('alerts', 'ack')).toMatchObject({ code: 2, stderr: 'perfmon alerts: alerts ack needs the alert id (perfmon alerts lists them)\n' });
    expect(await perfmon('alerts', 'ack', 'ab')).toMatchObject({ code: 2, stderr: 'perfmon alerts: alert id "ab" is too short: give at least 4 of its characters (perfmon alerts lists the ids)\n' });
    const unknown = await perfmon('alerts', 'ack', 'ffffffff');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe(`perfmon alerts: no firing or pending alert ffffffff (there are: ${hostDown.id} HostDown db1)\n`);
    expect((await perfmon('alerts', 'ack', hostDown.id, '--for', 'soon')).stderr).toBe('perfmon alerts: --for "soon" is not a duration (e.g. 30m, 2h, 1d)\n');
  });

  it('holds for the alert as it was acked: not once it resolved and fired again, nor past its expiry', () => {
    const file = acksFile(join(dir, 'ack-scope'));
    const alert = { id: 'a1b2c3d4e5f6', labels: { alertname: 'HostDown', host: 'db1' }, activeSince: 1_000_000 };
    const ack = addAck(file, alert, 600, 'ops', 'looking', 1_060_000);
    expect(readAcks(file)).toEqual([ack]);
    expect(ackFor(readAcks(file), alert, 1_100_000)).toEqual(ack);
    expect(ackFor(readAcks(file), alert, 1_060_000 + 600_000)).toBeUndefined();
    expect(ackFor(readAcks(file), { ...alert, activeSince: 1_200_000 }, 1_250_000)).toBeUndefined();
    expect(ackFor(readAcks(file), { ...alert, id: 'ffffffffffff' }, 1_100_000)).toBeUndefined();
    writeFileSync(file, '[{"alert": 1}]');
    expect(() => readAcks(file)).toThrow(`acks file ${file}: not a list of acks ({alert, labels, by, at, expiresAt, note}); fix or remove it`);
  });
});

describe('an acked alert at a real Alertmanager', () => {
  it('is suppressed there and pages no more, while one not acked is notified again; its resolution still reaches the pager', async () => {
    const am = await startAlertmanager({ repeatInterval: '2s' });
    try {
      const store = join(dir, 'am-store');
      const rule: AlertRule = { name: 'DataFull', metric: 'filesystem_used_percent', match: {}, op: '>=', threshold: 90, forSeconds: 0, keepFiringForSeconds: 0, severity: 'critical', summary: '{{mount}} full on {{host}}', labels: {} };
      const log: string[] = [];
      const runner = new AlertRunner([rule], { notifier: new AlertmanagerNotifier({ url: am.url }), log: (l) => log.push(l), acks: new AckWatch(acksFile(store), undefined, 0) });
      const reading = (host: string, used: number) => runner.reading({ ...real, name: host, filesystems: [{ mount: '/data', device: '/dev/x', type: 'ext4', size: 100, used, available: 100 - used }] }, Date.now());
      reading('db5', 97);
      reading('db6', 97);
      await runner.tick();
      const pages = (host: string, status = 'firing') => am.received.filter((m) => m.status === status && m.alerts.some((a) => a.labels['host'] === host && a.labels['alertname'] === 'DataFull'));
      await am.waitForNotification(() => pages('db5').length > 0 && pages('db6').length > 0);

      const acked = runner.alerts().find((a) => a.labels['host'] === 'db5')!;
      addAck(acksFile(store), acked, 3600, 'ops', 'swapping the disk');
      await runner.tick();
      expect(log).toContain(`alert ACKED DataFull db5 by ops until ${readAcks(acksFile(store))[0]!.expiresAt}: swapping the disk`);
      const state = async () => (await am.alerts()).find((a) => a.labels['host'] === 'db5')?.status.state;
      for (let i = 0; i < 100 && (await state()) !== 'suppressed'; i++) await new Promise((r) => setTimeout(r, 100));
      expect(await state()).toBe('suppressed');
      // From here, db6 is paged again at every repeat interval and db5 never.
      const [db5Before, db6Before] = [pages('db5').length, pages('db6').length];
      await am.waitForNotification(() => pages('db6').length >= db6Before + 2);
      expect(pages('db5')).toHaveLength(db5Before);
      expect((await am.alerts()).find((a) => a.labels['host'] === 'db5')?.status.state).toBe('suppressed'); // still firing there, only muted

      reading('db5', 40);
      await runner.tick();
      const resolved = await am.waitForNotification((m) => m.status === 'resolved' && m.alerts.some((a) => a.labels['host'] === 'db5'));
      expect(resolved.alerts.find((a) => a.labels['host'] === 'db5')?.status).toBe('resolved');
      expect((await am.alerts()).some((a) => a.labels['host'] === 'db5')).toBe(false);
    } finally {
      await am.close();
    }
  }, 60_000);
});
