/**
 * Follows the audit log as other perfmon processes append to it (actions from the UI or the
 * CLI): every complete line, once, from the start of the file. A file that shrank was rotated
 * or truncated and is read again from its start; one that does not exist yet is waited for.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';

export class AuditTail {
  private offset = 0;
  private rest: Buffer = Buffer.alloc(0);
  private lineNumber = 0;
  private readonly timer: NodeJS.Timeout;

  private problem: string | null = null;

  constructor(
    readonly file: string,
    private readonly onLine: (line: string, lineNumber: number) => void,
    everyMs: number,
    /** Told once when the file cannot be read (permissions, a directory), and tried again on the next tick. */
    private readonly onProblem: (message: string) => void,
  ) {
    this.timer = setInterval(() => this.read(), everyMs);
    this.timer.unref();
    this.read();
  }

  /** Reads what was appended since the last call; never throws. */
  read(): void {
    try {
      this.readNew();
      this.problem = null;
    } catch (error) {
      const message = `cannot read the audit log ${this.file}: ${error instanceof Error ? error.message : String(error)}`;
      if (message !== this.problem) this.onProblem(message);
      this.problem = message;
    }
  }

  private readNew(): void {
    let size: number;
    try {
      size = statSync(this.file).size;
    } catch {
      return; // not there (yet): nothing was done from here
    }
    if (size < this.offset) {
      this.offset = 0;
      this.rest = Buffer.alloc(0);
      this.lineNumber = 0;
    }
    if (size === this.offset) return;
    const fd = openSync(this.file, 'r');
    try {
      const buffer = Buffer.alloc(size - this.offset);
      const read = readSync(fd, buffer, 0, buffer.length, this.offset);
      this.offset += read;
      // Split on bytes, so a character cut by a write still under way is decoded whole next time.
      const data = Buffer.concat([this.rest, buffer.subarray(0, read)]);
      const end = data.lastIndexOf(0x0a) + 1;
      this.rest = data.subarray(end);
      for (const line of data.subarray(0, end).toString('utf8').split('\n').slice(0, -1)) {
        this.lineNumber++;
        if (line.trim() !== '') this.onLine(line, this.lineNumber);
      }
    } finally {
      closeSync(fd);
    }
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
