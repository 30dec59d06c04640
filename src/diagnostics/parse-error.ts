/**
 * Raised by the dump and histogram parsers when the input is not what they read. It names
 * the place: the 1-based line and that line's text, so a caller can print `file:line: …`.
 */
export class InputParseError extends Error {
  constructor(
    /** 1-based line where parsing failed. */
    readonly line: number,
    /** Why, in a few words: "malformed thread header". */
    readonly reason: string,
    /** The offending line (shortened when long); '' at end of input. */
    readonly text: string,
  ) {
    super(`line ${line}: ${reason}${text ? `: ${shorten(text)}` : ''}`);
    this.name = 'InputParseError';
  }

  /** `file:line: reason: text`, the form the command line prints. */
  at(file: string): string {
    return `${file}:${this.line}: ${this.reason}${this.text ? `: ${shorten(this.text)}` : ''}`;
  }
}

function shorten(text: string): string {
  const line = JSON.stringify(text);
  return line.length > 160 ? `${line.slice(0, 157)}…"` : line;
}

/** Splits text into lines the way every parser here counts them (LF or CRLF). */
export function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  // A final newline does not start one more line.
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}
