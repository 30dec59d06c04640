/**
 * JFR profiles over SSH on JDK 17 (fixtures/java/ProfileTargets.java on lab-0, as the lab's
 * login user): JFR.start settings=profile, the recording fetched and verified, the remote file
 * removed, the start-to-written step audited; read here with the JDK's jfr tool, each known
 * target on top (hot method, allocator, both contended locks, slow socket read, GC); the flame
 * graph's hottest path ends in the hot method; a cancelled recording leaves nothing behind.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaptureAudit, CaptureSubject } from '../../src/diagnostics/capture/capture-audit.js';
import { captureProfile, type ProfileProgress } from '../../src/diagnostics/capture/jfr-capture.js';
import { profileJson } from '../../src/diagnostics/profile/analyze-profile.js';
import { foldedStacks, type FlameNode } from '../../src/diagnostics/profile/flame-graph.js';
import { analyzeRecording } from '../../src/diagnostics/profile/read-recording.js';
import { captureFailure, captureDirs, startDumpLab, stopDumpLab, type DumpLab } from '../diagnostics/capture/dump-lab.js';
import type { JavaProcess } from '../diagnostics/capture/java-processes.js';
import { expectKnownTargetsOnTop, JDK17, startProfileTargets } from '../diagnostics/capture/profile-lab.js';

let env: DumpLab;
let java: JavaProcess;

beforeAll(async () => {
  env = await startDumpLab(['ProfileTargets']);
  java = await startProfileTargets(env.connection, env.classes.dir, JDK17);
});

afterAll(() => stopDumpLab(env));

/** The path always taking the largest child, root excluded. */
function heaviestPath(root: FlameNode): string[] {
  const path: string[] = [];
  for (let node = root.children[0]; node !== undefined; node = node.children[0]) path.push(node.name);
  return path;
}

describe('JFR profile over SSH (JDK 17)', () => {
  it('records, fetches and verifies, removes the remote copy; each known target comes out on top', { timeout: 120_000 }, async () => {
    const { out, dumpDir } = await captureDirs(env, 'jdk17');
    const events: ProfileProgress[] = [];
    const lines: Array<{ event: string; subject: CaptureSubject; ok?: boolean }> = [];
    const audit: CaptureAudit = {
      before: async (subject) => void lines.push({ event: 'before', subject }),
      after: async (subject, outcome) => void lines.push({ event: 'after', subject, ok: outcome.ok }),
    };
    const capture = await captureProfile(env.connection, { host: 'lab-0', pid: java.pid, outDir: out, dumpDir, durationSeconds: 4, javaHome: JDK17, audit, pollMs: 250 }, (e) => events.push(e));

    expect(basename(capture.file)).toMatch(new RegExp(`^lab-0-${java.pid}-\\d{8}T\\d{6}Z\\.jfr$`));
    const bytes = await readFile(capture.file);
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('FLR\0');
    expect(bytes.length).toBe(capture.bytes);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(capture.sha256);
    expect(capture.remoteRemoved).toBe(true);
    expect(await readdir(dumpDir)).toEqual([]);
    expect(events.map((e) => e.type).filter((t) => ['target', 'recording', 'writing', 'verified', 'remote-removed'].includes(t))).toEqual(['target', 'recording', 'writing', 'verified', 'remote-removed']);
    expect(lines.map((l) => [l.event, l.ok])).toEqual([
      ['before', undefined],
      ['after', true],
    ]);
    expect(lines[0]!.subject).toMatchObject({ action: 'dump-thread', host: 'lab-0', pid: java.pid, command: expect.stringMatching(/jcmd' '\d+' 'JFR\.start' 'name=perfmon-[0-9a-f]+' 'settings=profile' 'duration=4s' 'filename=/) });

    const analysis = await analyzeRecording(capture.file);
    expectKnownTargetsOnTop(profileJson(analysis));
    expect(heaviestPath(analysis.cpuFlame).slice(-3)).toEqual(['ProfileTargets.priceForever', 'ProfileTargets.priceBook', 'ProfileTargets.priceQuote']);
    expect(foldedStacks(analysis.cpuFlame)).toMatch(/^java\.lang\.Thread\.run;.*ProfileTargets\.priceForever;ProfileTargets\.priceBook;ProfileTargets\.priceQuote \d+$/m);
  });

  it('a cancelled recording is stopped and its remote file removed; nothing is fetched', async () => {
    const { out, dumpDir } = await captureDirs(env, 'cancel');
    const controller = new AbortController();
    const failure = await captureFailure(
      captureProfile(env.connection, { host: 'lab-0', pid: java.pid, outDir: out, dumpDir, durationSeconds: 60, javaHome: JDK17, signal: controller.signal }, (e) => {
        if (e.type === 'recording') controller.abort();
      }),
    );
    expect(failure.kind).toBe('cancelled');
    expect(failure.message).toContain('was stopped; its recording was discarded');
    expect(await readdir(dumpDir)).toEqual([]);
    expect(await readdir(out)).toEqual([]);
  });
});
