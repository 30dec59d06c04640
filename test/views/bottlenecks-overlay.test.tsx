/** B: the bottleneck findings over the window up to the moment shown, from a real history store the writer filled. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HistoryWriter } from '../../src/history/history-writer.js';
import { hostSnapshotSamples } from '../../src/history/host-snapshot-samples.js';
import type { HostSnapshot } from '../../src/model/host-snapshot.js';
import { capturedSnapshot, KEYS, renderSized } from './render-app.js';

const dir = mkdtempSync(join(tmpdir(), 'perfmon-bottlenecks-view-'));
const SECONDS = 600;

/** db1 burning its CPU in one process for the last ten minutes. */
function burning(second: number, start: number): HostSnapshot {
  const s = capturedSnapshot();
  const burner = { ...s.processes[0]!, pid: 4242, command: 'burn', args: 'burn --hard', cpu: 190 };
  return { ...s, name: 'db1', time: new Date(start + second * 1000).toISOString(), cpu: { ...s.cpu, usage: 97 }, processes: [burner, ...s.processes.slice(1)] };
}

beforeAll(async () => {
  const start = Math.floor((Date.now() - SECONDS * 1000) / 1000) * 1000;
  const writer = await HistoryWriter.open(dir, { onProblem: (m) => process.stderr.write(`${m}\n`) });
  try {
    for (let s = 0; s < SECONDS; s++) {
      const reading = burning(s, start);
      writer.append('db1', Date.parse(reading.time), hostSnapshotSamples(reading, { topProcesses: 5 }));
    }
  } finally {
    writer.close();
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let app: Awaited<ReturnType<typeof renderSized>> | undefined;
afterEach(() => app?.unmount());

async function until(check: () => boolean) {
  for (let i = 0; i < 1000 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(check()).toBe(true);
}

describe('the Bottlenecks overlay', () => {
  for (const [columns, rows] of [
    [80, 24],
    [200, 50],
  ] as const) {
    it(`at ${columns}×${rows}: B shows the CPU finding with its burner, w changes the window, Esc closes`, async () => {
      app = await renderSized(columns, rows, { config: { historyDir: dir, components: [{ name: 'db', role: 'database', hosts: ['db1'], dependsOn: [] }] } });
      const screen = () => stripVTControlCharacters(app!.frame());
      await app.press('B');
      await until(() => screen().includes('1 finding'));
      const lines = screen().split('\n');
      expect(lines.length).toBeLessThanOrEqual(rows);
      expect(lines.every((l) => l.length <= columns)).toBe(true);
      expect(lines[1]).toMatch(/^Bottlenecks 1h to \d\d:\d\d:\d\d · 1 finding/);
      expect(lines[2]).toBe('1. WARNING CPU saturated on db1');
      expect(screen()).toContain('culprit    burn (pid 4242) on db1:');
      expect(screen()).toMatch(/affects +hosts db1 · on db/);
      await app.press('w');
      await until(() => screen().includes('Bottlenecks 6h to'));
      await until(() => screen().includes('1 finding'));
      await app.press(KEYS.esc);
      expect(screen()).not.toContain('Bottlenecks 6h');
    });
  }
});
