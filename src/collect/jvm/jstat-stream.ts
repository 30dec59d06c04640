/**
 * Reads the output of `jstat -J-Djstat.showUnsupported=true -constants -strings -name REGEX
 * PID INTERVAL` line by line: first the constant counters as `name=value` lines and a blank
 * line, then a header naming the variable counters and one row of raw values per interval:
 *
 *   sun.gc.generation.0.maxCapacity=6320816152
 *   sun.gc.policy.name="GarbageFirst"
 *
 *   java.threads.live sun.gc.cause sun.gc.collector.0.invocations …
 *   6 "No GC" 0 …
 *
 * Values are read by the header's names, never by position: which counters exist differs
 * between JDK 8, 17 and 25 and between collectors (JDK 25 has no sun.os.hrt.ticks; ZGC has
 * no collector 0 on JDK 17). Anything else jstat prints (an exception, "PID not found") is
 * kept as error text. Pure: no I/O.
 */

export type CounterValue = number | string;

export type JstatLine =
  | { kind: 'constant'; name: string }
  | { kind: 'header'; names: string[] }
  /** A row: the constants seen so far merged with this row's values. */
  | { kind: 'sample'; counters: Map<string, CounterValue> }
  | { kind: 'other' };

const COUNTER_NAME = /^[A-Za-z_][\w]*(?:\.[\w]+)+$/;
const CONSTANT = /^([A-Za-z_][\w]*(?:\.[\w]+)+)=(.*)$/;

/** `"No GC"` → `No GC`; `123` → 123; anything else stays a string. */
export function counterValue(text: string): CounterValue {
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) return text.slice(1, -1);
  if (/^-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?$/.test(text)) return Number(text);
  return text;
}

/** Splits a row on spaces, keeping `"quoted strings"` (which may hold spaces) whole. */
export function splitJstatRow(line: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < line.length) {
    if (line[i] === ' ') {
      i++;
      continue;
    }
    let end: number;
    if (line[i] === '"') {
      // A string ends at a quote followed by a space or the end of the line.
      end = i + 1;
      while (end < line.length && !(line[end] === '"' && (end + 1 === line.length || line[end + 1] === ' '))) end++;
      end = Math.min(end + 1, line.length);
    } else {
      end = line.indexOf(' ', i);
      if (end < 0) end = line.length;
    }
    tokens.push(line.slice(i, end));
    i = end;
  }
  return tokens;
}

export class JstatStream {
  private readonly constants = new Map<string, CounterValue>();
  private header: string[] | null = null;
  private readonly errors: string[] = [];

  /** The names of the row counters, once the header has been read. */
  get columns(): readonly string[] | null {
    return this.header;
  }

  /** What jstat printed that was neither counters nor a header (its error messages), in order. */
  get errorText(): string {
    return this.errors.join('\n');
  }

  push(line: string): JstatLine {
    const text = line.replace(/\s+$/, '');
    if (this.header === null) {
      const constant = CONSTANT.exec(text);
      if (constant) {
        this.constants.set(constant[1]!, counterValue(constant[2]!));
        return { kind: 'constant', name: constant[1]! };
      }
      if (text === '') return { kind: 'other' };
      const names = text.split(/\s+/);
      if (names.every((name) => COUNTER_NAME.test(name))) {
        this.header = names;
        return { kind: 'header', names };
      }
      return this.other(text);
    }
    const values = splitJstatRow(text);
    if (values.length !== this.header.length) return this.other(text);
    const counters = new Map(this.constants);
    this.header.forEach((name, i) => counters.set(name, counterValue(values[i]!)));
    return { kind: 'sample', counters };
  }

  private other(text: string): JstatLine {
    // Keep the head of a long stack trace: the first lines say what went wrong.
    if (text !== '' && this.errors.length < 20) this.errors.push(text);
    return { kind: 'other' };
  }
}
