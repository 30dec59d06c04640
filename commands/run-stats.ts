import { writeFileSync } from 'node:fs';

/**
 * With PERFMON_STATS=FILE, `perfmon` writes figures for the benchmarks when it exits: render
 * times and what the fleet collected. Off (and free) otherwise.
 */
export function runStats(env: NodeJS.ProcessEnv = process.env) {
  const file = env['PERFMON_STATS'];
  const renders: number[] = [];
  return {
    onRender: file ? (ms: number) => void (renders.length < 1_000_000 && renders.push(ms)) : undefined,
    write(extra: Record<string, unknown>): void {
      if (!file) return;
      const sorted = [...renders].sort((a, b) => a - b);
      const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? null;
      const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
      const memory = { rss, heapUsed, heapTotal, external, arrayBuffers };
      writeFileSync(file, JSON.stringify({ renders: { count: sorted.length, p50Ms: at(0.5), p99Ms: at(0.99), maxMs: sorted.at(-1) ?? null }, memory, ...extra }, null, 2));
    },
  };
}
