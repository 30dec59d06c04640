/**
 * The CLI's hands on a running procedure: Ctrl-C (or SIGTERM) asks to abort, letting hosts
 * under way come back; a second Ctrl-C stops before the next step; a third exits at once (the
 * journal says where things are). On a terminal, `p` pauses and resumes, `a` aborts.
 */
import type { RunControl } from '../run-control.js';
import type { CliIO } from './cli-support.js';

/** Runs `work` with the operator's keys and signals steering `control`. */
export async function steered<T>(control: RunControl, io: CliIO, say: (line: string) => void, work: () => Promise<T>): Promise<T> {
  const stop = steer(control, io, say);
  try {
    return await work();
  } finally {
    stop();
  }
}

function steer(control: RunControl, io: CliIO, say: (line: string) => void): () => void {
  let interrupts = 0;
  const interrupt = (): void => {
    interrupts++;
    if (interrupts === 1) {
      control.abort('finish-hosts', 'interrupted by the operator');
      say('(Ctrl-C again to stop before the next step, a third time to exit at once)');
    } else if (interrupts === 2) {
      control.abort('now', 'interrupted twice by the operator');
    } else {
      say('exiting now; the journal records where each host is');
      process.exit(130);
    }
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);

  const raw = io.interactive && typeof io.input.setRawMode === 'function';
  const onKey = (data: Buffer | string): void => {
    const key = data.toString();
    if (key === '\u0003') interrupt();
    else if (key === 'p') {
      if (control.paused) control.resume();
      else control.pause();
    } else if (key === 'a') control.abort('finish-hosts', 'aborted by the operator');
  };
  if (raw) {
    io.input.setRawMode!(true);
    io.input.on('data', onKey);
    io.input.resume();
    say('keys: p pause/resume · a abort (hosts under way finish) · Ctrl-C twice stops before the next step');
  }
  return () => {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
    if (raw) {
      io.input.off('data', onKey);
      io.input.setRawMode!(false);
      io.input.pause();
    }
  };
}
