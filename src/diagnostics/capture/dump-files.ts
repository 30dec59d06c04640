/**
 * Names and writes of captured files. A capture is named `HOST-PID-TIMESTAMP.EXT` (UTC,
 * `20260101T120000Z`) so a folder of dumps sorts by host, JVM and time, and `perfmon analyze
 * DIR/host-4242-*.txt` picks one JVM's series. Files appear under their final name only when
 * complete: they are written to a temporary name in the same folder, fsync'd and renamed.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';

/** A host name made safe for a file name: `[::1]:2222` → `__1_-2222`, `web-1:22` → `web-1-22`. */
export function safeHostName(host: string): string {
  return host.replace(/:/g, '-').replace(/[^A-Za-z0-9._-]/g, '_').replace(/^[.-]/, '_') || 'host';
}

/** `20260101T120000Z`: UTC to the second. */
export function compactTimestamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

export function captureFileName(host: string, pid: number, date: Date, extension: string): string {
  return `${safeHostName(host)}-${pid}-${compactTimestamp(date)}.${extension}`;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/**
 * A path for a new capture in `dir` that no file has yet: two captures within the same second
 * get `-2`, `-3`… before the extension.
 */
export async function freshCapturePath(dir: string, host: string, pid: number, date: Date, extension: string): Promise<string> {
  const name = captureFileName(host, pid, date, extension);
  const stem = name.slice(0, -(extension.length + 1));
  for (let n = 1; ; n++) {
    const candidate = join(dir, n === 1 ? name : `${stem}-${n}.${extension}`);
    if (!(await exists(candidate)) && !(await exists(`${candidate}.partial`))) return candidate;
  }
}
