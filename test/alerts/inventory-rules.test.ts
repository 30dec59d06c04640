/**
 * The inventory's alerts: block: built-in rules on by default with the inventory's thresholds,
 * overridden field by field or turned off by name, rules of one's own, and every mistake
 * reported at its file:line.
 */
import { describe, expect, it } from 'vitest';
import { inventoryRules } from '../../src/alerts/inventory-rules.js';
import { BUILT_IN_RULE_NAMES } from '../../src/alerts/default-rules.js';
import { parseInventoryText } from '../../src/config/parse-inventory.js';
import { formatProblem } from '../../src/config/problems.js';

function parse(text: string) {
  const result = parseInventoryText(text, 'inv.yaml');
  if (!result.ok) return { problems: result.problems.map(formatProblem), rules: [] };
  return { problems: [], rules: inventoryRules(result.inventory.thresholds, result.inventory.alerts) };
}

describe('alert rules from the inventory', () => {
  it('are the built-in ones, with the inventory\'s thresholds, when it says nothing', () => {
    const { rules } = parse('thresholds: {filesystem: {warning: 75, critical: 85}}\n');
    expect(rules.map((r) => r.name)).toEqual(BUILT_IN_RULE_NAMES);
    expect(rules.find((r) => r.name === 'FilesystemFullCritical')).toMatchObject({ metric: 'filesystem_used_percent', op: '>=', threshold: 85, forSeconds: 60, severity: 'critical' });
  });

  it('override a built-in rule field by field, turn one off, and add their own', () => {
    const { problems, rules } = parse(`
alerts:
  rules:
    - {name: FilesystemFullCritical, for: 5m, runbook: "https://wiki/disk-full"}
    - {name: SwapUsedWarning, enabled: false}
    - {name: CpuBusyCritical, above: 97}
    - name: OrdersDiskAwait
      metric: disk_await_ms
      match: {host: /trade-.*/}
      above: 50
      clear: 30
      severity: critical
      labels: {team: trading}
`);
    expect(problems).toEqual([]);
    const byName = new Map(rules.map((r) => [r.name, r]));
    expect(byName.get('FilesystemFullCritical')).toMatchObject({ forSeconds: 300, threshold: 90, clear: 85.5, runbook: 'https://wiki/disk-full' });
    expect(byName.has('SwapUsedWarning')).toBe(false);
    // a new threshold drops the clear level set against the old one
    expect(byName.get('CpuBusyCritical')).toMatchObject({ threshold: 97, forSeconds: 60 });
    expect(byName.get('CpuBusyCritical')?.clear).toBeUndefined();
    expect(byName.get('OrdersDiskAwait')).toMatchObject({ metric: 'disk_await_ms', match: { host: '/trade-.*/' }, op: '>=', threshold: 50, clear: 30, severity: 'critical', forSeconds: 0, labels: { team: 'trading' } });
  });

  it('drop every built-in rule with builtIn: false', () => {
    expect(parse('alerts: {builtIn: false, rules: [{name: Mine, metric: load_per_core, above: 3}]}\n').rules.map((r) => r.name)).toEqual(['Mine']);
  });

  it('report what is wrong at its line', () => {
    const { problems } = parse(`alerts:
  rules:
    - {name: Mine, above: 3}
    - {name: Other, metric: load_per_core}
    - {name: Both, metric: x, above: 1, below: 2}
    - {name: 9lives, metric: x, above: 1}
  alertmanager: {url: "ftp://am:9093"}
`);
    expect(problems).toEqual([
      'inv.yaml:3:7: alerts.rules[0].metric: rule Mine is not a built-in one, so it needs a metric',
      'inv.yaml:4:7: alerts.rules[1].above: rule Other needs a threshold: above or below',
      'inv.yaml:5:48: alerts.rules[2].below: a rule has either above or below, not both',
      'inv.yaml:6:14: alerts.rules[3].name: an alert name is letters, digits and "_", starting with a letter (it becomes alertname) (got "9lives")',
      'inv.yaml:7:23: alerts.alertmanager.url: an Alertmanager URL is http:// or https://, e.g. http://alertmanager:9093 (got "ftp://am:9093")',
    ]);
  });
});
