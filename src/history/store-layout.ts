/**
 * How the embedded history store lays out its data (one LMDB environment, `data.mdb` in the
 * store directory). Every table is keyed [windowStart, …] so that a window is written together
 * and retention deletes from the front.
 *
 * - `times`  [windowStart, group]    → the shared timestamp column of a host for a raw window
 * - `raw`    [windowStart, seriesId] → that series' values at those instants (10-minute windows)
 * - `m1`     [windowStart, seriesId] → 1-minute rollups (min, max, sum, count), 6-hour chunks
 * - `h1`     [windowStart, seriesId] → 1-hour rollups, 10-day chunks
 * - `wal`    [group, firstTime]      → segments of the open raw window, a few seconds each
 * - `series` seriesId → {group, index}: which host's timestamps a series follows
 * - `events` [time, id] → an event as it was (an audit-log line: before/after an action, a note);
 *   the id (a digest of the line) makes storing the same line again a no-op
 * - `meta`   ['closed', group] → end of its last closed window; ['usage', tier, windowStart] →
 *   bytes, points and series of that window (stats and size retention read these, not the data)
 */

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export type TierName = 'raw' | '1m' | '1h';

export interface Tier {
  name: TierName;
  /** Width of one bucket in ms (0: full resolution). */
  bucket: number;
  /** Width of one stored chunk in ms. */
  window: number;
  /** The default age past which the tier's chunks are deleted. */
  defaultRetention: number;
  table: 'raw' | 'm1' | 'h1';
}

export const TIERS: readonly Tier[] = [
  { name: 'raw', bucket: 0, window: 10 * MINUTE, defaultRetention: 14 * DAY, table: 'raw' },
  { name: '1m', bucket: MINUTE, window: 6 * HOUR, defaultRetention: 90 * DAY, table: 'm1' },
  { name: '1h', bucket: HOUR, window: 10 * DAY, defaultRetention: 730 * DAY, table: 'h1' },
];

export const RAW_WINDOW = TIERS[0]!.window;

export function windowStart(t: number, window: number): number {
  return Math.floor(t / window) * window;
}

/** The file LMDB keeps the store in, inside the store directory. */
export const DATA_FILE = 'data.mdb';
export const LOCK_FILE = 'writer.lock';
