const BARS = '▁▂▃▄▅▆▇█';

/**
 * The newest `width` values as a one-row chart, scaled to `max` (100 for percentages) or to
 * the largest value shown; padded on the left with spaces while history is short. A gap
 * (NaN: the host was down) is a space.
 */
export function sparkline(values: readonly number[], width: number, max?: number): string {
  if (width <= 0) return '';
  const shown = values.slice(-width);
  const top = max ?? Math.max(1e-9, ...shown.filter(Number.isFinite));
  const bars = shown.map((v) => (!Number.isFinite(v) ? ' ' : BARS[Math.max(0, Math.min(BARS.length - 1, Math.round((v / top) * (BARS.length - 1))))] ?? ' '));
  return ' '.repeat(width - bars.length) + bars.join('');
}
