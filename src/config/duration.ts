/**
 * Durations in the inventory and on the command line: a number of seconds (`2`, `0.5`) or a
 * string with units (`250ms`, `30s`, `15m`, `1h30m`, `30d`). Everything is held in seconds.
 */

const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86_400 };
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/g;
const WHOLE = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d))+$/;

/** Seconds in a duration string such as `1h30m` or `250ms`; null when it is not one. */
export function parseDuration(text: string): number | null {
  const compact = text.trim();
  if (/^\d+(?:\.\d+)?$/.test(compact)) return Number(compact);
  if (!WHOLE.test(compact)) return null;
  let seconds = 0;
  for (const match of compact.matchAll(PART)) {
    seconds += Number(match[1]) * (UNIT_SECONDS[match[2] ?? 's'] ?? 1);
  }
  return seconds;
}

/** The shortest natural spelling of a number of seconds: `250ms`, `30s`, `15m`, `2h`, `30d`, `90s`. */
export function formatDuration(seconds: number): string {
  if (seconds > 0 && seconds < 1) return `${Math.round(seconds * 1000)}ms`;
  for (const [unit, size] of [['d', 86_400], ['h', 3600], ['m', 60]] as const) {
    if (seconds >= size && seconds % size === 0) return `${seconds / size}${unit}`;
  }
  return `${seconds}s`;
}

/** The pattern a duration string must match, for the JSON Schema. */
export const DURATION_PATTERN = WHOLE.source;
