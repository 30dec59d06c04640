/** Item 22 (issue 9): the host Overview uses a big terminal's rows (the busiest processes), and never cuts a mount path that fits. */
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS } from '../../src/analysis/thresholds.js';
import { overviewLines } from '../../views/overview/overview-lines.js';
import { capturedSnapshot } from './render-app.js';

const plain = (lines: string[]) => lines.map((l) => stripVTControlCharacters(l));

describe('the Overview fills the room it has', () => {
  it('at 200×50 every row of the pane is used: the rows the sections leave show the busiest processes, by CPU', () => {
    const s = capturedSnapshot();
    const lines = plain(overviewLines(s, 200, 47, DEFAULT_THRESHOLDS, true));
    expect(lines).toHaveLength(47);
    const title = lines.findIndex((l) => l.startsWith('PROCESSES'));
    expect(title).toBeGreaterThan(5);
    const shown = lines.length - title - 2;
    expect(lines[title]).toBe(`PROCESSES  top ${shown} of ${s.processes.length} by CPU (4: all of them)`);
    expect(lines[title + 1]).toMatch(/^ +PID USER +S +THR +CPU%▼ +MEM% +RSS COMMAND/);
    const busiest = [...s.processes].sort((a, b) => b.cpu - a.cpu || b.rss - a.rss)[0]!;
    expect(lines[title + 2]).toMatch(new RegExp(`^ +${busiest.pid} ${busiest.user}`));
  });

  it('at 80×24 the sections come first; processes only in the rows left', () => {
    const lines = plain(overviewLines(capturedSnapshot(), 80, 21, DEFAULT_THRESHOLDS, true));
    expect(lines.length).toBeLessThanOrEqual(21);
    for (const section of ['CPU', 'MEM', 'FILESYSTEM', 'DISK', 'NETWORK', 'TCP']) expect(lines.some((l) => l.startsWith(section))).toBe(true);
  });

  it('a long mount path that fits the width is shown whole (the column grows to it)', () => {
    const s = capturedSnapshot();
    const mount = '/var/lib/containers/storage/overlay/4f3c2a/merged/data/orders';
    const fs = { ...s.filesystems[0]!, mount };
    for (const width of [200, 80]) {
      const lines = plain(overviewLines({ ...s, filesystems: [fs, s.filesystems[0]!] }, width, 47, DEFAULT_THRESHOLDS, true));
      const row = lines.find((l) => l.includes(mount));
      expect(row, `at ${width} columns`).toMatch(/\/orders +\S.* \d+%$/);
    }
  });
});
