/**
 * An alert rule, in the terms of Prometheus alerting rules: a condition on a series (a value
 * above or below a threshold), how long it must hold before the alert fires (`for`), the
 * level it must come back past before it resolves (`clear`, hysteresis), how long it keeps
 * firing after the condition ends (`keepFiringFor`), a severity, labels and a runbook.
 * Matchers choose the series (by host, component, mount, …).
 */
import type { Labels } from '../model/series-key.js';

export type Severity = 'warning' | 'critical';
export type Comparison = '>' | '>=' | '<' | '<=';

export interface AlertRule {
  /** Unique, the `alertname` an Alertmanager routes on: `CpuCritical`. */
  name: string;
  /** The series the rule watches: a signal name (see host-signals.ts). */
  metric: string;
  /** Label values a series must have (equal, or /regex/ over the whole value); empty matches every series of the metric. */
  match: Labels;
  op: Comparison;
  threshold: number;
  /** While firing, the alert stays on until the value is back past this (default: threshold). */
  clear?: number;
  /** Seconds the condition must hold before the alert fires (default 0: at once). */
  forSeconds: number;
  /** Seconds the alert keeps firing after the condition ended (default 0). */
  keepFiringForSeconds: number;
  severity: Severity;
  /** What it means, with {{value}} and label names in braces ({{host}}) filled in. */
  summary: string;
  runbook?: string;
  /** Added to the alert's labels (e.g. team). */
  labels: Labels;
}

/** Whether `value` breaks the rule: past the threshold, or, once firing, not yet back past the clear level. */
export function breaches(rule: AlertRule, value: number, firing: boolean): boolean {
  const level = firing ? (rule.clear ?? rule.threshold) : rule.threshold;
  switch (rule.op) {
    case '>':
      return value > level;
    case '>=':
      return value >= level;
    case '<':
      return value < level;
    case '<=':
      return value <= level;
  }
}

/** `summary` with `{{value}}` and `{{label}}` filled in; unknown names are left as they are. */
export function fillSummary(template: string, labels: Labels, value: number): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => {
    if (name === 'value') return formatAlertValue(value);
    return labels[name] ?? whole;
  });
}

/** A value as alerts show it: 93.3, 0.5, 12 — one decimal from 10 up, two below, no trailing zeros. */
export function formatAlertValue(v: number): string {
  if (Number.isInteger(v)) return String(v);
  return String(Number(Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2)));
}
