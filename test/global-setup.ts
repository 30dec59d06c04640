import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Builds dist/ once before any test runs, so tests that run the real `bin/perfmon.js` (e2e,
 * CLI, lab) always exercise the code under test. esbuild takes about a second.
 */
export default function buildOnce(): void {
  execFileSync(process.execPath, ['build.mjs'], { cwd: fileURLToPath(new URL('..', import.meta.url)), stdio: 'inherit' });
}
