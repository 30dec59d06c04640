/**
 * The rules an inventory asks for: the built-in ones (unless `builtIn: false`) with the
 * inventory's thresholds, overridden field by field by `rules` entries of the same name, plus
 * the inventory's own rules. `enabled: false` drops a rule.
 */
import type { Thresholds } from '../analysis/thresholds.js';
import type { AlertRuleEntry } from '../config/alerts-schema.js';
import type { AlertRule } from './alert-rule.js';
import { defaultRules } from './default-rules.js';

export interface AlertsConfig {
  builtIn: boolean;
  rules: readonly AlertRuleEntry[];
}

export function inventoryRules(thresholds: Thresholds, config: AlertsConfig): AlertRule[] {
  const rules = new Map<string, AlertRule>();
  if (config.builtIn) for (const rule of defaultRules(thresholds)) rules.set(rule.name, rule);
  for (const entry of config.rules) {
    if (!entry.enabled) {
      rules.delete(entry.name);
      continue;
    }
    const base = rules.get(entry.name);
    const threshold = entry.above ?? entry.below;
    const op = entry.above !== undefined ? '>=' : entry.below !== undefined ? '<=' : base?.op;
    const metric = entry.metric ?? base?.metric;
    // The schema makes a rule that is not built-in name its metric and threshold.
    if (metric === undefined || op === undefined || (threshold ?? base?.threshold) === undefined) continue;
    const rule: AlertRule = {
      name: entry.name,
      metric,
      match: entry.match ?? base?.match ?? {},
      op,
      threshold: threshold ?? base!.threshold,
      forSeconds: entry.for ?? base?.forSeconds ?? 0,
      keepFiringForSeconds: entry.keepFiringFor ?? base?.keepFiringForSeconds ?? 0,
      severity: entry.severity ?? base?.severity ?? 'warning',
      summary: entry.summary ?? base?.summary ?? `${entry.name}: ${metric} {{value}} on {{host}}`,
      labels: { ...base?.labels, ...entry.labels },
    };
    // A new threshold drops the built-in clear level (it was set against the old one).
    const clear = entry.clear ?? (threshold === undefined ? base?.clear : undefined);
    if (clear !== undefined) rule.clear = clear;
    const runbook = entry.runbook ?? base?.runbook;
    if (runbook !== undefined) rule.runbook = runbook;
    rules.set(entry.name, rule);
  }
  return [...rules.values()];
}
