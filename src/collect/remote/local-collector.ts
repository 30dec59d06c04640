/**
 * The same collector script run by a local `sh`: perfmon's local mode on Linux can read this
 * machine exactly as it reads a remote host, and tests run the real script this way.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { CollectorFacts } from './parse-collector-record.js';
import { CollectorSession, type CollectorSessionOptions } from './collector-session.js';

export interface LocalCollectorOptions extends CollectorSessionOptions {
  /** The shell reading the script on stdin, with its arguments; default ['sh', '-s']. */
  command?: readonly string[];
  env?: NodeJS.ProcessEnv;
  /** How long close() lets the collector exit by itself before it kills it; default 2000 ms. */
  closeGraceMs?: number;
}

export interface LocalCollector {
  session: CollectorSession;
  facts: CollectorFacts;
  child: ChildProcess;
  /** Ends the collector; kills its process group if it does not exit within the grace time. */
  close(): Promise<void>;
}

export async function spawnLocalCollector(options: LocalCollectorOptions = {}): Promise<LocalCollector> {
  const [command = 'sh', ...args] = options.command ?? ['sh', '-s'];
  // Its own process group, so close() can also end a df stuck on a dead mount.
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], env: options.env ?? process.env, detached: true });
  const session = new CollectorSession({ stdin: child.stdin, stdout: child.stdout, stderr: child.stderr, exit: child }, options);
  const spawned = new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', reject);
  });
  const close = async (): Promise<void> => {
    const timer = setTimeout(() => killGroup(child), options.closeGraceMs ?? 2000);
    timer.unref();
    try {
      await session.close();
    } finally {
      clearTimeout(timer);
    }
  };
  try {
    await spawned;
    const facts = await session.start();
    return { session, facts, child, close };
  } catch (error) {
    killGroup(child);
    await session.close().catch(() => undefined);
    throw error;
  }
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    // already gone
  }
}
