import { defineConfig } from 'vitest/config';

export default defineConfig({
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
