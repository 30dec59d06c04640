/**
 * How often alert rules would have fired over the stored history: the stored readings of every
 * host, replayed in time order through a fresh AlertEvaluator, with per rule the fires, the
 * time spent firing, the flaps and the hosts affected. Readings come from the raw tier (the
 * stored resolution) when the range has any there, else from the 1-minute tier (one mean
 * per minute), and the result says which.
 */
import type { HistoryReader } from '../history/history-reader.js';
import type { KeyedValue } from '../history/host-snapshot-samples.js';
import type { TierName } from '../history/store-layout.js';
import { MINUTE } from '../history/store-layout.js';
import { AlertEvaluator } from './alert-evaluator.js';
import type { AlertRule, Severity } from './alert-rule.js';
import { SIGNAL_SOURCES, storedSignals } from './stored-signals.js';

export interface RuleBacktest {
  rule: string;
  severity: Severity;
  /** pending → firing transitions. */
  fires: number;
  /** firing → resolved transitions. */
  resolves: number;
  /** Seconds spent firing, summed over its alerts; one still firing at the end counts to the last reading. */
  firingSeconds: number;
  /** Fire/resolve changes made while the evaluator judged the alert flapping (≥ 4 changes in 10 min). */
  flaps: number;
  /** Hosts on which it fired, sorted. */
  hosts: string[];
}

export interface BacktestResult {
  from: number;
  to: number;
  tier: Extract<TierName, 'raw' | '1m'>;
  /** Host readings replayed, and how many hosts they came from. */
  readings: number;
  hostCount: number;
  /** Sorted by fires, then firing time, then name. */
  rules: RuleBacktest[];
}

/** The rules a backtest runs: all, or the one named (an unknown name lists the rules there are). */
export function selectRules(rules: readonly AlertRule[], name: string | undefined): AlertRule[] {
  if (name === undefined) return [...rules];
  const rule = rules.find((r) => r.name === name);
  if (!rule) throw new Error(`no alert rule ${JSON.stringify(name)}; the inventory's rules are: ${rules.map((r) => r.name).join(', ')}`);
  return [rule];
}

/** Every host's readings in [from, to), oldest first (ties by host name). */
function storedReadings(reader: HistoryReader, from: number, to: number, step: number): { host: string; t: number; samples: KeyedValue[] }[] {
  const byHost = new Map<string, Map<number, KeyedValue[]>>();
  for (const name of SIGNAL_SOURCES) {
    for (const series of reader.query({ name }, from, to, step)) {
      const host = series.key.labels['host'];
      if (host === undefined) continue;
      let times = byHost.get(host);
      if (!times) byHost.set(host, (times = new Map()));
      for (const b of series.buckets) {
        let samples = times.get(b.t);
        if (!samples) times.set(b.t, (samples = []));
        samples.push({ key: series.key, v: b.mean });
      }
    }
  }
  return [...byHost]
    .flatMap(([host, times]) => [...times].map(([t, samples]) => ({ host, t, samples })))
    .sort((a, b) => a.t - b.t || a.host.localeCompare(b.host));
}

export function backtestRules(reader: HistoryReader, rules: readonly AlertRule[], from: number, to: number): BacktestResult {
  const hasRaw = reader.query({ name: 'host_up' }, from, to, 1).some((s) => s.buckets.length > 0);
  const tier = hasRaw ? 'raw' : '1m';
  const readings = storedReadings(reader, from, to, hasRaw ? 1 : MINUTE);
  const evaluator = new AlertEvaluator(rules);
  const results = new Map<string, RuleBacktest & { hostSet: Set<string> }>(
    rules.map((r) => [r.name, { rule: r.name, severity: r.severity, fires: 0, resolves: 0, firingSeconds: 0, flaps: 0, hosts: [], hostSet: new Set() }]),
  );
  const firedAt = new Map<string, { rule: string; at: number }>();
  for (const { host, t, samples } of readings) {
    for (const { alert, from: was, to: now, at } of evaluator.evaluate(host, t, storedSignals(host, samples))) {
      const result = results.get(alert.rule)!;
      if (now === 'firing') {
        result.fires++;
        result.hostSet.add(alert.labels['host'] ?? host);
        firedAt.set(alert.id, { rule: alert.rule, at });
      } else if (was === 'firing') {
        result.resolves++;
        result.firingSeconds += (at - firedAt.get(alert.id)!.at) / 1000;
        firedAt.delete(alert.id);
      } else continue;
      if (alert.flapping) result.flaps++;
    }
  }
  const end = readings.at(-1)?.t ?? to;
  for (const { rule, at } of firedAt.values()) results.get(rule)!.firingSeconds += (end - at) / 1000;
  const list = [...results.values()].map(({ hostSet, ...r }) => ({ ...r, hosts: [...hostSet].sort() }));
  list.sort((a, b) => b.fires - a.fires || b.firingSeconds - a.firingSeconds || a.rule.localeCompare(b.rule));
  return { from, to, tier, readings: readings.length, hostCount: new Set(readings.map((r) => r.host)).size, rules: list };
}
