/**
 * Number parsing as Prometheus does it (Go's strconv), not as JavaScript's Number() does:
 * Number('') is 0, Number('0x1F') is 31 and Number('Infinity') is Infinity, none of which an
 * exposition may contain, while Go accepts `Inf`, `+inf` and `nan` in any case.
 */

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const INFINITY = /^([+-]?)inf(?:inity)?$/i;

/** A sample value or `le`/`quantile` label; undefined when it is not a number. */
export function parseFloatValue(text: string): number | undefined {
  if (DECIMAL.test(text)) return Number(text);
  const inf = INFINITY.exec(text);
  if (inf) return inf[1] === '-' ? -Infinity : Infinity;
  if (/^nan$/i.test(text)) return NaN;
  return undefined;
}

const INTEGER = /^[+-]?\d+$/;

/** A text-format timestamp: integer milliseconds. */
export function parseIntegerMs(text: string): number | undefined {
  return INTEGER.test(text) ? Number(text) : undefined;
}

/**
 * An OpenMetrics timestamp: seconds, possibly fractional, returned as whole milliseconds.
 * Rounded rather than truncated: 1.005 * 1000 is 1004.9999999999999 in binary.
 */
export function parseSecondsAsMs(text: string): number | undefined {
  return DECIMAL.test(text) ? Math.round(Number(text) * 1000) : undefined;
}
