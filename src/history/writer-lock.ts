/**
 * One writer per store: a lock file holding the writer's pid, created exclusively. A lock
 * left by a process that no longer exists (killed, crashed) is taken over; a live one is
 * refused, naming the pid and the file. Readers never take it.
 */
import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { HistoryStoreError, WriterLockHeldError } from './store-errors.js';
import { LOCK_FILE } from './store-layout.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else, still a live writer.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface WriterLock {
  release(): void;
}

export function takeWriterLock(dir: string): WriterLock {
  const file = join(dir, LOCK_FILE);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw HistoryStoreError.fromFs(error, dir, 'create the history store');
  }
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return {
        release: () => {
          try {
            if (readFileSync(file, 'utf8').trim() === String(process.pid)) unlinkSync(file);
          } catch {
            // already gone: nothing to release
          }
        },
      };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') throw HistoryStoreError.fromFs(error, file, 'take the writer lock');
    }
    let holder: number;
    try {
      holder = Number.parseInt(readFileSync(file, 'utf8'), 10);
    } catch {
      continue; // removed between our attempt and the read: try again
    }
    if (Number.isInteger(holder) && holder > 0 && alive(holder)) {
      throw new WriterLockHeldError(`the history store ${dir} is being written by process ${holder} (lock ${file}); one writer at a time — read it, or stop that process`, dir, holder);
    }
    // Dead (or unreadable) holder: its lock is stale.
    try {
      unlinkSync(file);
    } catch {
      // another starter removed it first; the next attempt decides
    }
  }
  throw new HistoryStoreError(`could not take the writer lock ${file}: other processes keep taking it`, dir);
}
