/**
 * What every dump and JVM test over SSH starts with: a one-host lab, the fixture programs
 * compiled where the lab user can read them, a connection to lab-0 as that user, the other
 * user for the permission cases (when asked for), and a scratch folder; and the one clean-up that stops it all
 * (every JVM started by the tests included), whatever failed.
 */
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { CaptureError } from '../../../src/diagnostics/capture/capture-error.js';
import { connect, type SshConnection } from '../../../src/ssh/connection.js';
import { SshConfigSource } from '../../../src/ssh/ssh-config.js';
import { startLab, type Lab } from '../../lab/lab.js';
import { assertRoot, compileForLab, ensureUser, stopAllJava } from './java-processes.js';

export interface DumpLab {
  lab: Lab;
  connection: SshConnection;
  classes: { dir: string; remove: () => Promise<void> };
  /** A scratch folder every user can enter. */
  work: string;
  /** Another connection to lab-0. */
  open(): Promise<SshConnection>;
}

/**
 * `otherUser` owns the JVMs the lab user does not own. Test files run in parallel and grant the
 * one lab user sudo rights to their other user, so each file names its own: a rule one file
 * adds must not make another file's "sudo without a rule is refused" succeed.
 */
export async function startDumpLab(classNames: readonly string[], options: { otherUser?: string } = {}): Promise<DumpLab> {
  assertRoot('the dump and JVM tests');
  const [lab, classes, work] = await Promise.all([
    startLab({ hosts: 1 }),
    compileForLab(classNames),
    mkdtemp(join(tmpdir(), 'perfmon-dumps-')),
    options.otherUser === undefined ? undefined : ensureUser(options.otherUser),
  ]);
  await chmod(work, 0o755);
  const source = new SshConfigSource({ home: lab.home });
  const open = () => connect(source.resolve('lab-0'), { env: lab.env });
  return { lab, classes, work, open, connection: await open() };
}

export async function stopDumpLab(env: DumpLab | undefined): Promise<void> {
  stopAllJava();
  if (env === undefined) return;
  env.connection.close();
  await env.lab.stop();
  await env.classes.remove();
  await rm(env.work, { recursive: true, force: true });
}

/** A local folder for fetched files, and a remote dump directory any user may write (the hosts share this machine). */
export async function captureDirs(env: DumpLab, name: string): Promise<{ out: string; dumpDir: string }> {
  const out = join(env.work, `${name}-out`);
  const dumpDir = join(env.work, `${name}-remote`);
  await mkdir(out);
  await mkdir(dumpDir);
  await chmod(dumpDir, 0o1777);
  return { out, dumpDir };
}

/** The CaptureError a capture rejects with (fails the test if it succeeds). */
export async function captureFailure(promise: Promise<unknown>): Promise<CaptureError> {
  const error = await promise.then(
    () => new Error('the capture succeeded'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CaptureError);
  return error as CaptureError;
}
