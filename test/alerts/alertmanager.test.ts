/**
 * perfmon's alerts reach a real Alertmanager and go out through its routing tree (a webhook
 * receiver standing in for the pager): firing with labels and annotations, then resolved; an
 * Alertmanager that is down is reported once and sent to when it is back; a silenced alert is
 * not sent until its silence ends.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSnapshots } from '../../fixtures/history/read-fixture.js';
import { AlertRunner } from '../../src/alerts/alert-runner.js';
import { SilenceWatch, addSilence, expireSilence, silencesFile } from '../../src/alerts/silences.js';
import type { AlertRule } from '../../src/alerts/alert-rule.js';
import { AlertEvaluator } from '../../src/alerts/alert-evaluator.js';
import { AlertmanagerNotifier } from '../../src/alerts/alertmanager-notifier.js';
import { startAlertmanager, type Alertmanager } from '../lab/alertmanager.js';

let am: Alertmanager;
beforeAll(async () => {
  am = await startAlertmanager();
}, 60_000);
afterAll(async () => am?.close());

const rule = (name: string): AlertRule => ({
  name, metric: 'filesystem_used_percent', match: {}, op: '>=', threshold: 90, forSeconds: 0, keepFiringForSeconds: 0,
  severity: 'critical', summary: '{{mount}} {{value}} % full on {{host}}', runbook: 'https://runbooks.example/disk-full', labels: { team: 'trading' },
});
const fs = (host: string, v: number) => [{ key: { name: 'filesystem_used_percent', labels: { host, mount: '/data' } }, v }];

describe('alerts sent to Alertmanager', () => {
  it('arrive firing with their labels and annotations, and then resolved, through its routing', async () => {
    const evaluator = new AlertEvaluator([rule('FilesystemFull')]);
    const notifier = new AlertmanagerNotifier({ url: am.url });
    const now = Date.now();
    notifier.notify(evaluator.evaluate('db1', now, fs('db1', 96)));
    await notifier.flush(now);
    expect(notifier.pending).toBe(0);

    const held = (await am.alerts()).find((a) => a.labels['alertname'] === 'FilesystemFull');
    expect(held?.labels).toEqual({ alertname: 'FilesystemFull', severity: 'critical', host: 'db1', mount: '/data', team: 'trading' });
    expect(held?.annotations).toMatchObject({ summary: '/data 96 % full on db1', runbook_url: 'https://runbooks.example/disk-full', value: '96', threshold: '90' });
    expect(held?.status.state).toBe('active');
    const paged = await am.waitForNotification((m) => m.status === 'firing' && m.alerts.some((a) => a.labels['alertname'] === 'FilesystemFull'));
    expect(paged.alerts[0]?.labels['host']).toBe('db1');

    notifier.notify(evaluator.evaluate('db1', now + 1000, fs('db1', 40)));
    await notifier.flush(now + 1000);
    const cleared = await am.waitForNotification((m) => m.status === 'resolved' && m.alerts.some((a) => a.labels['alertname'] === 'FilesystemFull'));
    expect(cleared.alerts[0]?.status).toBe('resolved');
  });

  it('reports an Alertmanager that is down once, keeps the alert, and sends it when it is back', async () => {
    const problems: string[] = [];
    const evaluator = new AlertEvaluator([rule('FilesystemFullAgain')]);
    const notifier = new AlertmanagerNotifier({ url: am.url, onProblem: (m) => problems.push(m), timeoutMs: 2000 });
    await am.stop();
    const now = Date.now();
    notifier.notify(evaluator.evaluate('db2', now, fs('db2', 99)));
    await notifier.flush(now);
    await notifier.flush(now + 1);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^alertmanager ${am.url}: cannot send 1 alert\\(s\\): .+; retrying$`));
    expect(notifier.pending).toBe(1);
    // while backing off, a tick does not hammer it
    await notifier.tick(now + 2, evaluator.alerts());
    expect(problems).toHaveLength(1);

    await am.start();
    await notifier.tick(now + 120_000, evaluator.alerts());
    expect(notifier.pending).toBe(0);
    expect(problems.at(-1)).toBe(`alertmanager ${am.url}: sending works again`);
    expect((await am.alerts()).some((a) => a.labels['alertname'] === 'FilesystemFullAgain' && a.labels['host'] === 'db2')).toBe(true);
  });

  it('refuses a URL that is not one, naming it', () => {
    expect(() => new AlertmanagerNotifier({ url: 'ftp://alertmanager:9093' })).toThrow('alertmanager url ftp://alertmanager:9093 must be http:// or https://');
    expect(() => new AlertmanagerNotifier({ url: 'alertmanager:9093' })).toThrow('alertmanager url "alertmanager:9093" is not a URL');
    expect(() => new AlertmanagerNotifier({ url: 'not a url' })).toThrow('alertmanager url "not a url" is not a URL (e.g. http://alertmanager:9093)');
  });
});

describe('a silenced alert', () => {
  it('is logged as silenced, still sent, and suppressed by the Alertmanager silence it is given until it ends', async () => {
    const store = mkdtempSync(join(tmpdir(), 'perfmon-silence-'));
    const file = silencesFile(store);
    const silence = addSilence(file, { alertname: 'FilesystemFullSilenced', host: '/db[0-9]/' }, 3600, 'op', 'disk swap tonight');
    const log: string[] = [];
    const notifier = new AlertmanagerNotifier({ url: am.url });
    const runner = new AlertRunner([rule('FilesystemFullSilenced')], { notifier, log: (l) => log.push(l), silences: new SilenceWatch(file, undefined, 0) });
    const real = readSnapshots()[0]!;
    const full = { ...real, name: 'db3', filesystems: [{ mount: '/data', device: '/dev/x', type: 'ext4', size: 100, used: 97, available: 3 }] };
    runner.reading(full, Date.now());
    expect(log).toEqual([`alert FIRING FilesystemFullSilenced db3: /data 97 % full on db3 (value 97, threshold 90) (silenced by ${silence.id} until ${silence.endsAt})`]);
    const stateAtAm = async () => (await am.alerts()).find((a) => a.labels['alertname'] === 'FilesystemFullSilenced' && a.labels['host'] === 'db3')?.status.state;
    const until = async (want: string) => {
      for (let i = 0; i < 100 && (await stateAtAm()) !== want; i++) {
        await runner.tick(Date.now());
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return stateAtAm();
    };
    expect(await until('suppressed')).toBe('suppressed');
    const amSilences = (await (await fetch(`${am.url}/api/v2/silences`)).json()) as { comment: string; createdBy: string; status: { state: string }; matchers: { name: string; value: string; isRegex: boolean }[] }[];
    const given = amSilences.find((x) => x.comment === `perfmon silence ${silence.id}: disk swap tonight`);
    expect(given).toMatchObject({ createdBy: 'op', status: { state: 'active' } });
    expect(given?.matchers).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'host', value: 'db[0-9]', isRegex: true })]));
    expireSilence(file, silence.id);
    expect(await until('active')).toBe('active');
  });
});
