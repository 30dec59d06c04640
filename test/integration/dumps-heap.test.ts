/**
 * Heap dumps and class histograms over SSH from a real JVM (fixtures/java/GrowingCache.java,
 * run as the lab's login user): free space checked against the heap in use (a real 1 MiB
 * tmpfs for the refusal), jcmd GC.heap_dump, the SFTP fetch verified by size and SHA-256,
 * the remote file removed; an SSH session killed mid-fetch leaves only a .partial that the
 * next run resumes and completes.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { diffClassHistograms } from '../../src/diagnostics/class-histogram.js';
import type { CaptureAudit, CaptureSubject } from '../../src/diagnostics/capture/capture-audit.js';
import { captureClassHistogram } from '../../src/diagnostics/capture/class-histogram-capture.js';
import { captureHeapDump, type HeapDumpProgress } from '../../src/diagnostics/capture/heap-dump-capture.js';
import { resumeHeapDumps } from '../../src/diagnostics/capture/heap-dump-resume.js';
import type { SshConnection } from '../../src/ssh/connection.js';
import { captureFailure as failure, captureDirs, startDumpLab, stopDumpLab, type DumpLab } from '../diagnostics/capture/dump-lab.js';
import { allowSudo, startLocalJava, startRemoteJava, type JavaProcess } from '../diagnostics/capture/java-processes.js';
import type { Lab } from '../lab/lab.js';
import { processStat } from '../collect/remote/proc-reading.js';

/** The owner of the JVMs the lab user does not own: this file's own (see startDumpLab). */
const OTHER_USER = 'perfmonjvm-heap';

let env: DumpLab;
let lab: Lab;
let connection: SshConnection;
let java: JavaProcess;

beforeAll(async () => {
  env = await startDumpLab(['GrowingCache'], { otherUser: OTHER_USER });
  ({ lab, connection } = env);
  java = await startRemoteJava(connection, env.classes.dir, 'GrowingCache');
  await java.grow(300_000);
});

afterAll(() => stopDumpLab(env));

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function recordingAudit(): { audit: CaptureAudit; lines: Array<{ event: string; subject: CaptureSubject; ok?: boolean }> } {
  const lines: Array<{ event: string; subject: CaptureSubject; ok?: boolean }> = [];
  return {
    lines,
    audit: {
      before: async (subject) => void lines.push({ event: 'before', subject }),
      after: async (subject, outcome) => void lines.push({ event: 'after', subject, ok: outcome.ok }),
    },
  };
}

describe('heap dumps over SSH', () => {
  it('checks space, dumps (-all, gzip), fetches, verifies size and SHA-256, removes the remote file', async () => {
    const { out, dumpDir } = await captureDirs(env, 'plain');
    const events: HeapDumpProgress[] = [];
    const { audit, lines } = recordingAudit();
    const dump = await captureHeapDump(connection, { host: 'lab-0', pid: java.pid, outDir: out, dumpDir, audit }, (e) => events.push(e));

    expect(basename(dump.file)).toMatch(new RegExp(`^lab-0-${java.pid}-\\d{8}T\\d{6}Z\\.hprof\\.gz$`));
    expect(dump.remotePath).toBe(join(dumpDir, basename(dump.file)));
    const bytes = await readFile(dump.file);
    expect(bytes.length).toBe(dump.bytes);
    expect(sha256(bytes)).toBe(dump.sha256);
    expect(gunzipSync(bytes).subarray(0, 18).toString('latin1')).toBe('JAVA PROFILE 1.0.2');
    expect(dump.remoteRemoved).toBe(true);
    expect(await readdir(dumpDir)).toEqual([]);
    expect(await readdir(out)).toEqual([basename(dump.file)]);

    const types = events.map((e) => e.type).filter((t, i, all) => t !== all[i - 1]);
    expect(types).toEqual(['target', 'plan', 'dumping', 'dumped', 'checksum', 'fetching', 'verified', 'remote-removed']);
    const plan = events.find((e) => e.type === 'plan');
    expect(plan?.type === 'plan' && plan.plan).toMatchObject({ live: false, owner: lab.user, runAs: null });
    expect(plan?.type === 'plan' && plan.plan.heapUsed).toBeGreaterThan(10 * 1024 * 1024);
    const last = events.filter((e) => e.type === 'fetching').at(-1);
    expect(last?.type === 'fetching' && last.progress).toMatchObject({ bytes: dump.bytes, total: dump.bytes, resumedFrom: 0 });
    expect(lines.map((l) => [l.event, l.subject.action, l.ok])).toEqual([
      ['before', 'dump-heap', undefined],
      ['after', 'dump-heap', true],
    ]);
    expect(lines[0]!.subject.command).toBe(`'jcmd' '${java.pid}' 'GC.heap_dump' '-gz=1' '-all' '${dump.remotePath}'`);
  });

  it('--live (no -all) with keepRemote: the remote file stays, byte for byte the fetched one', async () => {
    const { out, dumpDir } = await captureDirs(env, 'live');
    const { audit, lines } = recordingAudit();
    const dump = await captureHeapDump(connection, { host: 'lab-0', pid: java.pid, outDir: out, dumpDir, live: true, keepRemote: true, audit });
    expect(lines[0]!.subject.command).not.toContain("'-all'");
    expect(dump.remoteRemoved).toBe(false);
    expect(sha256(await readFile(dump.remotePath))).toBe(dump.sha256);
  });

  it('a session killed mid-fetch leaves only NAME.partial and the remote file; the next run resumes from it and verifies', async () => {
    const { out, dumpDir } = await captureDirs(env, 'interrupted');
    const doomed = await env.open();
    // The connection's two sshd processes: the user's (the shell's parent) and its privileged
    // monitor. Killing both is the connection dying under us; killing only the first once left
    // the TCP connection open for over 30 s under a full parallel run.
    const sshd = Number((await doomed.execText('echo $PPID', { timeoutMs: 10_000 })).stdout.trim());
    const monitor = Number(processStat(sshd)[1]);
    expect(readFileSync(`/proc/${monitor}/cmdline`, 'utf8')).toMatch(/^sshd: \S+ \[priv\]/);
    let killedAt = 0;
    // Where it got to, should it ever time out.
    const trail: string[] = [];
    onTestFailed(() => console.error(`progress of the killed-session test:\n${trail.join('\n')}`));
    const error = await failure(
      captureHeapDump(doomed, { host: 'lab-0', pid: java.pid, outDir: out, dumpDir }, (e) => {
        trail.push(e.type === 'fetching' ? `fetching ${e.progress.bytes}/${e.progress.total}` : e.type);
        if (e.type === 'fetching' && killedAt === 0 && e.progress.bytes < e.progress.total) {
          killedAt = e.progress.bytes;
          process.kill(sshd, 'SIGKILL');
          process.kill(monitor, 'SIGKILL');
        }
      }),
    );
    trail.push(`capture failed: ${error.message}`);
    doomed.close();
    expect(killedAt).toBeGreaterThan(0);
    expect(error.kind).toBe('interrupted');
    expect(error.message).toContain('--resume');
    const [partial] = await readdir(out);
    expect(partial).toMatch(/\.hprof\.gz\.partial$/);
    expect(await readdir(out)).toEqual([partial]);
    const name = partial!.slice(0, -'.partial'.length);
    expect(await readdir(dumpDir)).toEqual([name]);
    const remote = await readFile(join(dumpDir, name));
    const partialSize = (await stat(join(out, partial!))).size;
    expect(partialSize).toBeLessThan(remote.length);

    const events: HeapDumpProgress[] = [];
    const outcome = await resumeHeapDumps(connection, { host: 'lab-0', outDir: out, dumpDir }, (e) => {
      events.push(e);
      trail.push(`resume: ${e.type}`);
    });
    expect(outcome.discarded).toEqual([]);
    expect(outcome.completed).toHaveLength(1);
    expect(outcome.completed[0]).toMatchObject({ file: join(out, name), bytes: remote.length, sha256: sha256(remote), resumedFrom: partialSize, remoteRemoved: true });
    expect(events.find((e) => e.type === 'fetching')).toMatchObject({ progress: { resumedFrom: partialSize } });
    expect(await readdir(out)).toEqual([name]);
    expect(sha256(await readFile(join(out, name)))).toBe(sha256(remote));
    expect(await readdir(dumpDir)).toEqual([]);
  });

  it('a partial whose remote file is gone cannot be completed: it is deleted, and said', async () => {
    const { out, dumpDir } = await captureDirs(env, 'gone');
    await captureHeapDump(connection, { host: 'lab-0', pid: java.pid, outDir: out, dumpDir, keepRemote: true }).then(async (dump) => {
      // As if a fetch had broken off: a .partial of the first bytes, then the remote file removed by hand.
      await rm(dump.file);
      execFileSync('sh', ['-c', `head -c 1000 "$0" > "$1"`, dump.remotePath, `${dump.file}.partial`]);
      await rm(dump.remotePath);
    });
    const outcome = await resumeHeapDumps(connection, { host: 'lab-0', outDir: out, dumpDir });
    expect(outcome.completed).toEqual([]);
    expect(outcome.discarded).toHaveLength(1);
    expect(outcome.discarded[0]!.reason).toMatch(/no longer exists, so .*\.partial cannot be completed; it was deleted$/);
    expect(await readdir(out)).toEqual([]);
  });

  it('not enough space in the dump directory (a 1 MiB tmpfs): refused with the numbers, the JVM untouched', async () => {
    const { out, dumpDir } = await captureDirs(env, 'small');
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m,mode=1777', 'tmpfs', dumpDir]);
    try {
      const events: HeapDumpProgress[] = [];
      const error = await failure(captureHeapDump(connection, { host: 'lab-0', pid: java.pid, outDir: out, dumpDir }, (e) => events.push(e)));
      expect(error.kind).toBe('disk-space');
      expect(error.message).toMatch(
        new RegExp(`^lab-0: refusing the heap dump: ${dumpDir} \\(on ${dumpDir}\\) has 1M free \\(1048576 bytes\\), but JVM ${java.pid} holds [\\d.]+M of heap in use \\(\\d+ bytes\\)`),
      );
      expect(events.map((e) => e.type)).toEqual(['target']);
      expect(await readdir(dumpDir)).toEqual([]);
    } finally {
      execFileSync('umount', [dumpDir]);
    }
  });

  it('not enough space in the local output folder (a 1 MiB tmpfs): refused naming it, before anything is captured', async () => {
    const { out, dumpDir } = await captureDirs(env, 'small-local');
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m,mode=1777', 'tmpfs', out]);
    try {
      const events: HeapDumpProgress[] = [];
      const error = await failure(captureHeapDump(connection, { host: 'lab-0', pid: java.pid, outDir: out, dumpDir }, (e) => events.push(e)));
      expect(error.kind).toBe('disk-space');
      expect(error.message).toMatch(
        new RegExp(`^lab-0: refusing the heap dump: the local folder ${out} has 1M free \\(1048576 bytes\\), but the fetched dump of JVM ${java.pid} can be as large as its [\\d.]+M of heap in use \\(\\d+ bytes\\)`),
      );
      expect(events.map((e) => e.type)).toEqual(['target']);
      expect(await readdir(dumpDir)).toEqual([]);
      expect(await readdir(out)).toEqual([]);
    } finally {
      execFileSync('umount', [out]);
    }
  });

  it('the output folder being the dump directory itself (perfmon on the host) is refused; a missing output folder is made', async () => {
    const { dumpDir } = await captureDirs(env, 'same');
    const error = await failure(captureHeapDump(connection, { host: 'lab-0', pid: java.pid, outDir: dumpDir, dumpDir }));
    expect(error.kind).toBe('remote');
    expect(error.message).toContain(`the output folder ${dumpDir} is the host's dump directory itself`);
    expect(await readdir(dumpDir)).toEqual([]);
    const out = join(env.work, 'made', 'by', 'perfmon');
    const dump = await captureHeapDump(connection, { host: 'lab-0', pid: java.pid, outDir: out, dumpDir });
    expect(await readdir(out)).toEqual([basename(dump.file)]);
  });

  it('not confirmed: nothing is dumped', async () => {
    const { out, dumpDir } = await captureDirs(env, 'declined');
    const error = await failure(captureHeapDump(connection, { host: 'lab-0', pid: java.pid, outDir: out, dumpDir, confirm: async () => false }));
    expect(error.kind).toBe('cancelled');
    expect(await readdir(dumpDir)).toEqual([]);
    expect(await readdir(out)).toEqual([]);
  });

  it("another user's JVM through sudo: dumped by the owner, fetched, removed by the owner", async () => {
    const other = await startLocalJava(env.classes.dir, 'GrowingCache', { user: OTHER_USER });
    await other.grow(50_000);
    const { out, dumpDir } = await captureDirs(env, 'sudo');
    const removeRule = await allowSudo(lab.user, OTHER_USER);
    try {
      const dump = await captureHeapDump(connection, { host: 'lab-0', pid: other.pid, outDir: out, dumpDir, sudoUser: OTHER_USER });
      expect(sha256(await readFile(dump.file))).toBe(dump.sha256);
      expect(dump.remoteRemoved).toBe(true);
      expect(await readdir(dumpDir)).toEqual([]);
    } finally {
      await removeRule();
      other.kill();
    }
  });
});

describe('class histograms over SSH', () => {
  it('two captures around a growth: saved as .histogram.txt, the diff puts the leaking class first', async () => {
    const { out } = await captureDirs(env, 'histogram');
    const before = await captureClassHistogram(connection, { host: 'lab-0', pid: java.pid, outDir: out });
    await java.grow(100_000);
    const after = await captureClassHistogram(connection, { host: 'lab-0', pid: java.pid, outDir: out });
    for (const capture of [before, after]) expect(basename(capture.file)).toMatch(new RegExp(`^lab-0-${java.pid}-\\d{8}T\\d{6}Z(-\\d+)?\\.histogram\\.txt$`));
    expect(before.histogram.pid).toBe(java.pid);
    const [first] = diffClassHistograms(before.histogram, after.histogram);
    expect(first).toMatchObject({ className: 'GrowingCache$OrderSnapshot', instancesDelta: 100_000 });
  });
});
