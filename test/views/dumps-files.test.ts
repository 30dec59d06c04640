import { describe, expect, it } from 'vitest';
import { entriesFromFiles, parseCaptureName } from '../../views/dumps/capture-files.js';

const T0 = Date.UTC(2026, 10, 27, 4, 47, 41);

describe('captures found in the dumps folder', () => {
  it('reads the names the engine gives: thread dumps, histograms, heap dumps and interrupted fetches', () => {
    expect(parseCaptureName('/d', 'oms-1-4242-20261127T044741Z.txt')).toEqual({ file: '/d/oms-1-4242-20261127T044741Z.txt', host: 'oms-1', pid: 4242, time: T0, kind: 'thread', partial: false });
    expect(parseCaptureName('/d', 'oms-1-4242-20261127T044741Z-2.histogram.txt')).toMatchObject({ kind: 'histogram', pid: 4242 });
    expect(parseCaptureName('/d', '__1_-2222-77-20261127T044741Z.hprof.gz.partial')).toMatchObject({ host: '__1_-2222', pid: 77, kind: 'heap', partial: true });
    expect(parseCaptureName('/d', 'oms-1-4242-20261127T044741Z.txt.partial')).toBeNull();
    expect(parseCaptureName('/d', 'notes.txt')).toBeNull();
    expect(parseCaptureName('/d', 'oms-1-4242-20261127T044741Z.txt.1234.abcd.tmp')).toBeNull();
  });

  it('makes one series of the thread dumps of a JVM taken within two minutes; newest first; an interrupted fetch is resumable', () => {
    const names = [
      'web-1-22-9-20261127T044741Z.txt',
      'web-1-22-9-20261127T044751Z.txt',
      'web-1-22-9-20261127T044801Z.txt',
      'web-1-22-9-20261127T050000Z.txt',
      'web-1-22-10-20261127T044741Z.txt',
      'web-1-22-9-20261127T044900Z.hprof.gz.partial',
    ];
    const files = names.map((n) => parseCaptureName('/d', n)!);
    let n = 0;
    const entries = entriesFromFiles(files, ['web-1:22'], () => `c${++n}`);
    expect(entries.map((e) => [e.kind, e.host, e.pid, e.count, e.state])).toEqual([
      ['thread', 'web-1:22', 9, 1, 'done'],
      ['heap', 'web-1:22', 9, 1, 'failed'],
      ['thread', 'web-1:22', 9, 3, 'done'],
      ['thread', 'web-1:22', 10, 1, 'done'],
    ]);
    expect(entries[2]!.files).toEqual(names.slice(0, 3).map((f) => `/d/${f}`));
    expect(entries[1]).toMatchObject({ resumable: true, localPath: '/d/web-1-22-9-20261127T044900Z.hprof.gz', files: [] });
    expect(entries[1]!.error).toContain('r completes it if the host still has the dump');
  });
});
