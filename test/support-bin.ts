import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The real entry point, as installed (dist/ is built by test/global-setup.ts before tests run). */
export const PERFMON_BIN = fileURLToPath(new URL('../bin/perfmon.js', import.meta.url));

/** Runs `perfmon ARGS` to its end with `env`; never rejects (a failure is its exit code). */
export function runPerfmon(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [PERFMON_BIN, ...args], { env, encoding: 'utf8' }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}
