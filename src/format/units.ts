/**
 * Short, fixed-width-friendly renderings of the numbers operators scan: bytes, rates,
 * percentages, durations. Pure functions; every pane and the CLI tables use these.
 */

/** "12:03:04": a moment's local wall-clock time (a reading's, a capture's, a revert's). */
export function clockTime(when: number | string | Date): string {
  return new Date(when).toTimeString().slice(0, 8);
}

const BYTE_UNITS = ['B', 'K', 'M', 'G', 'T', 'P'] as const;

/** 1536 → "1.5K", 0 → "0B". Binary multiples (as free/top show them), at most 4 characters of number. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '—';
  const sign = bytes < 0 ? '-' : '';
  let value = Math.abs(bytes);
  let unit = 0;
  while (value >= 1000 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${sign}${trimNumber(value, unit === 0 ? 0 : 1)}${BYTE_UNITS[unit]}`;
}

/** Bytes per second: "1.5M/s". */
export function formatByteRate(bytesPerSec: number): string {
  return `${formatBytes(bytesPerSec)}/s`;
}

/** Counts and per-second counts: 950 → "950", 12_345 → "12.3k", 2_500_000 → "2.5M". */
export function formatCount(value: number): string {
  if (!Number.isFinite(value)) return '—';
  const abs = Math.abs(value);
  if (abs < 1000) return trimNumber(value, abs < 10 && !Number.isInteger(value) ? 1 : 0);
  if (abs < 1_000_000) return `${trimNumber(value / 1000, 1)}k`;
  if (abs < 1_000_000_000) return `${trimNumber(value / 1_000_000, 1)}M`;
  return `${trimNumber(value / 1_000_000_000, 1)}G`;
}

/** 0–100 → "42%"; one decimal under 10 so a quiet host does not read as 0. */
export function formatPercent(percent: number | null): string {
  if (percent === null || !Number.isFinite(percent)) return '—';
  return `${trimNumber(percent, percent > 0 && percent < 10 ? 1 : 0)}%`;
}

/** Seconds → "3d 4h", "5h 02m", "4m 09s", "12s": the two most significant units; "30d", "1h", "5m" when the second is zero. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return '—';
  const s = Math.floor(seconds);
  const days = Math.floor(s / 86_400);
  const hours = Math.floor((s % 86_400) / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const secs = s % 60;
  if (days > 0) return hours === 0 ? `${days}d` : `${days}d ${hours}h`;
  if (hours > 0) return minutes === 0 ? `${hours}h` : `${hours}h ${pad2(minutes)}m`;
  if (minutes > 0) return secs === 0 ? `${minutes}m` : `${minutes}m ${pad2(secs)}s`;
  return `${secs}s`;
}

/** Milliseconds with a unit that keeps three significant digits: 0.42 → "0.42ms", 1234 → "1.23s". */
export function formatMillis(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '—';
  if (ms < 1) return `${trimNumber(ms, 2)}ms`;
  if (ms < 1000) return `${trimNumber(ms, ms < 10 ? 1 : 0)}ms`;
  return `${trimNumber(ms / 1000, 2)}s`;
}

function trimNumber(value: number, decimals: number): string {
  const fixed = value.toFixed(decimals);
  return decimals > 0 ? fixed.replace(/\.?0+$/, '') : fixed;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
