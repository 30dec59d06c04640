/**
 * Cuts the collector's stdout into records. Chunks may split anywhere (even inside a UTF-8
 * character); a record is `B <seq>` … `E <seq> <bytes>` where <bytes> is the byte length of the
 * lines between, so a record cut short, spliced or padded is caught. Output outside records (a
 * login script echoing something) is reported as noise. Memory is bounded: a record or a line
 * longer than maxRecordBytes is dropped with an error, never buffered whole.
 */
import { CollectorOutputError, excerptOf } from './collector-errors.js';

export type FramerEvent =
  | { kind: 'record'; seq: number; text: string }
  | { kind: 'noise'; line: number; text: string }
  | { kind: 'error'; error: CollectorOutputError };

export interface RecordFramerOptions {
  /** Largest record (and line) accepted, in bytes; default 1 MiB. */
  maxRecordBytes?: number;
}

const BEGIN = /^B (\d{1,15})$/;
const END = /^E (\d{1,15}) (\d{1,15})$/;
const NEWLINE = 0x0a;

interface OpenRecord {
  seq: number;
  lines: string[];
  bodyBytes: number;
  firstLine: number;
}

export class RecordFramer {
  private readonly max: number;
  private partial: Buffer[] = [];
  private partialBytes = 0;
  /** Inside a line already reported as too long: drop bytes up to the next newline. */
  private droppingLine = false;
  private open: OpenRecord | null = null;
  /** Seq of a record dropped as too long, whose remaining lines are skipped quietly. */
  private skipping: number | null = null;
  private lineNo = 0;

  constructor(options: RecordFramerOptions = {}) {
    this.max = options.maxRecordBytes ?? 1024 * 1024;
  }

  /** Feeds a chunk of stdout; returns what it completed, in order. */
  push(chunk: Buffer | string): FramerEvent[] {
    const data = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    const events: FramerEvent[] = [];
    let start = 0;
    for (;;) {
      const nl = data.indexOf(NEWLINE, start);
      if (nl === -1) {
        this.keepPartial(data.subarray(start), events);
        return events;
      }
      const piece = data.subarray(start, nl);
      start = nl + 1;
      if (this.droppingLine) {
        this.droppingLine = false;
        this.lineNo++;
        continue;
      }
      const line = this.partialBytes > 0 ? Buffer.concat([...this.partial, piece]) : piece;
      this.partial = [];
      this.partialBytes = 0;
      this.onLine(line, events);
    }
  }

  /** The stream ended: whatever is unfinished is reported. */
  end(): FramerEvent[] {
    const events: FramerEvent[] = [];
    if (this.partialBytes > 0) {
      const line = Buffer.concat(this.partial);
      this.partial = [];
      this.partialBytes = 0;
      if (this.open === null && this.skipping === null) {
        events.push({ kind: 'noise', line: this.lineNo + 1, text: line.toString('utf8') });
      }
    }
    if (this.open !== null) {
      events.push(this.error(`stream ended inside record ${this.open.seq}`, this.open.seq, this.lineNo));
      this.open = null;
    }
    return events;
  }

  private keepPartial(rest: Buffer, events: FramerEvent[]): void {
    if (rest.length === 0 || this.droppingLine) return;
    this.partial.push(rest);
    this.partialBytes += rest.length;
    if (this.partialBytes <= this.max) return;
    const head = Buffer.concat(this.partial).subarray(0, 120).toString('utf8');
    this.partial = [];
    this.partialBytes = 0;
    this.droppingLine = true;
    const seq = this.open?.seq;
    this.open = null;
    events.push(this.error(`line longer than ${this.max} bytes`, seq, this.lineNo + 1, head));
  }

  private onLine(raw: Buffer, events: FramerEvent[]): void {
    this.lineNo++;
    const text = raw.toString('utf8');
    const open = this.open;
    if (open !== null) {
      const end = END.exec(text);
      if (end) {
        this.open = null;
        const seq = Number(end[1]);
        const bytes = Number(end[2]);
        if (seq !== open.seq) {
          events.push(this.error(`record ${open.seq} ends with the end line of record ${seq}`, open.seq, this.lineNo, text));
        } else if (bytes !== open.bodyBytes) {
          events.push(this.error(`record announces ${bytes} bytes but carries ${open.bodyBytes}`, seq, this.lineNo, text));
        } else {
          open.lines.push(text);
          events.push({ kind: 'record', seq, text: open.lines.join('\n') + '\n' });
        }
        return;
      }
      if (BEGIN.test(text)) {
        events.push(this.error(`record ${open.seq} was cut short (no end line)`, open.seq, this.lineNo, text));
        this.begin(text);
        return;
      }
      open.bodyBytes += raw.length + 1;
      if (open.bodyBytes > this.max) {
        this.open = null;
        this.skipping = open.seq;
        events.push(this.error(`record longer than ${this.max} bytes`, open.seq, open.firstLine));
        return;
      }
      open.lines.push(text);
      return;
    }
    if (BEGIN.test(text)) {
      this.skipping = null;
      this.begin(text);
      return;
    }
    if (this.skipping !== null) {
      if (END.exec(text)?.[1] === String(this.skipping)) this.skipping = null;
      return;
    }
    events.push({ kind: 'noise', line: this.lineNo, text });
  }

  private begin(text: string): void {
    this.open = { seq: Number(BEGIN.exec(text)?.[1]), lines: [text], bodyBytes: 0, firstLine: this.lineNo };
  }

  private error(reason: string, seq: number | undefined, line: number, text?: string): FramerEvent {
    return {
      kind: 'error',
      error: new CollectorOutputError(reason, {
        seq,
        line,
        excerpt: text === undefined ? undefined : excerptOf(text),
      }),
    };
  }
}
