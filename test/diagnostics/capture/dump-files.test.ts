import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureFileName, compactTimestamp, freshCapturePath, safeHostName } from '../../../src/diagnostics/capture/dump-files.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'perfmon-dump-files-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('capture file names', () => {
  it('HOST-PID-TIMESTAMP.EXT in UTC to the second, hosts made safe for a file name', () => {
    const at = new Date('2026-01-02T03:04:05.678Z');
    expect(compactTimestamp(at)).toBe('20260102T030405Z');
    expect(captureFileName('oms-1', 4242, at, 'txt')).toBe('oms-1-4242-20260102T030405Z.txt');
    expect(safeHostName('web-1:2222')).toBe('web-1-2222');
    expect(safeHostName('[::1]:2222')).toBe('_--1_-2222');
    expect(safeHostName('../etc')).toBe('_._etc');
    expect(safeHostName('')).toBe('host');
  });

  it('a second capture within the same second gets -2 (also when only a .partial holds the name)', async () => {
    const at = new Date('2026-01-02T03:04:05Z');
    const first = await freshCapturePath(dir, 'oms-1', 7, at, 'hprof.gz');
    expect(basename(first)).toBe('oms-1-7-20260102T030405Z.hprof.gz');
    await writeFile(`${first}.partial`, '');
    expect(basename(await freshCapturePath(dir, 'oms-1', 7, at, 'hprof.gz'))).toBe('oms-1-7-20260102T030405Z-2.hprof.gz');
    await writeFile(join(dir, 'oms-1-7-20260102T030405Z-2.hprof.gz'), '');
    expect(basename(await freshCapturePath(dir, 'oms-1', 7, at, 'hprof.gz'))).toBe('oms-1-7-20260102T030405Z-3.hprof.gz');
  });
});
