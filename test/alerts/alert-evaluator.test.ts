/**
 * The alert lifecycle with Prometheus' semantics, on readings whose times and values the test
 * chooses (for, clear level, keepFiringFor, a series that goes away, flapping), and the
 * built-in rules on real captured readings of a machine.
 */
import { describe, expect, it } from 'vitest';
import { readSnapshots } from '../../fixtures/history/read-fixture.js';
import { DEFAULT_THRESHOLDS } from '../../src/analysis/thresholds.js';
import { filesystemUsePercent } from '../../src/analysis/filesystem-use.js';
import type { AlertRule } from '../../src/alerts/alert-rule.js';
import { AlertEvaluator, type AlertTransition } from '../../src/alerts/alert-evaluator.js';
import { defaultRules } from '../../src/alerts/default-rules.js';
import { hostSignals } from '../../src/alerts/host-signals.js';

const rule = (r: Partial<AlertRule> = {}): AlertRule => ({
  name: 'CpuHigh', metric: 'cpu_busy_percent', match: {}, op: '>', threshold: 90, forSeconds: 10, keepFiringForSeconds: 0,
  severity: 'critical', summary: 'CPU {{value}} % on {{host}}', labels: {}, ...r,
});
const cpu = (host: string, v: number) => [{ key: { name: 'cpu_busy_percent', labels: { host } }, v }];

/** Feeds one value per second from t=0 and returns the transitions as `state@second`. */
function run(evaluator: AlertEvaluator, values: (number | null)[], host = 'db1'): string[] {
  const seen: string[] = [];
  values.forEach((v, second) => {
    const transitions: AlertTransition[] = evaluator.evaluate(host, second * 1000, v === null ? [] : cpu(host, v));
    for (const t of transitions) seen.push(`${t.to}@${second}`);
  });
  return seen;
}

describe('an alert', () => {
  it('fires only once its condition has held for `for`, and a shorter breach never fires', () => {
    const e = new AlertEvaluator([rule()]);
    expect(run(e, [95, 95, 95, 50, ...Array<number>(12).fill(95)])).toEqual(['pending@0', 'inactive@3', 'pending@4', 'firing@14']);
    const [alert] = e.alerts();
    expect(alert).toMatchObject({ state: 'firing', activeSince: 4000, firedAt: 14_000, value: 95, threshold: 90, summary: 'CPU 95 % on db1' });
    expect(alert?.labels).toEqual({ host: 'db1', alertname: 'CpuHigh', severity: 'critical' });
  });

  it('stays firing while the value is above its clear level, and resolves below it', () => {
    const e = new AlertEvaluator([rule({ forSeconds: 0, clear: 80 })]);
    expect(run(e, [95, 85, 89, 81, 79, 85])).toEqual(['pending@0', 'firing@0', 'resolved@4']);
    expect(e.alerts()[0]).toMatchObject({ state: 'resolved', resolvedAt: 4000, value: 79 });
  });

  it('keeps firing for keepFiringFor after the breach ends', () => {
    const e = new AlertEvaluator([rule({ forSeconds: 0, keepFiringForSeconds: 3 })]);
    expect(run(e, [95, 50, 50, 50, 50])).toEqual(['pending@0', 'firing@0', 'resolved@3']);
  });

  it('resolves when its series is gone, and is the same alert (same id) when it comes back', () => {
    const e = new AlertEvaluator([rule({ forSeconds: 0 })]);
    expect(run(e, [95, null, 95])).toEqual(['pending@0', 'firing@0', 'resolved@1', 'pending@2', 'firing@2']);
    const ids = new Set(e.alerts().map((a) => a.id));
    expect(ids.size).toBe(1);
  });

  it('is marked flapping when it fires and resolves again and again', () => {
    const e = new AlertEvaluator([rule({ forSeconds: 0 })]);
    run(e, [95, 50, 95, 50, 95]);
    expect(e.alerts()[0]).toMatchObject({ state: 'firing', flapping: true });
    const calm = new AlertEvaluator([rule({ forSeconds: 0 })]);
    run(calm, [95, 50, 95]);
    expect(calm.alerts()[0]).toMatchObject({ flapping: false });
  });

  it('is kept per host: one host\'s readings never end another host\'s alert', () => {
    const e = new AlertEvaluator([rule({ forSeconds: 0 })]);
    e.evaluate('db1', 0, cpu('db1', 95));
    e.evaluate('db2', 0, cpu('db2', 95));
    expect(e.evaluate('db2', 1000, cpu('db2', 10)).map((t) => `${t.alert.labels['host']} ${t.to}`)).toEqual(['db2 resolved']);
    expect(e.alerts().map((a) => `${a.labels['host']} ${a.state}`)).toEqual(['db1 firing', 'db2 resolved']);
  });

  it('refuses two rules of one name', () => {
    expect(() => new AlertEvaluator([rule(), rule()])).toThrow('alert rule CpuHigh is defined twice');
  });
});

describe('the built-in rules', () => {
  it('watch signals a real machine\'s readings have, judged as the panes judge them', () => {
    const snapshots = readSnapshots();
    const names = new Set(snapshots.flatMap((s) => hostSignals(s).map((x) => x.key.name)));
    const swapless = snapshots.every((s) => s.memory.swapTotal === 0); // the capture's machine has no swap: no swap signal, not 0 %
    for (const r of defaultRules(DEFAULT_THRESHOLDS)) {
      if (r.metric === 'swap_used_percent' && swapless) expect(names).not.toContain(r.metric);
      else expect(names, r.name).toContain(r.metric);
    }
    const s = snapshots[0]!;
    const fs = hostSignals(s).filter((x) => x.key.name === 'filesystem_used_percent');
    expect(fs.map((x) => [x.key.labels['mount'], x.v])).toEqual(s.filesystems.map((f) => [f.mount, filesystemUsePercent(f)]));
  });

  it('fire HostDown after 30 s of a host down, and a threshold rule after a minute at it', () => {
    const e = new AlertEvaluator(defaultRules({ ...DEFAULT_THRESHOLDS, cpu: { warning: 70, critical: 90 } }));
    const s = readSnapshots()[0]!;
    const busy = { ...s, cpu: { ...s.cpu, usage: 93 }, load: [0.1, 0.1, 0.1] as [number, number, number] }; // only the CPU past its levels
    const fired: string[] = [];
    for (let second = 0; second <= 60; second++) for (const t of e.evaluate(s.name, second * 1000, hostSignals(busy))) if (t.to === 'firing') fired.push(`${t.alert.rule}@${second}`);
    expect(fired).toEqual(['CpuBusyWarning@60', 'CpuBusyCritical@60']);
    const down = { ...s, status: 'down' as const };
    const later: string[] = [];
    for (let second = 61; second <= 91; second++) for (const t of e.evaluate(s.name, second * 1000, hostSignals(down))) later.push(`${t.alert.rule} ${t.to}@${second}`);
    expect(later).toEqual(['HostDown pending@61', 'CpuBusyWarning resolved@61', 'CpuBusyCritical resolved@61', 'HostDown firing@91']);
  });
});
