/**
 * Silences: label matchers and an end time; an alert they match is still evaluated, stored and
 * listed, but not sent on while the silence lasts. They live in one JSON file beside the history
 * store (`silences.json`), so every operator of a recorder shares them and the recorder picks up
 * a change within seconds. Written whole to a temporary file and renamed: a reader never sees
 * half a file, and a file that is not valid is reported naming it, never overwritten.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { labelMatcher, type Labels } from '../model/series-key.js';
import { hasFields, readSharedList, SharedListWatch, writeSharedList, type SharedListKind } from './shared-list-file.js';

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

const SILENCES: SharedListKind<Silence> = {
  what: 'silences',
  shape: '{id, matchers, startsAt, endsAt, createdBy, comment}',
  is: (x): x is Silence => hasFields(x, ['id', 'startsAt', 'endsAt', 'createdBy', 'comment'], ['matchers']),
};

/** Every silence in the file, expired ones included; none when there is no file yet. */
export function readSilences(file: string): Silence[] {
  return readSharedList(SILENCES, file);
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
  writeSharedList(file, [...kept, silence]);
  return silence;
}

/** Ends a silence now; throws naming the ids there are when there is no such one. */
export function expireSilence(file: string, id: string, now = Date.now()): Silence {
  const silences = readSilences(file);
  const found = silences.find((s) => s.id === id);
  if (!found) throw new Error(`no silence ${id} in ${file}${silences.length > 0 ? ` (there are: ${silences.map((s) => s.id).join(', ')})` : ''}`);
  found.endsAt = new Date(Math.min(now, Date.parse(found.endsAt))).toISOString();
  writeSharedList(file, silences);
  return found;
}

/** The active silence that matches these labels, or undefined. */
export function silenceFor(silences: readonly Silence[], labels: Labels, now: number): Silence | undefined {
  return silences.find((s) => isActive(s, now) && Object.entries(s.matchers).every(([label, pattern]) => labelMatcher(pattern)(labels[label])));
}

/** The silences file re-read when it changes; a bad file is reported once and the last good list kept. */
export class SilenceWatch extends SharedListWatch<Silence> {
  constructor(file: string, onProblem?: (message: string) => void, everyMs?: number) {
    super(SILENCES, file, onProblem, everyMs);
  }
}
