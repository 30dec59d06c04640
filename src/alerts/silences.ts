/**
 * Silences: label matchers and an end time; an alert they match is still evaluated, stored and
 * listed, but not sent on while the silence lasts. They live in one JSON file beside the history
 * store (`silences.json`), so every operator of a recorder shares them and the recorder picks up
 * a change within seconds. Written whole to a temporary file and renamed: a reader never sees
 * half a file, and a file that is not valid is reported naming it, never overwritten.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { labelMatcher, type Labels } from '../model/series-key.js';

export interface Silence {
  id: string;
  /** Label matchers (equal, or /regex/ over the whole value); every one must match. */
  matchers: Labels;
  /** ISO 8601. */
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
}

export function silencesFile(store: string): string {
  return join(store, 'silences.json');
}

export class SilenceFileError extends Error {
  constructor(file: string, why: string) {
    super(`silences file ${file}: ${why}`);
    this.name = 'SilenceFileError';
  }
}

/** Every silence in the file, expired ones included; none when there is no file yet. */
export function readSilences(file: string): Silence[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new SilenceFileError(file, (error as Error).message);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new SilenceFileError(file, `not JSON (${(error as Error).message}); fix or remove it`);
  }
  if (!Array.isArray(data) || !data.every(isSilence)) throw new SilenceFileError(file, 'not a list of silences ({id, matchers, startsAt, endsAt, createdBy, comment}); fix or remove it');
  return data;
}

function isSilence(x: unknown): x is Silence {
  if (typeof x !== 'object' || x === null) return false;
  const s = x as Record<string, unknown>;
  return ['id', 'startsAt', 'endsAt', 'createdBy', 'comment'].every((k) => typeof s[k] === 'string') && typeof s['matchers'] === 'object' && s['matchers'] !== null;
}

function writeSilences(file: string, silences: readonly Silence[]): void {
  mkdirSync(dirname(file), { recursive: true }); // silenced before any recorder made the store
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(silences, null, 2)}\n`, { mode: 0o644 });
  renameSync(temporary, file);
}

export function isActive(s: Silence, now: number): boolean {
  return Date.parse(s.startsAt) <= now && now < Date.parse(s.endsAt);
}

/** Adds a silence from now for `seconds`; returns it. */
export function addSilence(file: string, matchers: Labels, seconds: number, createdBy: string, comment: string, now = Date.now()): Silence {
  if (Object.keys(matchers).length === 0) throw new Error('a silence needs at least one matcher (e.g. alertname=HostDown host=db1)');
  for (const pattern of Object.values(matchers)) labelMatcher(pattern); // a bad /regex/ fails here, not in the recorder
  const silence: Silence = {
    id: randomBytes(4).toString('hex'),
    matchers: { ...matchers },
    startsAt: new Date(now).toISOString(),
    endsAt: new Date(now + seconds * 1000).toISOString(),
    createdBy,
    comment,
  };
  // Expired silences older than a day are dropped as the file is rewritten.
  const kept = readSilences(file).filter((s) => Date.parse(s.endsAt) > now - 86_400_000);
  writeSilences(file, [...kept, silence]);
  return silence;
}

/** Ends a silence now; throws naming the ids there are when there is no such one. */
export function expireSilence(file: string, id: string, now = Date.now()): Silence {
  const silences = readSilences(file);
  const found = silences.find((s) => s.id === id);
  if (!found) throw new Error(`no silence ${id} in ${file}${silences.length > 0 ? ` (there are: ${silences.map((s) => s.id).join(', ')})` : ''}`);
  found.endsAt = new Date(Math.min(now, Date.parse(found.endsAt))).toISOString();
  writeSilences(file, silences);
  return found;
}

/** The active silence that matches these labels, or undefined. */
export function silenceFor(silences: readonly Silence[], labels: Labels, now: number): Silence | undefined {
  return silences.find((s) => isActive(s, now) && Object.entries(s.matchers).every(([label, pattern]) => labelMatcher(pattern)(labels[label])));
}

/** The file re-read when it changes (checked at most every `everyMs`); a bad file is reported once and the last good list kept. */
export class SilenceWatch {
  private silences: Silence[] = [];
  private mtime = -1;
  private checkedAt = -Infinity;
  private problem: string | null = null;

  constructor(
    readonly file: string,
    private readonly onProblem: (message: string) => void = () => undefined,
    private readonly everyMs = 2000,
  ) {}

  current(now = Date.now()): Silence[] {
    if (now - this.checkedAt < this.everyMs) return this.silences;
    this.checkedAt = now;
    let mtime = 0;
    try {
      mtime = statSync(this.file).mtimeMs;
    } catch {
      mtime = 0; // no file: no silences
    }
    if (mtime === this.mtime) return this.silences;
    try {
      this.silences = mtime === 0 ? [] : readSilences(this.file);
      this.mtime = mtime;
      this.problem = null;
    } catch (error) {
      const message = (error as Error).message;
      if (message !== this.problem) this.onProblem(`${message}; the silences read before are kept`);
      this.problem = message;
    }
    return this.silences;
  }
}
