/**
 * Files that must hold what they say after a crash, a SIGKILL or a power cut: the run journal,
 * the pending reverts, the audit log. A whole-file write goes to a temporary file that is
 * fsync'd, renamed over the target and followed by an fsync of the directory, so a reader sees
 * the old content or the new, never half of it. An append is fsync'd before it returns.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Replaces `path` with `text` atomically and durably (mode for a new file: 0600). */
export async function writeFileDurable(path: string, text: string, mode = 0o600): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await open(temporary, 'w', mode);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temporary, { force: true });
    throw error;
  }
  await handle.close();
  await rename(temporary, path);
  await syncDirectory(dir);
}

/**
 * Appends one line (a newline is added) and fsyncs. Lines under the pipe buffer size written
 * with O_APPEND do not interleave between processes on a local filesystem.
 */
export async function appendLineDurable(path: string, line: string, mode = 0o600): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const handle = await open(path, 'a', mode);
  try {
    await handle.write(`${line}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
}
