import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HistoryReader } from '../../src/history/history-reader.js';
import { HistoryWriter } from '../../src/history/history-writer.js';

const dir = mkdtempSync(join(tmpdir(), 'perfmon-window-list-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("a reader's list of a closed window's series", () => {
  it('sees a host whose window closed after the reader listed the window (another host closed it first)', async () => {
    const w = Math.floor((Date.now() - 3_600_000) / 600_000) * 600_000;
    const writer = await HistoryWriter.open(dir);
    const cpu = (host: string, v: number) => [{ key: { name: 'cpu_usage', labels: { host } }, v }];
    writer.append('a', w + 1000, cpu('a', 11));
    writer.append('b', w + 1000, cpu('b', 22));
    writer.append('a', w + 600_000 + 1000, cpu('a', 12)); // closes a's window w; b's stays open
    writer.flush();
    const reader = await HistoryReader.open(dir);
    try {
      expect(reader.instants('a', w, w + 5000).values).toEqual([[11]]);
      writer.append('b', w + 600_000 + 1000, cpu('b', 23)); // now b's window w closes too
      writer.flush();
      expect(reader.instants('b', w, w + 5000)).toMatchObject({ times: [w + 1000], values: [[22]] });
    } finally {
      reader.close();
      writer.close();
    }
  });
});
