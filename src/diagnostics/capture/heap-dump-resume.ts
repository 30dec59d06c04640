/**
 * Completes heap dump fetches that broke off: each `HOST-PID-TIME.hprof.gz.partial` of the
 * host in the output folder names its remote file (the same name in the host's dump
 * directory, which an interrupted fetch keeps). If the remote file is still there, the fetch
 * resumes from the partial's length and is verified as a whole; if it is gone, the partial can
 * never be completed and is deleted — nothing half-written stays behind looking resumable.
 */
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { JvmToolSettings } from '../../collect/jvm/jvm-tools.js';
import type { SshConnection } from '../../ssh/connection.js';
import { shellQuote } from '../../ssh/shell-quote.js';
import { CaptureError } from './capture-error.js';
import { safeHostName } from './dump-files.js';
import { fetchAndClean, type HeapDump, type HeapDumpProgress } from './heap-dump-capture.js';
import type { JvmTarget } from './jvm-target.js';

export interface ResumeOptions extends JvmToolSettings {
  host: string;
  outDir: string;
  dumpDir?: string | undefined;
  keepRemote?: boolean | undefined;
  signal?: AbortSignal | undefined;
}

export interface ResumeOutcome {
  completed: HeapDump[];
  /** Partials deleted because their remote file is gone. */
  discarded: Array<{ partial: string; reason: string }>;
}

const PARTIAL = /^(.+)-(\d+)-(\d{8}T\d{6}Z(?:-\d+)?)\.(hprof(?:\.gz)?)\.partial$/;

/** The partial heap dumps of `host` in `outDir`, oldest first. */
export async function findPartialHeapDumps(outDir: string, host: string): Promise<Array<{ partial: string; name: string; pid: number }>> {
  const safe = safeHostName(host);
  const names = await readdir(outDir).catch(() => [] as string[]);
  return names
    .map((name) => ({ name, m: PARTIAL.exec(name) }))
    .filter(({ m }) => m !== null && m[1] === safe)
    .sort((a, b) => a.m![3]!.localeCompare(b.m![3]!))
    .map(({ name, m }) => ({ partial: join(outDir, name), name: name.slice(0, -'.partial'.length), pid: Number(m![2]) }));
}

export async function resumeHeapDumps(
  connection: SshConnection,
  options: ResumeOptions,
  onProgress: (event: HeapDumpProgress) => void = () => undefined,
): Promise<ResumeOutcome> {
  const { host } = options;
  const dumpDir = (options.dumpDir ?? '/tmp').replace(/(.)\/+$/, '$1');
  const partials = await findPartialHeapDumps(options.outDir, host);
  const outcome: ResumeOutcome = { completed: [], discarded: [] };
  if (partials.length === 0) return outcome;
  const who = await connection.execText('id -u; id -un', { timeoutMs: 20_000 });
  const [uid, user] = who.stdout.split('\n').map((l) => l.trim());
  if (who.code !== 0 || !uid || !user) throw new CaptureError('remote', host, `${host}: cannot tell who perfmon logs in as: ${who.stderr.trim()}`);
  const login = { uid: Number(uid), user };
  for (const { partial, name, pid } of partials) {
    const remotePath = `${dumpDir}/${name}`;
    // The JVM may be gone; the dump file is owned by whoever wrote it: the sudo user if one is set.
    const runAs = options.sudoUser ?? null;
    const target: JvmTarget = { host, pid, login, owner: { uid: -1, user: runAs ?? login.user }, command: '', mainClass: '?', runAs, settings: options };
    const present = await connection.execText(`test -f ${shellQuote(remotePath)}`, { timeoutMs: 20_000 });
    if (present.code !== 0) {
      await rm(partial, { force: true });
      outcome.discarded.push({ partial, reason: `${host}:${remotePath} no longer exists, so ${partial} cannot be completed; it was deleted` });
      continue;
    }
    outcome.completed.push(
      await fetchAndClean(connection, target, { host, remotePath, localPath: join(options.outDir, name), keepRemote: options.keepRemote, signal: options.signal, dumpSeconds: 0 }, onProgress),
    );
  }
  return outcome;
}
