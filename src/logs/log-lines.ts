/**
 * Log text as lines: chunks from a stream split at newlines (a line cut between two chunks is
 * kept until its end arrives), and the time a line says it was written, when it starts with
 * one (ISO 8601, `2026-12-04 10:00:00`, or syslog's `Dec  4 10:00:00`).
 */

/** Splits a stream into lines; `push` returns the complete lines of the chunk, `end` the rest. */
export class LineSplitter {
  private rest = '';

  push(chunk: string): string[] {
    const text = this.rest + chunk;
    const parts = text.split('\n');
    this.rest = parts.pop() ?? '';
    return parts.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
  }

  end(): string[] {
    const last = this.rest;
    this.rest = '';
    return last === '' ? [] : [last];
  }
}

const ISO = /^\[?(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?)/;
const SYSLOG = /^([A-Z][a-z]{2}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2})\b/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The time at the start of a line (ms), or null when it starts with none. A time without a zone is local. */
export function lineTime(line: string, nowMs: number): number | null {
  const iso = ISO.exec(line);
  if (iso) {
    const text = iso[1]!.replace(' ', 'T').replace(',', '.').replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
    const ms = Date.parse(text);
    return Number.isFinite(ms) ? ms : null;
  }
  const syslog = SYSLOG.exec(line);
  if (syslog) {
    const month = MONTHS.indexOf(syslog[1]!);
    if (month < 0) return null;
    const now = new Date(nowMs);
    const at = new Date(now.getFullYear(), month, Number(syslog[2]), Number(syslog[3]), Number(syslog[4]), Number(syslog[5]));
    // Syslog has no year: a time "in the future" is last year's.
    if (at.getTime() > nowMs + 86_400_000) at.setFullYear(at.getFullYear() - 1);
    return at.getTime();
  }
  return null;
}

/**
 * Keeps the lines written at or after `sinceMs`: a line with no time of its own (a stack
 * trace's frames) goes with the line before it. A log is written in order, so from the first
 * line kept on, every line is (what is followed after the backlog, stamped or not).
 */
export class SinceFilter {
  private keeping = false;

  constructor(
    private readonly sinceMs: number,
    private readonly nowMs: number,
  ) {}

  keep(line: string): boolean {
    if (this.keeping) return true;
    const at = lineTime(line, this.nowMs);
    this.keeping = at !== null && at >= this.sinceMs;
    return this.keeping;
  }
}
