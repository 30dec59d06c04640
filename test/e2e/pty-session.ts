import xterm from '@xterm/headless';
import pty from 'node-pty';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/perfmon.js', import.meta.url));
const BEGIN_SYNC = '\u001B[?2026h';
const END_SYNC = '\u001B[?2026l';

/**
 * This process's environment without the variables that tell Ink it runs in CI (where it draws
 * differently: no synchronized updates, only the last frame): perfmon is run as an operator
 * runs it, whatever machine the tests are on.
 */
function operatorEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'CI' && name !== 'CONTINUOUS_INTEGRATION' && !name.startsWith('CI_')));
}

/**
 * The real `bin/perfmon.js` in a pseudo-terminal, its output fed to a headless xterm so tests
 * read the screen a person would see. Waits are on screen content, never on time.
 */
export class PtySession {
  readonly term: xterm.Terminal;
  /** Everything perfmon wrote, escape sequences included. */
  raw = '';
  readonly exited: Promise<{ exitCode: number; signal?: number }>;
  private readonly process: pty.IPty;
  private readonly waiters = new Set<() => void>();

  constructor(args: string[], options: { cols: number; rows: number; env?: Record<string, string> }) {
    this.term = new xterm.Terminal({ cols: options.cols, rows: options.rows, allowProposedApi: true });
    this.process = pty.spawn(process.execPath, [BIN, ...args], {
      cols: options.cols,
      rows: options.rows,
      name: 'xterm-256color',
      env: { ...operatorEnv(), TERM: 'xterm-256color', ...options.env } as Record<string, string>,
    });
    this.process.onData((data) => {
      this.raw += data;
      // Ink wraps each frame in a synchronized update (DEC mode 2026), which a terminal shows
      // whole; a frame split over several reads must not be judged half drawn.
      const midFrame = this.raw.lastIndexOf(BEGIN_SYNC) > this.raw.lastIndexOf(END_SYNC);
      this.term.write(data, () => {
        if (!midFrame) this.wake();
      });
    });
    this.exited = new Promise((resolve) => this.process.onExit(resolve));
  }

  /** The visible screen, one string per row, trailing spaces trimmed. */
  screen(): string[] {
    const buffer = this.term.buffer.active;
    return Array.from({ length: this.term.rows }, (_, i) => buffer.getLine(buffer.viewportY + i)?.translateToString(true) ?? '');
  }

  text(): string {
    return this.screen().join('\n');
  }

  /** Resolves once the screen satisfies `test`; rejects with the screen after `timeoutMs`. */
  async waitFor(test: RegExp | ((screen: string) => boolean), timeoutMs = 15_000): Promise<string> {
    const ok = () => (typeof test === 'function' ? test(this.text()) : test.test(this.text()));
    if (ok()) return this.text();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`screen never matched ${String(test)}; it shows:\n${this.text()}`));
      }, timeoutMs);
      const check = () => {
        if (!ok()) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(this.text());
      };
      this.waiters.add(check);
    });
  }

  write(keys: string): void {
    this.process.write(keys);
  }

  resize(cols: number, rows: number): void {
    this.term.resize(cols, rows);
    this.process.resize(cols, rows);
  }

  kill(): void {
    try {
      this.process.kill();
    } catch {
      // already gone
    }
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}
