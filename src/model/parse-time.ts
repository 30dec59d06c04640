/**
 * TIME as operators type it: ISO 8601 (`2026-11-30T14:00:00Z`, `2026-11-30 14:00`), a clock
 * time (`03:12`: today, or the last one past), or relative (`-15m`, `-2h`, `-7d`, `now`).
 */
const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `90s`, `15m`, `1h`, `7d` → ms; throws naming the text. */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$/.exec(text.trim());
  if (!m) throw new Error(`${JSON.stringify(text)} is not a duration (like 30s, 15m, 2h, 7d)`);
  return Math.round(Number(m[1]) * UNITS[m[2]!]!);
}

export function parseTime(text: string, now: number = Date.now()): number {
  const s = text.trim();
  if (s === 'now') return now;
  if (s.startsWith('-')) return now - parseDuration(s.slice(1));
  const clock = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(s);
  if (clock) {
    const d = new Date(now);
    d.setHours(Number(clock[1]), Number(clock[2]), Number(clock[3] ?? 0), 0);
    if (Number(clock[1]) > 23 || Number(clock[2]) > 59) throw new Error(`${JSON.stringify(text)} is not a clock time`);
    return d.getTime() > now ? d.getTime() - 86_400_000 : d.getTime();
  }
  const t = Date.parse(s.replace(' ', 'T'));
  if (!/^\d{4}-\d{2}-\d{2}/.test(s) || Number.isNaN(t)) throw new Error(`${JSON.stringify(text)} is not a time (ISO 8601 like 2026-11-30T14:00:00Z, a clock time like 03:12, or relative like -15m)`);
  return t;
}
