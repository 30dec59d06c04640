/**
 * `jcmd PID Compiler.codecache` → the code cache's size and use. No performance counter holds
 * it, so the monitor asks jcmd now and then. Formats:
 *
 *   JDK 9-24, segmented:  CodeHeap 'non-profiled nmethods': size=120036Kb used=44Kb max_used=44Kb free=119992Kb
 *                         (one line per code heap: the cache is their sum)
 *   JDK 25 adds a total:  CodeCache: size=245764Kb, used=1433Kb, max_used=1433Kb, free=244329Kb
 *   JDK 8:                CodeCache: size=245760Kb used=2345Kb max_used=2345Kb free=243415Kb
 *
 * Each code heap is followed by ` bounds [low, committed end, reserved end]`: committed is
 * the sum of (committed end − low). Pure. Returns null when the text holds no code cache line
 * (an error message instead).
 */
import type { PoolFigures } from '../../model/jvm-reading.js';

const TOTAL = /^CodeCache:\s+size=(\d+)Kb,?\s+used=(\d+)Kb/m;
const HEAP = /^CodeHeap '[^']*':\s+size=(\d+)Kb,?\s+used=(\d+)Kb/gm;
const BOUNDS = /^\s*bounds \[0x([0-9a-f]+), 0x([0-9a-f]+), 0x([0-9a-f]+)\]/gm;

/** Bytes committed by all code heaps, from their bounds lines; null when there are none. */
function committedBytes(text: string): number | null {
  let committed = 0;
  let found = false;
  for (const m of text.matchAll(BOUNDS)) {
    committed += Number.parseInt(m[2]!, 16) - Number.parseInt(m[1]!, 16);
    found = true;
  }
  return found ? committed : null;
}

export function parseCodeCache(text: string): PoolFigures | null {
  const total = TOTAL.exec(text);
  if (total) {
    const size = Number(total[1]) * 1024;
    return { used: Number(total[2]) * 1024, committed: committedBytes(text) ?? size, max: size };
  }
  let size = 0;
  let used = 0;
  let heaps = 0;
  for (const m of text.matchAll(HEAP)) {
    size += Number(m[1]) * 1024;
    used += Number(m[2]) * 1024;
    heaps++;
  }
  return heaps === 0 ? null : { used, committed: committedBytes(text) ?? size, max: size };
}
