/**
 * `jfr print --json` writes one document, `{"recording": {"events": [ … ]}}`, that for a
 * 30-second profile with deep stacks runs to hundreds of megabytes (every frame repeats its
 * class loader and module). Parsing it whole would hold all of it in memory; this splitter
 * reads it chunk by chunk and hands back each element of the events array as soon as it is
 * complete (then JSON.parse'd on its own), so memory stays at one event. It tracks nesting
 * outside strings only, so it does not depend on how the tool indents. Pure.
 */
import { InputParseError } from '../parse-error.js';

/** The depth of an element of recording.events: inside `{`, `{`, `[`. */
const EVENT_DEPTH = 3;

export class JfrJsonSplitter {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private current: string[] = [];
  private start = -1;
  private line = 1;
  private sawEvents = false;

  /** The events completed by `chunk`, in order. */
  push(chunk: string): unknown[] {
    const done: unknown[] = [];
    this.start = this.depth >= EVENT_DEPTH + 1 ? 0 : -1;
    for (let i = 0; i < chunk.length; i++) {
      const ch = chunk.charCodeAt(i);
      if (ch === 10) this.line++;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (ch === 92 /* \ */) this.escaped = true;
        else if (ch === 34 /* " */) this.inString = false;
        continue;
      }
      if (ch === 34) this.inString = true;
      else if (ch === 123 /* { */ || ch === 91 /* [ */) {
        this.depth++;
        if (this.depth === EVENT_DEPTH) this.sawEvents = true;
        if (this.depth === EVENT_DEPTH + 1) this.start = i;
      } else if (ch === 125 /* } */ || ch === 93 /* ] */) {
        if (this.depth === EVENT_DEPTH + 1 && this.start >= 0) {
          this.current.push(chunk.slice(this.start, i + 1));
          done.push(this.parse(this.current.join('')));
          this.current = [];
          this.start = -1;
        }
        this.depth--;
        if (this.depth < 0) throw new InputParseError(this.line, 'unbalanced JSON from jfr print', '');
      }
    }
    if (this.start >= 0) this.current.push(chunk.slice(this.start));
    return done;
  }

  /** At the end of the output: throws when it stopped part-way (the tool crashed or was cut off). */
  end(): void {
    if (this.depth !== 0 || this.inString) throw new InputParseError(this.line, 'jfr print output ended part-way through an event', '');
    if (!this.sawEvents) throw new InputParseError(this.line, 'jfr print printed no recording.events array', '');
  }

  private parse(text: string): unknown {
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new InputParseError(this.line, `an event from jfr print is not JSON (${(error as Error).message})`, text.slice(0, 120));
    }
  }
}
