/**
 * A list shared by every operator of a recorder through one JSON file beside its history store
 * (silences.json, acks.json): written whole to a temporary file and renamed, so a reader never
 * sees half a file; a file that is not valid is reported naming it and never overwritten; a
 * watcher re-reads it when it changes, keeping the last good list when it turns bad.
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export class SharedFileError extends Error {
  constructor(what: string, file: string, why: string) {
    super(`${what} file ${file}: ${why}`);
    this.name = 'SharedFileError';
  }
}

export interface SharedListKind<T> {
  /** `silences`, `acks`: how errors name the file. */
  what: string;
  /** The shape of one entry, for the error that says what the file should hold. */
  shape: string;
  is: (x: unknown) => x is T;
}

/** Every entry in the file; none when there is no file yet. */
export function readSharedList<T>(kind: SharedListKind<T>, file: string): T[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new SharedFileError(kind.what, file, (error as Error).message);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new SharedFileError(kind.what, file, `not JSON (${(error as Error).message}); fix or remove it`);
  }
  if (!Array.isArray(data) || !data.every(kind.is)) throw new SharedFileError(kind.what, file, `not a list of ${kind.what} (${kind.shape}); fix or remove it`);
  return data;
}

export function writeSharedList<T>(file: string, entries: readonly T[]): void {
  mkdirSync(dirname(file), { recursive: true }); // written before any recorder made the store
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(entries, null, 2)}\n`, { mode: 0o644 });
  renameSync(temporary, file);
}

/** Whether every named field of `x` is a string (and `objects` are non-null objects). */
export function hasFields(x: unknown, strings: readonly string[], objects: readonly string[] = []): boolean {
  if (typeof x !== 'object' || x === null) return false;
  const r = x as Record<string, unknown>;
  return strings.every((k) => typeof r[k] === 'string') && objects.every((k) => typeof r[k] === 'object' && r[k] !== null);
}

/** The file re-read when it changes (checked at most every `everyMs`); a bad file is reported once and the last good list kept. */
export class SharedListWatch<T> {
  private entries: T[] = [];
  private mtime = -1;
  private checkedAt = -Infinity;
  private problem: string | null = null;

  constructor(
    private readonly kind: SharedListKind<T>,
    readonly file: string,
    private readonly onProblem: (message: string) => void = () => undefined,
    private readonly everyMs = 2000,
  ) {}

  current(now = Date.now()): T[] {
    if (now - this.checkedAt < this.everyMs) return this.entries;
    this.checkedAt = now;
    let mtime = 0;
    try {
      mtime = statSync(this.file).mtimeMs;
    } catch {
      mtime = 0; // no file: an empty list
    }
    if (mtime === this.mtime) return this.entries;
    try {
      this.entries = mtime === 0 ? [] : readSharedList(this.kind, this.file);
      this.mtime = mtime;
      this.problem = null;
    } catch (error) {
      const message = (error as Error).message;
      if (message !== this.problem) this.onProblem(`${message}; the ${this.kind.what} read before are kept`);
      this.problem = message;
    }
    return this.entries;
  }
}
