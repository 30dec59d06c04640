import { fileURLToPath } from 'node:url';

/** The real entry point, as installed (dist/ is built by test/global-setup.ts before tests run). */
export const PERFMON_BIN = fileURLToPath(new URL('../bin/perfmon.js', import.meta.url));
