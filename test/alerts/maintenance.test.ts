/**
 * Maintenance windows: the inventory's (one-off and recurring, per host matchers or per
 * component), checked with file:line; the spans they make, in their time zone; rolling restarts
 * read from audit lines; and at a real Alertmanager: an alert that fires inside a window is
 * logged and listed but never sent, and sent once it outlasts the window.
 */
import { describe, expect, it } from 'vitest';
import { readSnapshots } from '../../fixtures/history/read-fixture.js';
import type { AlertRule } from '../../src/alerts/alert-rule.js';
import { AlertRunner } from '../../src/alerts/alert-runner.js';
import { AlertmanagerNotifier } from '../../src/alerts/alertmanager-notifier.js';
import { inventorySpans, maintenanceFor, occurrences, RESTART_SETTLE_MS, RestartWindows, RUN_SILENT_MS } from '../../src/alerts/maintenance.js';
import { maintenanceConfigOf } from '../../src/alerts/maintenance-watch.js';
import type { Inventory } from '../../src/config/inventory-schema.js';
import { parseInventoryText } from '../../src/config/parse-inventory.js';
import { formatProblem } from '../../src/config/problems.js';
import { startAlertmanager } from '../lab/alertmanager.js';

function parse(text: string) {
  const result = parseInventoryText(text, 'inv.yaml');
  // the parsed inventory (paths not yet resolved: none is read here)
  return result.ok ? { problems: [], inventory: result.inventory as unknown as Inventory } : { problems: result.problems.map(formatProblem), inventory: null };
}

const HOSTS = 'hosts:\n  - {name: oe1, address: 10.0.0.1}\n  - {name: oe2, address: 10.0.0.2}\n  - {name: db1, address: 10.0.0.3}\ncomponents:\n  - {name: order-engine, role: engine, hosts: [oe1, oe2]}\n';

describe('maintenance windows in the inventory', () => {
  it('one-off and recurring, per component or matchers, become spans in their time zone', () => {
    const { problems, inventory } = parse(`${HOSTS}alerts:
  maintenance:
    - {name: db-upgrade, match: {host: db1}, from: "2026-12-05T02:00:00Z", to: "2026-12-05T04:00:00Z"}
    - {name: engine-patching, components: [order-engine], cron: "0 2 * * sun", duration: 90m, timezone: Europe/London}
`);
    expect(problems).toEqual([]);
    const config = maintenanceConfigOf(inventory);
    expect(config.componentHosts.get('order-engine')).toEqual(['oe1', 'oe2']);
    // Sunday 6 December 2026 02:00 in London is 02:00 UTC (winter); in July it would be 01:00 UTC.
    const week = inventorySpans(config.windows, config.componentHosts, Date.parse('2026-12-05T00:00:00Z'), Date.parse('2026-12-14T00:00:00Z'));
    expect(week.map((s) => [s.name, new Date(s.from).toISOString(), new Date(s.to).toISOString()])).toEqual([
      ['db-upgrade', '2026-12-05T02:00:00.000Z', '2026-12-05T04:00:00.000Z'],
      ['engine-patching', '2026-12-06T02:00:00.000Z', '2026-12-06T03:30:00.000Z'],
      ['engine-patching', '2026-12-13T02:00:00.000Z', '2026-12-13T03:30:00.000Z'],
    ]);
    expect(occurrences({ name: 'x', cron: '0 2 * * sun', duration: 3600, timezone: 'Europe/London' }, Date.parse('2026-07-05T00:00:00Z'), Date.parse('2026-07-06T00:00:00Z'))).toEqual([
      { from: Date.parse('2026-07-05T01:00:00Z'), to: Date.parse('2026-07-05T02:00:00Z') },
    ]);
    // An occurrence that began before the range and is still on counts.
    expect(occurrences({ name: 'x', cron: '0 2 * * sun', duration: 5400, timezone: 'UTC' }, Date.parse('2026-12-06T03:00:00Z'), Date.parse('2026-12-06T03:00:01Z'))).toHaveLength(1);
    const at = Date.parse('2026-12-06T02:30:00Z');
    expect(maintenanceFor(week, { alertname: 'CpuBusyCritical', host: 'oe2' }, at)?.name).toBe('engine-patching');
    expect(maintenanceFor(week, { alertname: 'ComponentDown', component: 'order-engine', host: 'x' }, at)?.name).toBe('engine-patching');
    expect(maintenanceFor(week, { alertname: 'CpuBusyCritical', host: 'db1' }, at)).toBeUndefined();
    expect(maintenanceFor(week, { alertname: 'HostDown', host: 'db1' }, Date.parse('2026-12-05T03:59:59Z'))?.name).toBe('db-upgrade');
    expect(maintenanceFor(week, { alertname: 'HostDown', host: 'db1' }, Date.parse('2026-12-05T04:00:00Z'))).toBeUndefined();
  });

  it('are checked by perfmon config validate with file:line', () => {
    const { problems } = parse(`${HOSTS}alerts:
  maintenance:
    - {name: a, from: "2026-12-05T02:00:00Z"}
    - {name: b, cron: "0 2 * * sun"}
    - {name: c, cron: "0 25 * * *", duration: 1h}
    - {name: d, cron: "0 2 * *", duration: 1h}
    - {name: e, from: "2026-12-05T04:00:00Z", to: "2026-12-05T02:00:00Z"}
    - {name: f, from: soon, to: later}
    - {name: g, components: [order-engin], cron: "0 2 * * *", duration: 1h, timezone: Mars/Olympus}
    - {name: h}
`);
    expect(problems).toEqual([
      'inv.yaml:9:23: alerts.maintenance[0].from: from needs to too',
      'inv.yaml:10:23: alerts.maintenance[1].cron: cron needs duration too (how long each occurrence lasts)',
      'inv.yaml:11:23: alerts.maintenance[2].cron: not a cron expression (minute hour day month weekday, e.g. "0 2 * * sun"): Constraint error, got value 25 expected range 0-23',
      'inv.yaml:12:23: alerts.maintenance[3].cron: a cron expression has 5 fields (minute hour day month weekday, e.g. "0 2 * * sun"); "0 2 * *" has 4',
      'inv.yaml:13:51: alerts.maintenance[4].to: to must be after from',
      "inv.yaml:14:23: alerts.maintenance[5].from: a time is ISO 8601, e.g. 2026-12-05T02:00:00Z (without a zone: this machine's time)",
      "inv.yaml:14:33: alerts.maintenance[5].to: a time is ISO 8601, e.g. 2026-12-05T02:00:00Z (without a zone: this machine's time)",
      "inv.yaml:15:30: alerts.maintenance[6].components[0]: unknown component 'order-engin' (did you mean 'order-engine'?)",
      'inv.yaml:15:87: alerts.maintenance[6].timezone: unknown time zone "Mars/Olympus" (an IANA name, e.g. Europe/London or UTC)',
      'inv.yaml:16:7: alerts.maintenance[7]: a window needs from and to (one-off) or cron and duration (recurring)',
    ]);
  });
});

describe('rolling restarts as maintenance', () => {
  const line = (time: string, what: string, extra: Record<string, unknown>) => ({ time, event: 'note', what, localUser: 'ops', localHost: 'desk', ...extra });
  it('cover the run\'s hosts and component from run-start to a minute past run-end; a run that died stays covered only until it has been silent a while', () => {
    const windows = new RestartWindows();
    windows.take(line('2026-12-05T10:00:00Z', 'run-start', { runId: 'r1', procedure: 'rolling-restart', component: 'order-engine', hosts: ['oe1', 'oe2'] }));
    windows.take({ time: '2026-12-05T10:01:00Z', event: 'before', runId: 'r1', action: 'restart', host: 'oe1' });
    windows.take(line('2026-12-05T10:05:00Z', 'run-end', { runId: 'r1', procedure: 'rolling-restart', component: 'order-engine', status: 'done' }));
    windows.take(line('2026-12-05T11:00:00Z', 'run-start', { runId: 'r2', procedure: 'rolling-restart', component: 'auth', hosts: ['au1'] }));
    windows.take(line('2026-12-05T11:00:00Z', 'silence-add', { silence: 'x' }));
    const during = Date.parse('2026-12-05T10:02:00Z');
    const spans = windows.spans(during, during + 1, during);
    expect(spans).toEqual([expect.objectContaining({ name: 'rolling restart of order-engine', source: 'restart', hosts: ['oe1', 'oe2'], runId: 'r1', to: Date.parse('2026-12-05T10:05:00Z') + RESTART_SETTLE_MS })]);
    expect(maintenanceFor(spans, { alertname: 'CpuBusyWarning', host: 'oe2' }, during)).toBeDefined();
    expect(maintenanceFor(spans, { alertname: 'CpuBusyWarning', host: 'db1' }, during)).toBeUndefined();
    const r2 = Date.parse('2026-12-05T11:00:00Z');
    expect(windows.spans(r2 + 60_000, r2 + 60_001, r2 + 60_000)[0]).toMatchObject({ runId: 'r2', to: Infinity });
    expect(windows.spans(r2 + RUN_SILENT_MS + 1, r2 + RUN_SILENT_MS + 2, r2 + RUN_SILENT_MS + 1)).toEqual([]);
  });
});

describe('an alert inside a maintenance window, at a real Alertmanager', () => {
  it('is logged as muted and never sent while the window lasts; still firing after it, it is sent', async () => {
    const am = await startAlertmanager();
    try {
      const now = Date.now();
      const { inventory } = parse(`${HOSTS}alerts:\n  maintenance:\n    - {name: disk-swap, match: {host: db1}, from: "${new Date(now - 60_000).toISOString()}", to: "${new Date(now + 60_000).toISOString()}"}\n`);
      const config = maintenanceConfigOf(inventory);
      const maintenance = { activeAt: (t: number) => inventorySpans(config.windows, config.componentHosts, t, t + 1) };
      const rule: AlertRule = { name: 'DataFullMaint', metric: 'filesystem_used_percent', match: {}, op: '>=', threshold: 90, forSeconds: 0, keepFiringForSeconds: 0, severity: 'critical', summary: '{{mount}} full on {{host}}', labels: {} };
      const log: string[] = [];
      const runner = new AlertRunner([rule], { notifier: new AlertmanagerNotifier({ url: am.url }), log: (l) => log.push(l), maintenance });
      const real = readSnapshots()[0]!;
      const full = (host: string) => ({ ...real, name: host, filesystems: [{ mount: '/data', device: '/dev/x', type: 'ext4', size: 100, used: 97, available: 3 }] });
      runner.reading(full('db1'), now);
      runner.reading(full('oe1'), now);
      await runner.tick(now);
      expect(log).toEqual([
        'alert FIRING DataFullMaint db1: /data full on db1 (value 97, threshold 90) (maintenance disk-swap: not sent)',
        'alert FIRING DataFullMaint oe1: /data full on oe1 (value 97, threshold 90)',
      ]);
      const atAm = async () => (await am.alerts()).filter((a) => a.labels['alertname'] === 'DataFullMaint').map((a) => a.labels['host']).sort();
      expect(await atAm()).toEqual(['oe1']);
      await am.waitForNotification((m) => m.alerts.some((a) => a.labels['host'] === 'oe1'));
      runner.reading(full('db1'), now + 30_000);
      await runner.tick(now + 30_000);
      expect(await atAm()).toEqual(['oe1']);
      expect(am.received.some((m) => m.alerts.some((a) => a.labels['host'] === 'db1'))).toBe(false);
      // The window is over and the disk is still full: now it pages.
      runner.reading(full('db1'), now + 61_000);
      await runner.tick(now + 61_000);
      expect(log.at(-1)).toBe('alert DataFullMaint db1: still firing after maintenance disk-swap; sent');
      expect(await atAm()).toEqual(['db1', 'oe1']);
    } finally {
      await am.close();
    }
  }, 60_000);
});
