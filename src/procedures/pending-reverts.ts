/**
 * Time-boxed degradations waiting to be reverted, kept durably in
 * <state dir>/degrade-pending.json. A record is written before the first control is switched,
 * so whatever happens to the perfmon that waits (Ctrl-C, a closed terminal, SIGKILL),
 * `perfmon degrade --revert` can finish the job with the values read before.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileDurable } from './durable-file.js';
import type { ControlState, ReadState } from './control-actions.js';

export interface RevertEntry {
  component: string;
  control: string;
  host: string;
  /** Read before the change; 'unknown' reverts to the opposite of `applied`. */
  before: ReadState;
  applied: ControlState;
}

export interface PendingRevert {
  id: string;
  /** `profile shed-load`, or `order-engine new-orders off`. */
  label: string;
  createdAt: string;
  /** When it is due (ISO). */
  revertAt: string;
  pid: number;
  localHost: string;
  entries: RevertEntry[];
  /** Earlier time boxes whose entries this one took over (an overlap extends, see degradation.ts). */
  absorbed?: string[] | undefined;
}

interface PendingFile {
  version: 1;
  pending: PendingRevert[];
}

export function pendingFile(stateDir: string): string {
  return join(stateDir, 'degrade-pending.json');
}

export async function readPending(stateDir: string): Promise<PendingRevert[]> {
  let text: string;
  try {
    text = await readFile(pendingFile(stateDir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const data = JSON.parse(text) as Partial<PendingFile>;
  if (data.version !== 1 || !Array.isArray(data.pending)) throw new Error(`${pendingFile(stateDir)}: not a pending-revert file this perfmon understands`);
  return data.pending;
}

async function writePending(stateDir: string, pending: PendingRevert[]): Promise<void> {
  await writeFileDurable(pendingFile(stateDir), `${JSON.stringify({ version: 1, pending } satisfies PendingFile, null, 2)}\n`);
}

// Read-modify-write within this process is serialised; between processes the file is small and
// changes rarely (an apply, a revert), and each write is atomic.
let queue: Promise<unknown> = Promise.resolve();

function serial<T>(work: () => Promise<T>): Promise<T> {
  const result = queue.then(work);
  queue = result.catch(() => undefined);
  return result;
}

/** Read-modify-write of the whole list; `change` sees the list as it is now and returns the next. */
export function changePending<T>(stateDir: string, change: (pending: PendingRevert[]) => { pending: PendingRevert[]; value: T }): Promise<T> {
  return serial(async () => {
    const { pending, value } = change(await readPending(stateDir));
    await writePending(stateDir, pending);
    return value;
  });
}

export function addPending(stateDir: string, record: PendingRevert): Promise<void> {
  return changePending(stateDir, (pending) => ({ pending: [...pending.filter((p) => p.id !== record.id), record], value: undefined }));
}

/** Replaces a record's entries (what is still to revert), or drops it when none remain. */
export function updatePending(stateDir: string, id: string, entries: RevertEntry[]): Promise<void> {
  return changePending(stateDir, (pending) => ({
    pending: entries.length === 0 ? pending.filter((p) => p.id !== id) : pending.map((p) => (p.id === id ? { ...p, entries } : p)),
    value: undefined,
  }));
}
