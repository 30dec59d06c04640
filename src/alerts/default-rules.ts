/**
 * The rules every inventory has without writing any: a host down, and each of the inventory's
 * thresholds (the levels that colour the panes) as a warning and a critical rule. They hold for
 * a while before firing so one busy second does not page anyone, and clear a little below the
 * threshold so a value hovering at it does not flap.
 */
import type { Threshold, Thresholds } from '../analysis/thresholds.js';
import type { AlertRule, Severity } from './alert-rule.js';

/** How long a threshold must be exceeded before its alert fires. */
const HOLD_SECONDS = 60;
/** How long a host must be unreachable before HostDown fires (a reconnect is not an outage). */
const HOST_DOWN_SECONDS = 30;
/** Clear levels sit this share of the threshold below it (90 % clears at 85.5 %). */
const CLEAR_MARGIN = 0.05;

interface ThresholdRule {
  threshold: keyof Thresholds;
  metric: string;
  /** `CpuBusy` → `CpuBusyWarning`, `CpuBusyCritical`. */
  name: string;
  summary: string;
}

const THRESHOLD_RULES: readonly ThresholdRule[] = [
  { threshold: 'cpu', metric: 'cpu_busy_percent', name: 'CpuBusy', summary: 'CPU {{value}} % busy on {{host}}' },
  { threshold: 'memory', metric: 'memory_used_percent', name: 'MemoryUsed', summary: 'memory {{value}} % used on {{host}}' },
  { threshold: 'swap', metric: 'swap_used_percent', name: 'SwapUsed', summary: 'swap {{value}} % used on {{host}}' },
  { threshold: 'disk', metric: 'disk_utilisation_percent', name: 'DiskBusy', summary: 'disk {{device}} {{value}} % busy on {{host}}' },
  { threshold: 'filesystem', metric: 'filesystem_used_percent', name: 'FilesystemFull', summary: '{{mount}} {{value}} % full on {{host}}' },
  { threshold: 'loadPerCore', metric: 'load_per_core', name: 'LoadHigh', summary: 'load {{value}} per core on {{host}}' },
];

const SEVERITIES = ['warning', 'critical'] as const satisfies readonly Severity[];
const severityName = (severity: Severity) => (severity === 'warning' ? 'Warning' : 'Critical');

/** Names an inventory can override or turn off. */
export const BUILT_IN_RULE_NAMES: readonly string[] = ['HostDown', ...THRESHOLD_RULES.flatMap((t) => SEVERITIES.map((s) => `${t.name}${severityName(s)}`))];

export function defaultRules(thresholds: Thresholds): AlertRule[] {
  const rules: AlertRule[] = [
    {
      name: 'HostDown',
      metric: 'host_up',
      match: {},
      op: '<',
      threshold: 1,
      forSeconds: HOST_DOWN_SECONDS,
      keepFiringForSeconds: 0,
      severity: 'critical',
      summary: '{{host}} is unreachable',
      labels: {},
    },
  ];
  for (const t of THRESHOLD_RULES) {
    const pair: Threshold = thresholds[t.threshold];
    for (const severity of SEVERITIES) {
      const threshold = pair[severity];
      rules.push({
        name: `${t.name}${severityName(severity)}`,
        metric: t.metric,
        match: {},
        op: '>=', // as the panes colour a cell: at the threshold is past it
        threshold,
        clear: threshold * (1 - CLEAR_MARGIN),
        forSeconds: HOLD_SECONDS,
        keepFiringForSeconds: 0,
        severity,
        summary: t.summary,
        labels: {},
      });
    }
  }
  return rules;
}
