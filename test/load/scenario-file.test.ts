import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/config/problems.js';
import { exampleScenario } from '../../src/load/example-scenario.js';
import { parseScenarioText } from '../../src/load/load-scenario.js';
import { findScenarioSchemaFile, renderScenarioJsonSchema } from '../../src/load/scenario-json-schema.js';

const dir = mkdtempSync(join(tmpdir(), 'perfmon-scenario-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function problems(text: string): string[] {
  const result = parseScenarioText(text, join(dir, 's.yaml'));
  return result.ok ? [] : result.problems.map((problem) => formatProblem(problem).replace(`${dir}/`, ''));
}

describe('scenario files', () => {
  it('the example of perfmon load init validates, with every default filled in', () => {
    const result = parseScenarioText(exampleScenario(), 'example.yaml');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { scenario } = result.loaded;
    expect(scenario.model).toBe('open');
    expect(scenario.stages).toEqual([{ duration: 5, target: 50 }, { duration: 20, target: 50 }, { duration: 5, target: 0 }]);
    expect(scenario.requests.map((r) => [r.name, r.method, r.weight])).toEqual([['quote', 'GET', 3], ['order', 'POST', 1]]);
    expect(scenario.thresholds).toEqual(['p99 < 50ms', 'errors < 0.5%', 'rps >= 35']);
  });

  it('reports every problem as file:line:column with its field', () => {
    const text = [
      'name: bad name', // 1
      'modle: open', // 2
      'stages:', // 3
      '  - { duration: 10q, target: 5 }', // 4
      'requests:', // 5
      '  - name: a', // 6
      '    url: /x/${users.id}', // 7
      '    checks: [{ status: 99 }]', // 8
      'thresholds: [p99 < 50, "errors < 200%", fast]', // 9
    ].join('\n');
    expect(problems(text)).toEqual([
      's.yaml:1:7: name: a name starts with a letter or digit and has only letters, digits, ".", "_" and "-" (got "bad name")',
      expect.stringMatching(/^s\.yaml:2:1: modle: unknown key 'modle' \(did you mean 'model'\?\)/),
      's.yaml:4:17: stages[0].duration: a duration is a number of seconds or text like 250ms, 30s, 15m, 2h, 30d (got "10q")',
      's.yaml:7:10: requests[0].url: /x/${users.id} is a path, and the scenario has no target: add target: http://host:port or write the full URL',
      's.yaml:7:10: requests[0].url: ${users.id}: no data source named users (data: none)',
      's.yaml:8:24: requests[0].checks[0].status: must be at least 100 (got 99)',
      's.yaml:9:14: thresholds[0]: "p99 < 50": a latency limit needs a unit, e.g. 50ms or 1.5s',
      's.yaml:9:24: thresholds[1]: "errors < 200%": a percentage is at most 100%',
      expect.stringMatching(/^s\.yaml:9:41: thresholds\[2\]: "fast" is not a threshold: write METRIC OP VALUE/),
    ]);
  });

  it('refuses placeholders in the host of a URL, which must be known for the preview and the audit', () => {
    expect(problems('name: h\nstages: [{ duration: 1, target: 1 }]\nrequests: [{ name: a, url: "http://${n}.lab:80/x" }]\n')).toEqual([
      's.yaml:3:28: requests[0].url: placeholders may follow the host and port, not stand in them (got http://${n}.lab:80/x)',
    ]);
  });

  it('reads CSV data beside the scenario and checks the columns templates use', () => {
    writeFileSync(join(dir, 'users.csv'), 'id,name\n1,ann\n2,bob\n');
    const base = ['name: csv', 'target: http://127.0.0.1:1', 'stages: [{ duration: 1, target: 1 }]', 'data:', '  users: { file: users.csv, mode: unique }', '  gone: { file: gone.csv }', 'requests:'];
    expect(problems([...base, '  - { name: a, url: "/u/${users.id}/${users.age}" }'].join('\n'))).toEqual([
      `s.yaml:6:17: data.gone.file: ${dir}/gone.csv: no such file`,
      's.yaml:8:21: requests[0].url: ${users.age}: users has no column age (columns: id, name)',
    ]);
    const ok = parseScenarioText([...base.filter((line) => !line.includes('gone')), '  - { name: a, url: "/u/${users.id}" }'].join('\n'), join(dir, 's.yaml'));
    expect(ok.ok && ok.loaded.data.get('users')).toEqual({ columns: ['id', 'name'], rows: [{ id: '1', name: 'ann' }, { id: '2', name: 'bob' }] });
  });
});

describe('schema/load-scenario.schema.json', () => {
  it('is what the zod schema generates (regenerate: UPDATE_SCHEMA=1 npx vitest run test/load/scenario-file.test.ts)', () => {
    const generated = renderScenarioJsonSchema();
    const path = findScenarioSchemaFile()!;
    if (process.env['UPDATE_SCHEMA'] === '1') writeFileSync(path, generated);
    expect(readFileSync(path, 'utf8')).toBe(generated);
    expect(JSON.parse(generated).required).toEqual(['name', 'stages', 'requests']);
  });
});
