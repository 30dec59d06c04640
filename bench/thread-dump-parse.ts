/**
 * How long parsing and analysing a 10 000-thread dump takes (target: parse well under a
 * second). The dump is built from a real capture (fixtures/thread-dumps/saturated-pool-jdk25.txt):
 * its Java threads repeated under new names and ids, in pools, until there are 10 000.
 *
 * Run from the repository root:
 *   npx tsc --module nodenext --target es2023 --skipLibCheck --outDir /tmp/perfmon-bench bench/thread-dump-parse.ts \
 *     && node /tmp/perfmon-bench/bench/thread-dump-parse.js [THREADS]
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { analyzeThreadDumps } from '../src/diagnostics/analyze-thread-dump.js';
import { parseThreadDumps } from '../src/diagnostics/parse-thread-dump.js';

const wanted = Number(process.argv[2] ?? 10_000);
const capture = readFileSync(resolve('fixtures/thread-dumps/saturated-pool-jdk25.txt'), 'utf8');

/** Splits the capture into its head, its Java thread entries, and its tail (VM threads, JNI line). */
function pieces(text: string): { head: string; javaThreads: string[]; tail: string } {
  const entries = text.split(/\n(?=")/);
  const head = entries.shift() ?? '';
  const javaThreads = entries.filter((e) => /^"[^\n]*" #\d+/.test(e));
  const tail = entries.filter((e) => !/^"[^\n]*" #\d+/.test(e)).join('\n');
  return { head, javaThreads, tail };
}

function bigDump(threads: number): string {
  const { head, javaThreads, tail } = pieces(capture);
  const out = [head];
  for (let i = 0; out.length <= threads; i++) {
    const entry = javaThreads[i % javaThreads.length]!;
    const copy = Math.floor(i / javaThreads.length);
    out.push(
      entry
        // pool-1-thread-3 → pool-1-thread-5003 (pools grow), main → main-5: unique names, realistic pools.
        .replace(/^"(.*?)(\d*)" #\d+ \[\d+\]/, (_, base: string, n: string) => {
          const name = n ? `${base}${copy * 1000 + Number(n)}` : `${base}-${copy}`;
          return `"${name}" #${1000 + i} [${100_000 + i}]`;
        })
        .replace(/nid=\d+/, `nid=${100_000 + i}`),
    );
  }
  out.push(tail);
  return out.join('\n');
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function time<T>(runs: number, work: () => T): { ms: number; result: T } {
  let result = work(); // warm-up: JIT and caches
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    result = work();
    samples.push(performance.now() - start);
  }
  return { ms: median(samples), result };
}

const text = bigDump(wanted);
const parsed = time(7, () => parseThreadDumps(text));
const dump = parsed.result[0]!;
const analysed = time(7, () => analyzeThreadDumps([{ source: 'bench', dump }]));

const mb = (Buffer.byteLength(text) / 1024 / 1024).toFixed(1);
console.log(`thread dump: ${dump.threads.length} threads, ${text.split('\n').length} lines, ${mb} MiB`);
console.log(`parse:   ${parsed.ms.toFixed(1)} ms (median of 7)`);
console.log(`analyse: ${analysed.ms.toFixed(1)} ms (median of 7; ${analysed.result.pools.length} pools, ${analysed.result.groups.length} groups shown)`);
