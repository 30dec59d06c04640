/**
 * Opens the store's LMDB environment (lazily imported: only history commands and the recorder
 * pay for it). LMDB gives many readers in other processes at once and crash safety: a commit
 * is copy-on-write, so a writer killed at any moment leaves the last committed state.
 */
import { accessSync, closeSync, constants, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Database, RootDatabase } from 'lmdb';
import { HistoryStoreError } from './store-errors.js';
import { DATA_FILE } from './store-layout.js';

export type Table = Database<Uint8Array, (string | number)[]>;

export interface StoreTables {
  root: RootDatabase;
  times: Table;
  raw: Table;
  m1: Table;
  h1: Table;
  wal: Table;
  series: Database<{ group: string; index: number }, string>;
  meta: Database<unknown, (string | number)[]>;
  /** Null in a store written before events were kept, opened to read. */
  events: Database<Record<string, unknown>, (string | number)[]> | null;
  file: string;
}

/** Stores this process may come to write while it reads them (see `mayWriteInThisProcess`). */
const writableHere = new Set<string>();

/**
 * This process reads the store and may write it later (a TUI that takes over from a recorder):
 * LMDB shares one environment per file within a process, so a reader opened read-only first
 * would leave the writer a read-only environment. Readers of this store open it writable
 * (they still only read) when the file lets us.
 */
export function mayWriteInThisProcess(dir: string): void {
  writableHere.add(resolve(dir));
}

function readOnlyHere(dir: string, file: string): boolean {
  if (!writableHere.has(resolve(dir))) return true;
  try {
    accessSync(file, constants.W_OK);
    accessSync(dir, constants.W_OK);
    return false;
  } catch {
    return true;
  }
}

export async function openStore(dir: string, mode: 'write' | 'read'): Promise<StoreTables> {
  const file = join(dir, DATA_FILE);
  if (mode === 'read' && !existsSync(file)) {
    throw new HistoryStoreError(`no history store at ${dir} (${DATA_FILE} is missing): nothing has been recorded there yet (pass --store DIR for another store)`, dir);
  }
  if (mode === 'write') {
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      accessSync(dir, constants.W_OK);
      if (existsSync(file)) accessSync(file, constants.W_OK);
    } catch (error) {
      throw HistoryStoreError.fromFs(error, dir, 'write the history store');
    }
  } else if (!statSync(file).isFile()) {
    throw new HistoryStoreError(`the history store file ${file} is not a file`, dir);
  }
  if (existsSync(file)) checkHeader(file, dir);
  const { open } = await import('lmdb');
  let root: RootDatabase;
  try {
    root = open({ path: file, noSubdir: true, maxDbs: 12, readOnly: mode === 'read' && readOnlyHere(dir, file) });
  } catch (error) {
    throw new HistoryStoreError(`cannot open the history store ${file}: ${describeLmdbError(error)}`, dir);
  }
  try {
    const binary = (name: string): Table => root.openDB({ name, encoding: 'binary', keyEncoding: 'ordered-binary' }) as Table;
    return {
      root,
      times: binary('times'),
      raw: binary('raw'),
      m1: binary('m1'),
      h1: binary('h1'),
      wal: binary('wal'),
      series: root.openDB({ name: 'series', encoding: 'msgpack' }),
      meta: root.openDB({ name: 'meta', encoding: 'msgpack', keyEncoding: 'ordered-binary' }),
      events: openEvents(root, mode),
      file,
    };
  } catch (error) {
    void root.close();
    throw new HistoryStoreError(`cannot open the history store ${file}: ${describeLmdbError(error)}`, dir);
  }
}

function openEvents(root: RootDatabase, mode: 'write' | 'read'): StoreTables['events'] {
  try {
    return root.openDB({ name: 'events', encoding: 'msgpack', keyEncoding: 'ordered-binary', ...(mode === 'read' ? { create: false } : {}) });
  } catch (error) {
    if (mode === 'write') throw error;
    return null;
  }
}

function describeLmdbError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/MDB_INVALID|MDB_VERSION_MISMATCH|MDB_CORRUPTED|MDB_PAGE_NOTFOUND/.test(message)) return `the file is corrupt or not a history store (${message})`;
  if (/EROFS|read-only/i.test(message)) return `the file system is read-only (${message})`;
  if (/EACCES|permission/i.test(message)) return `permission denied (${message})`;
  if (/ENOSPC|MDB_MAP_FULL/.test(message)) return `the disk is full (${message})`;
  return message;
}

/** LMDB's meta page magic; the native library must never be handed a file that is not one. */
const LMDB_MAGIC = 0xbeefc0de;

function checkHeader(file: string, dir: string): void {
  const header = Buffer.alloc(28);
  let read = 0;
  try {
    const fd = openSync(file, 'r');
    read = readSync(fd, header, 0, 28, 0);
    closeSync(fd);
  } catch (error) {
    throw HistoryStoreError.fromFs(error, file, 'read the history store');
  }
  if (read === 0) return; // an empty file: LMDB initialises it
  if (read < 28 || header.readUInt32LE(24) !== LMDB_MAGIC) {
    throw new HistoryStoreError(`the history store file ${file} is corrupt or not a history store (no LMDB header); move it away to start a new store`, dir);
  }
}
