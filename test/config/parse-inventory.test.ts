import { describe, expect, it } from 'vitest';
import { parseInventoryText } from '../../src/config/parse-inventory.js';
import { formatProblem } from '../../src/config/problems.js';

function problems(text: string): string[] {
  const result = parseInventoryText(text, 'inv.yaml');
  return result.ok ? [] : result.problems.map(formatProblem);
}

describe('parseInventoryText', () => {
  it('takes an empty file as an inventory with no hosts', () => {
    const result = parseInventoryText('# nothing yet\n', 'inv.yaml');
    expect(result.ok && result.inventory.hosts).toEqual([]);
  });

  it('points at the key for an empty value, and at the value otherwise', () => {
    expect(problems('hosts:\n  - name: a\n    port:\n')).toEqual(['inv.yaml:3:5: hosts[0].port: expected a number, got an empty value']);
    expect(problems('hosts:\n  - name: a\n    port: ~\n')).toEqual(['inv.yaml:3:11: hosts[0].port: expected a number, got an empty value']);
  });

  it('points a missing key at the mapping that lacks it', () => {
    expect(problems('components:\n  - name: oe\n    hosts: [h]\nhosts: [{name: h}]\n')).toEqual([
      'inv.yaml:2:5: components[0].role: required',
    ]);
  });

  it('says "did you mean" for snake_case and misspelt keys, without also calling the real key missing', () => {
    expect(problems('hosts: [{nmae: a}]\ncomponents:\n  - {name: c, role: web, hosts: [a], depends_on: []}\n')).toEqual([
      "inv.yaml:1:10: hosts[0].nmae: unknown key 'nmae' (did you mean 'name'?); allowed: name, address, port, user, identityFile, proxyJump, labels, jvm",
      "inv.yaml:3:34: components[0].hosts[0]: unknown host 'a'",
      "inv.yaml:3:38: components[0].depends_on: unknown key 'depends_on' (did you mean 'dependsOn'?); allowed: name, role, description, hosts, group, priority, dependsOn, maxUnavailable, health, restart, stop, start, drain, undrain, commandTimeout, metrics, appMetrics, queues, database, slos, controls, runbook, logs",
    ]);
  });

  it('finds positions through aliases and merge keys', () => {
    const text = 'x-base: &base\n  port: 70000\nhosts:\n  - name: a\n    <<: *base\n';
    expect(problems(text)).toEqual(['inv.yaml:2:9: hosts[0].port: a port is a whole number from 1 to 65535 (got 70000)']);
  });

  it('refuses an alias bomb without hanging or throwing', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 8; i++) levels.push(`l${i}: &l${i} [${Array(10).fill(i === 1 ? '*a' : `*l${i - 1}`).join(', ')}]`);
    const found = problems(`${levels.join('\n')}\n`);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^inv\.yaml:1:1: YAML: Excessive alias count/);
  });

  it('refuses several YAML documents in one file', () => {
    expect(problems('hosts: []\n---\nhosts: []\n')[0]).toMatch(/^inv\.yaml:2:1: YAML: Source contains multiple documents/);
  });

  it('reports a duplicate key by name', () => {
    expect(problems('interval: 1\ninterval: 2\n')).toEqual(["inv.yaml:2:1: YAML: duplicate key 'interval'"]);
  });

  it('never throws, whatever the text', () => {
    const garbage = ['\t\t:', '{{{', ']]', 'a: !!int x', '!!binary x', '- - -', ': :', '"\\u', '&a *a', 'hosts: *nope', '%YAML 9.9\n---\n'];
    for (const text of garbage) {
      const result = parseInventoryText(text, 'g.yaml');
      if (!result.ok) {
        expect(result.problems.length).toBeGreaterThan(0);
        for (const problem of result.problems) expect(formatProblem(problem)).toMatch(/^g\.yaml:\d+:\d+: /);
      }
    }
  });

  it('caps a cascade of syntax errors', () => {
    const text = `hosts:\n  - {name: a, labels: [{k: /[x]/}]}\n${'  - {name: b}\n'.repeat(20)}`;
    const found = problems(text);
    expect(found).toHaveLength(11);
    expect(found[10]).toMatch(/more syntax errors from here on; fix the first ones and check again$/);
  });
});
