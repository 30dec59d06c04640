import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERFMON_BIN } from '../../support-bin.js';

// `perfmon anomalies` as an operator runs it: the real bin/perfmon.js in a child process.
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const EXCERPT = fileURLToPath(new URL('../../../fixtures/nab/ec2_cpu_utilization_825cc2-excerpt.csv', import.meta.url));
let scratch: string;

function perfmon(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [PERFMON_BIN, ...args], { cwd: ROOT }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

function scratchFile(name: string, text: string): string {
  const path = join(scratch, name);
  writeFileSync(path, text);
  return path;
}

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'perfmon-anomalies-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('perfmon anomalies FILE.csv', () => {
  it('prints the documented JSON shape, timestamps as in the CSV', async () => {
    const { code, stdout, stderr } = await perfmon('anomalies', EXCERPT, '--json');
    expect([code, stderr]).toEqual([0, '']);
    const json = JSON.parse(stdout);
    expect(Object.keys(json)).toEqual(['file', 'points', 'anomalies']);
    expect(json.file).toBe(EXCERPT);
    expect(json.points).toBe(801);
    expect(json.anomalies.length).toBeGreaterThan(0);
    for (const a of json.anomalies) {
      expect(Object.keys(a)).toEqual(['timestamp', 'value', 'score']);
      expect(a.timestamp).toMatch(/^2014-04-1[56] \d\d:\d\d:00$/);
      expect(a.score).toBeGreaterThanOrEqual(0.5);
      expect(a.score).toBeLessThanOrEqual(1);
    }
    // The dip to 76.9 % on 2014-04-15 (NAB's first label at 15:44) is the first anomaly.
    expect(json.anomalies[0].value).toBeLessThan(85);
  });

  it('prints one line per anomaly without --json', async () => {
    const { code, stdout } = await perfmon('anomalies', EXCERPT);
    expect(code).toBe(0);
    const json = JSON.parse((await perfmon('anomalies', EXCERPT, '--json')).stdout);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`${EXCERPT}: 801 points, ${json.anomalies.length} ${json.anomalies.length === 1 ? 'anomaly' : 'anomalies'}`);
    expect(lines.slice(2).map((l) => l.slice(0, 19))).toEqual(json.anomalies.map((a: { timestamp: string }) => a.timestamp));
  });

  it('flags nothing on a steady series', async () => {
    const rows = Array.from({ length: 500 }, (_, i) => `2026-01-01T${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00Z,${40 + (i % 3)}`);
    const { code, stdout } = await perfmon('anomalies', scratchFile('steady.csv', `timestamp,value\n${rows.join('\n')}\n`), '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ points: 500, anomalies: [] });
  });

  it('names file:line for bad input and exits 1', async () => {
    const cases: [string, string, string][] = [
      ['header.csv', 'time,value\n2014-01-01 00:00:00,1\n', ':1: expected the header "timestamp,value"'],
      ['value.csv', 'timestamp,value\n2014-01-01 00:00:00,1\n2014-01-01 00:05:00,high\n', ':3: value is not a number ("high")'],
      ['stamp.csv', 'timestamp,value\nyesterday,1\n', ':2: unreadable timestamp "yesterday"'],
      ['order.csv', 'timestamp,value\n2014-01-01 00:05:00,1\n2014-01-01 00:00:00,2\n', ':3: timestamp 2014-01-01 00:00:00 is before the previous row'],
      ['fields.csv', 'timestamp,value\n2014-01-01 00:00:00,1,2\n', ':2: expected 2 fields'],
    ];
    for (const [name, text, message] of cases) {
      const path = scratchFile(name, text);
      const { code, stdout, stderr } = await perfmon('anomalies', path);
      expect([code, stdout]).toEqual([1, '']);
      expect(stderr).toContain(`${path}${message}`);
    }
    const missing = await perfmon('anomalies', join(scratch, 'missing.csv'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`${join(scratch, 'missing.csv')}: cannot read (ENOENT)`);
  });
});
