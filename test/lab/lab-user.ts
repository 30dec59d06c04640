import { execFile } from 'node:child_process';
import { mkdirSync, existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const LAB_USER = 'perfmonlab';

export const runningAsRoot = process.getuid?.() === 0;

/**
 * The account the lab's hosts log in: as root, an unprivileged system user created once
 * (sshd refuses nothing for it; the tests never run remote commands as root); otherwise
 * the current user, since an unprivileged sshd can only log in its own user.
 */
export async function ensureLabUser(): Promise<string> {
  if (!runningAsRoot) return userInfo().username;
  if (await userExists()) return LAB_USER;
  // Several test files may race here: "exists" (9) is success, a busy passwd lock (10) is retried.
  for (let attempt = 0; ; attempt++) {
    try {
      await run('useradd', [
        '--system', '--create-home', '--home-dir', `/var/lib/${LAB_USER}`,
        '--shell', '/bin/sh',
        // '*' rather than useradd's locked '!': with UsePAM no, sshd refuses locked accounts.
        '--password', '*',
        LAB_USER,
      ]);
      return LAB_USER;
    } catch (err) {
      const code = (err as { code?: number }).code;
      if (code === 9 || (await userExists())) return LAB_USER;
      if (code !== 10 || attempt >= 20) throw new Error(`lab: useradd ${LAB_USER} failed: ${(err as Error).message}`);
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
    }
  }
}

async function userExists(): Promise<boolean> {
  try {
    await run('id', ['-u', LAB_USER]);
    return true;
  } catch {
    return false;
  }
}

/** sshd's privilege separation directory; a fresh container lacks it. */
export function ensurePrivsepDir(): void {
  if (runningAsRoot && !existsSync('/run/sshd')) mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
}
