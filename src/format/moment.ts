/**
 * How a past moment is named on screen and in the CLI: its local time (with the date when it
 * is not today) and how long ago it was, `03:12:05 (−8h 13m)`.
 */
import { clockTime, formatDuration } from './units.js';

export function pastMoment(at: number, now: number = Date.now()): string {
  const day = new Date(at).toDateString() === new Date(now).toDateString() ? '' : `${localDate(at)} `;
  const ago = now - at;
  const offset = ago >= 0 ? `−${formatDuration(ago / 1000)}` : `+${formatDuration(-ago / 1000)}`;
  return `${day}${clockTime(at)} (${offset})`;
}

/** "2026-11-30" in local time. */
function localDate(at: number): string {
  const d = new Date(at);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
