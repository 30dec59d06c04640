/**
 * Fitting text into terminal cells. Widths are in columns: the project only prints ASCII and a
 * handful of single-width symbols, so string length is the width (asserted by the view tests).
 */

/** Cut to `width` columns, marking the cut with "…" so nothing looks complete when it isn't. */
export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  if (text.length <= width) return text;
  if (width === 1) return '…';
  return `${text.slice(0, width - 1)}…`;
}

/** Left-aligned in exactly `width` columns. */
export function padEnd(text: string, width: number): string {
  const cut = truncate(text, width);
  return cut + ' '.repeat(width - cut.length);
}

/** Right-aligned in exactly `width` columns. */
export function padStart(text: string, width: number): string {
  const cut = truncate(text, width);
  return ' '.repeat(width - cut.length) + cut;
}

/**
 * Joins words with `separator` while they fit in `width`; never cuts a word in the middle.
 * Returns the words that fit, so callers can say how many were left out.
 */
export function fitWords(words: readonly string[], width: number, separator = '  '): string[] {
  const kept: string[] = [];
  let used = 0;
  for (const word of words) {
    const extra = (kept.length > 0 ? separator.length : 0) + word.length;
    if (used + extra > width) break;
    kept.push(word);
    used += extra;
  }
  return kept;
}

/**
 * Word-wraps `text` to `width` columns. A word longer than a line (a path, a stack frame, a run
 * id) stays whole on a line of its own: split, it could not be copied; the terminal clips it.
 */
export function wrapWords(text: string, width: number): string[] {
  if (width <= 0) return [];
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (!line) line = word;
    else if (line.length + 1 + word.length <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

const NATURAL = new Intl.Collator('en', { numeric: true });

/**
 * The one order for names on screen: digits by value, so lab-2 comes before lab-10
 * (a plain string sort gives lab-0, lab-1, lab-10, lab-11, lab-2).
 */
export function naturalCompare(a: string, b: string): number {
  return NATURAL.compare(a, b);
}

/** A plain-text table: each column as wide as its widest cell, two spaces apart, the last column unpadded. */
export function columnTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  return [header, ...rows].map((row) => `${row.map((cell, i) => (i === row.length - 1 ? cell : padEnd(cell, widths[i]!))).join('  ')}\n`).join('');
}
