import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDfOutput } from '../../../src/diagnostics/capture/remote-files.js';
import { fixturePath } from '../fixture-dumps.js';

const df = (name: string) => readFileSync(fixturePath(`dumps/${name}`), 'utf8');

describe('parseDfOutput (df -Pk, real captures)', () => {
  it('GNU and busybox df on /', () => {
    expect(parseDfOutput(df('df-root.txt'))).toEqual({ filesystem: '/dev/vda', sizeBytes: 264212084 * 1024, usedBytes: 23400904 * 1024, availableBytes: 82990008 * 1024, mount: '/' });
    expect(parseDfOutput(df('df-busybox.txt'))).toMatchObject({ filesystem: '/dev/vda', availableBytes: 82990000 * 1024, mount: '/' });
  });

  it('a 1 MiB tmpfs, and a mount point with spaces', () => {
    expect(parseDfOutput(df('df-tmpfs.txt'))).toMatchObject({ filesystem: 'tmpfs', availableBytes: 1024 * 1024, mount: '/tmp/pm-tmpfs' });
    expect(parseDfOutput(df('df-space-in-mount.txt'))).toMatchObject({ availableBytes: 2048 * 1024, mount: '/tmp/pm dump dir' });
  });

  it('no filesystem line: null (df printed only an error)', () => {
    expect(parseDfOutput("df: /nope: No such file or directory\n")).toBeNull();
    expect(parseDfOutput('')).toBeNull();
  });
});
