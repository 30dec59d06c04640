/**
 * Incidents from a real store: perfmon alerts incidents through the real bin groups a host's
 * alerts, puts the ack and perfmon's own action in the timeline, and says the time to ack and to
 * resolve; a critical alert is news to the footer once.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readSnapshots } from '../../fixtures/history/read-fixture.js';
import { acksFile, addAck } from '../../src/alerts/acks.js';
import { AlertRunner } from '../../src/alerts/alert-runner.js';
import { newCriticals } from '../../src/alerts/alerts-from-history.js';
import { defaultRules } from '../../src/alerts/default-rules.js';
import { DEFAULT_THRESHOLDS } from '../../src/analysis/thresholds.js';
import { HistoryWriter } from '../../src/history/history-writer.js';
import { runPerfmon } from '../support-bin.js';

const dir = mkdtempSync(join(tmpdir(), 'perfmon-incidents-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('perfmon alerts incidents', () => {
  it('groups a host\'s alerts into one incident with its timeline, time to ack and to resolve', async () => {
    const store = join(dir, 'store');
    const real = readSnapshots()[0]!;
    const runner = new AlertRunner(defaultRules(DEFAULT_THRESHOLDS));
    const writer = await HistoryWriter.open(store);
    const t0 = Math.floor(Date.now() / 1000) * 1000 - 300_000;
    let acked = false;
    for (let s = 0; s <= 200; s++) {
      const t = t0 + s * 1000;
      const step = runner.reading({ ...real, name: 'db1', status: s < 150 ? 'down' : 'up', load: [0.1, 0.1, 0.1], cpu: { ...real.cpu, usage: 5 }, time: new Date(t).toISOString() }, t);
      writer.append(step.history.group, step.history.t, step.history.samples);
      if (s === 60 && !acked) {
        const down = runner.alerts().find((a) => a.rule === 'HostDown')!;
        addAck(acksFile(store), down, 3600, 'ops', 'on it', t);
        acked = true;
      }
    }
    const restart = { time: new Date(t0 + 90_000).toISOString(), event: 'note', what: 'run-start', procedure: 'rolling-restart', component: 'db', hosts: ['db1'], localUser: 'ops', localHost: 'desk', runId: 'r1' };
    writer.appendEvent(t0 + 90_000, 'e1', restart);
    writer.close();
    writeFileSync(join(dir, 'empty.yaml'), 'hosts: []\n');
    const env = { ...process.env, XDG_CONFIG_HOME: join(dir, 'xdg') };
    const result = await runPerfmon(['alerts', 'incidents', '--store', store, '--from', '-1h', '--json'], env);
    expect(result.stderr).toBe('');
    const { incidents } = JSON.parse(result.stdout) as { incidents: { key: string; title: string; severity: string; timeToAckSeconds: number; timeToResolveSeconds: number; end: string; timeline: { kind: string; text: string }[] }[] };
    expect(incidents).toHaveLength(1);
    const [incident] = incidents;
    expect(incident).toMatchObject({ key: 'host db1', title: 'host db1: HostDown on 1 host', severity: 'critical' });
    // HostDown fires after 30 s down, is acked at 60 s, resolves when the host is back at 150 s
    expect(incident!.timeToAckSeconds).toBe(30);
    expect(incident!.timeToResolveSeconds).toBe(120);
    expect(incident!.timeline.map((e) => `${e.kind} ${e.text}`)).toEqual(['fired HostDown on db1 fired (critical)', 'ack ops acked HostDown: on it', 'action ops: run-start db', 'resolved HostDown on db1 resolved']);
    const table = await runPerfmon(['alerts', 'incidents', '--store', store, '--from', '-1h'], env);
    expect(table.stdout).toMatch(/^ID +STATE +SEVERITY +START +TO ACK +TO RESOLVE +ALERTS +INCIDENT\n[0-9a-f]{8} +resolved +critical +\S+ +30s +2m +1 +host db1: HostDown on 1 host\n$/);
  });

  it('tells a critical alert once, as it starts firing, and none of those firing at the first look', () => {
    const a = (id: string, severity: 'critical' | 'warning' = 'critical') => ({ id, state: 'firing' as const, severity });
    const first = newCriticals([a('x')], null);
    expect(first.fresh).toEqual([]);
    const second = newCriticals([a('x'), a('y'), a('w', 'warning')], first.firing);
    expect(second.fresh.map((f) => f.id)).toEqual(['y']);
    expect(newCriticals([a('x'), a('y')], second.firing).fresh).toEqual([]);
  });
});
