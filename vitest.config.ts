import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The Ink internals views/ink-patches/ extend; the build resolves them the same way (build.mjs).
const inkInternal = (name: string) => fileURLToPath(new URL(`node_modules/ink/build/${name}.js`, import.meta.url));

// Tests that plant load on this machine (CPU burners, disk writers, a GC-thrashing JVM) or judge
// its timing (a load test's knee): they disturb, and are disturbed by, whatever runs beside them,
// so `npm test` runs them after the rest, one file at a time (PERFMON_TESTS=planted-load).
const PLANTED_LOAD = [
  'test/integration/bottlenecks-lab.test.ts',
  'test/integration/anomaly-record-lab.test.ts',
  'test/integration/correlate-lab.test.ts',
  'test/integration/capacity-lab.test.ts',
  'test/load/load-analysis.test.ts',
];
const plantedLoad = process.env['PERFMON_TESTS'] === 'planted-load';

export default defineConfig({
  resolve: {
    alias: {
      'ink/build/output.js': inkInternal('output'),
      'ink/build/sanitize-ansi.js': inkInternal('sanitize-ansi'),
    },
  },
  test: {
    include: plantedLoad ? PLANTED_LOAD : ['test/**/*.test.{ts,tsx}'],
    exclude: plantedLoad ? [] : [...PLANTED_LOAD, '**/node_modules/**'],
    setupFiles: ['test/setup.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Lab-backed tests start real daemons; give them room, but never rely on time for correctness.
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Lab tests spend most of their time waiting on daemons and health windows: run several
    // files at once even on two cores.
    maxWorkers: plantedLoad ? 1 : 4,
  },
});
