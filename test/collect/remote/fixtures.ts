/** The collector output captured on a real machine (fixtures/collector/capture.sh). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mulberry32 } from '../../lab/seeded-random.js';

export const CAPTURES = ['dash-mawk', 'bash-gawk', 'busybox'] as const;

export function capture(name: (typeof CAPTURES)[number]): string {
  return readFileSync(join(import.meta.dirname, '../../../fixtures/collector', `${name}.txt`), 'utf8');
}

/** The records of a capture, each `B …` through `E …\n`. */
export function recordsOf(text: string): string[] {
  return text.split(/(?=^B \d+$)/m);
}

/** A record with one body line replaced, its byte count fixed so it is still well framed. */
export function withLine(record: string, index: number, line: string): string {
  const lines = record.slice(0, -1).split('\n');
  lines[index] = line;
  return reframe(lines);
}

/** Frames body lines (between the B and E lines of `lines`) with a correct byte count. */
export function reframe(lines: readonly string[]): string {
  const body = lines.slice(1, -1);
  const seq = /^B (\d+)/.exec(lines[0] ?? '')?.[1] ?? '0';
  const bytes = body.reduce((sum, l) => sum + Buffer.byteLength(l) + 1, 0);
  return [`B ${seq}`, ...body, `E ${seq} ${bytes}`].join('\n') + '\n';
}

/** A small deterministic PRNG (mulberry32), so fuzz failures replay. */
export const prng = mulberry32;
