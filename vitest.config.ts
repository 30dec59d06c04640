import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The Ink internals views/ink-patches/ extend; the build resolves them the same way (build.mjs).
const inkInternal = (name: string) => fileURLToPath(new URL(`node_modules/ink/build/${name}.js`, import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      'ink/build/output.js': inkInternal('output'),
      'ink/build/sanitize-ansi.js': inkInternal('sanitize-ansi'),
    },
  },
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    setupFiles: ['test/setup.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Lab-backed tests start real daemons; give them room, but never rely on time for correctness.
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Lab tests spend most of their time waiting on daemons and health windows: run several
    // files at once even on two cores.
    maxWorkers: 4,
  },
});
