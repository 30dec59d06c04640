/**
 * Acknowledgements: someone has an alert in hand. An ack names the alert (its id), who took it
 * (the local user), when, a note and an expiry. It stops repeat notifications — the recorder
 * gives the Alertmanager a silence of exactly that alert — but not the alert: it stays firing,
 * stored and listed. An ack holds for the alert as it was when acked: once the alert resolves
 * (or the ack expires), a new firing pages again. Acks live in acks.json beside the history
 * store, shared like silences by every operator and TUI of that recorder.
 */
import { join } from 'node:path';
import type { Labels } from '../model/series-key.js';
import { hasFields, readSharedList, SharedListWatch, writeSharedList, type SharedListKind } from './shared-list-file.js';

export interface Ack {
  /** The alert's id (its labels' fingerprint). */
  alert: string;
  /** The alert's labels when acked: what its Alertmanager silence matches. */
  labels: Labels;
  by: string;
  /** ISO 8601. */
  at: string;
  expiresAt: string;
  note: string;
}

/** How long an ack holds when no expiry is given: one on-call shift. */
export const DEFAULT_ACK_SECONDS = 8 * 3600;

export function acksFile(store: string): string {
  return join(store, 'acks.json');
}

const ACKS: SharedListKind<Ack> = {
  what: 'acks',
  shape: '{alert, labels, by, at, expiresAt, note}',
  is: (x): x is Ack => hasFields(x, ['alert', 'by', 'at', 'expiresAt', 'note'], ['labels']),
};

export function readAcks(file: string): Ack[] {
  return readSharedList(ACKS, file);
}

/** The alert an ack can be given: its id, labels and since when it has been active (ms). */
export interface AckableAlert {
  id: string;
  labels: Labels;
  activeSince: number;
}

/** The ack that holds for this alert now: made while it was active, not expired; the latest one. */
export function ackFor(acks: readonly Ack[], alert: Pick<AckableAlert, 'id' | 'activeSince'>, now: number): Ack | undefined {
  let found: Ack | undefined;
  for (const ack of acks) {
    if (ack.alert !== alert.id) continue;
    const at = Date.parse(ack.at);
    if (at < alert.activeSince || at > now || now >= Date.parse(ack.expiresAt)) continue;
    if (!found || at >= Date.parse(found.at)) found = ack;
  }
  return found;
}

/** Acks `alert` now for `seconds`; acks expired more than a day ago are dropped as the file is rewritten. */
export function addAck(file: string, alert: AckableAlert, seconds: number, by: string, note: string, now = Date.now()): Ack {
  const ack: Ack = { alert: alert.id, labels: { ...alert.labels }, by, at: new Date(now).toISOString(), expiresAt: new Date(now + seconds * 1000).toISOString(), note };
  const kept = readAcks(file).filter((a) => Date.parse(a.expiresAt) > now - 86_400_000);
  writeSharedList(file, [...kept, ack]);
  return ack;
}

/** The acks file re-read when it changes; a bad file is reported once and the last good list kept. */
export class AckWatch extends SharedListWatch<Ack> {
  constructor(file: string, onProblem?: (message: string) => void, everyMs?: number) {
    super(ACKS, file, onProblem, everyMs);
  }
}
