/**
 * The audit log as the Audit pane shows it: read when the pane opens and again whenever the
 * file changes (its size or time, looked at every few seconds: an action done from another
 * perfmon, or the CLI, shows up too). A log that cannot be read says why; it never breaks the UI.
 */
import { stat } from 'node:fs/promises';
import { useEffect, useState } from 'react';
import type { AuditReading } from '../../src/procedures/audit-read.js';

const EVERY_MS = 2000;

export interface AuditLogView {
  reading: AuditReading | null;
  /** Why the log could not be read, or null. */
  error: string | null;
  /** When it was last read (ms). */
  readMs: number | null;
}

export function useAuditLog(path: string | undefined): AuditLogView {
  const [view, setView] = useState<AuditLogView>({ reading: null, error: null, readMs: null });
  useEffect(() => {
    if (path === undefined) return;
    let stopped = false;
    let seen = '';
    const read = async () => {
      try {
        const info = await stat(path).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? null : Promise.reject(error)));
        const mark = info === null ? 'absent' : `${info.size}:${info.mtimeMs}`;
        if (mark === seen) return;
        const { readAuditLog } = await import('../../src/procedures/audit-read.js');
        const reading = await readAuditLog(path);
        seen = mark;
        if (!stopped) setView({ reading, error: null, readMs: Date.now() });
      } catch (error) {
        if (!stopped) setView((v) => ({ ...v, error: (error as Error).message }));
      }
    };
    void read();
    const timer = setInterval(() => void read(), EVERY_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [path]);
  return view;
}
