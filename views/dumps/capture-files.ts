/**
 * Captures of earlier sessions (or of `perfmon dump --out` into the same folder), found by
 * their names in the dumps folder: `HOST-PID-TIMESTAMP[-N].EXT` (src/diagnostics/capture/
 * dump-files.ts). Thread dumps of one JVM taken within two minutes of each other are one
 * series; a heap dump's `.partial` is an interrupted fetch that can still be completed.
 */
import { naturalCompare } from '../../src/format/text.js';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { safeHostName } from '../../src/diagnostics/capture/dump-files.js';
import type { CaptureEntry, CaptureKind } from './capture-entries.js';

const NAME = /^(.+)-(\d+)-(\d{8}T\d{6}Z)(?:-\d+)?\.(histogram\.txt|txt|hprof\.gz|hprof|jfr)(\.partial)?$/;

/** Dumps of one JVM this close together make one series. */
const SERIES_GAP_MS = 120_000;

export interface CaptureFile {
  file: string;
  /** The host as written in the name (made safe for a file name). */
  host: string;
  pid: number;
  time: number;
  kind: CaptureKind;
  partial: boolean;
}

/** `20260101T120000Z` → ms since the epoch. */
function parseStamp(stamp: string): number {
  const iso = `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:${stamp.slice(13, 15)}Z`;
  return Date.parse(iso);
}

export function parseCaptureName(dir: string, name: string): CaptureFile | null {
  const m = NAME.exec(name);
  if (!m) return null;
  const ext = m[4]!;
  const kind: CaptureKind = ext === 'txt' ? 'thread' : ext === 'histogram.txt' ? 'histogram' : ext === 'jfr' ? 'profile' : 'heap';
  const partial = m[5] !== undefined;
  // Only a heap dump is ever fetched into a .partial; the others are renamed from a temporary name.
  if (partial && kind !== 'heap') return null;
  return { file: join(dir, name), host: m[1]!, pid: Number(m[2]), time: parseStamp(m[3]!), kind, partial };
}

/**
 * Entries for the files, newest first: thread dumps grouped into series, every other file on
 * its own. `hosts` maps the names' safe host back to the inventory's name where it can.
 */
export function entriesFromFiles(files: readonly CaptureFile[], hosts: readonly string[], idOf: (n: number) => string): CaptureEntry[] {
  const hostOf = new Map(hosts.map((h) => [safeHostName(h), h]));
  const sorted = [...files].sort((a, b) => naturalCompare(a.host, b.host) || a.pid - b.pid || a.kind.localeCompare(b.kind) || a.time - b.time);
  const groups: CaptureFile[][] = [];
  for (const file of sorted) {
    const last = groups.at(-1)?.at(-1);
    const joins = last !== undefined && file.kind === 'thread' && last.kind === 'thread' && last.host === file.host && last.pid === file.pid && file.time - last.time <= SERIES_GAP_MS;
    if (joins) groups.at(-1)!.push(file);
    else groups.push([file]);
  }
  return groups
    .map((group, i): CaptureEntry => {
      const first = group[0]!;
      const partial = first.partial;
      return {
        id: idOf(i),
        kind: first.kind,
        host: hostOf.get(first.host) ?? first.host,
        pid: first.pid,
        mainClass: '',
        startedAt: first.time,
        endedAt: group.at(-1)!.time,
        state: partial ? 'failed' : 'done',
        status: partial ? 'its fetch was interrupted' : 'from an earlier session',
        fraction: null,
        waitUntil: null,
        files: partial ? [] : group.map((f) => f.file),
        count: group.length,
        error: partial ? `fetch interrupted: r completes it if the host still has the dump (${first.file})` : null,
        finding: null,
        fromDisk: true,
        localPath: partial ? first.file.slice(0, -'.partial'.length) : first.file,
        resumable: partial,
        detail: [],
      };
    })
    .sort((a, b) => b.startedAt - a.startedAt);
}

/** The capture files in `dir` (none when it does not exist yet). */
export async function captureFiles(dir: string): Promise<CaptureFile[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.map((name) => parseCaptureName(dir, name)).filter((f): f is CaptureFile => f !== null);
}
