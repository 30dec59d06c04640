/**
 * A progress line on stderr: redrawn in place on a terminal, so long work says what it is
 * doing without filling the screen; on other outputs (a pipe, a log) only lines passed with
 * `final`, so scripts read no progress noise.
 */
export interface StatusLine {
  show(text: string, final?: boolean): void;
  /** Keeps the line on screen. */
  done(): void;
  /** Erases the line (it said something only while it lasted). */
  clear(): void;
}

export function statusLine(err: Pick<NodeJS.WritableStream, 'write'>): StatusLine {
  const tty = Boolean((err as { isTTY?: boolean }).isTTY);
  let drawn = false;
  return {
    show: (text, final = false) => {
      if (tty) {
        err.write(`\r\x1b[K${text}`);
        drawn = true;
      } else if (final) {
        err.write(`${text}\n`);
      }
    },
    done: () => {
      if (drawn) err.write('\n');
      drawn = false;
    },
    clear: () => {
      if (drawn) err.write('\r\x1b[K');
      drawn = false;
    },
  };
}
