/**
 * Thread dumps over SSH from real JVMs on a lab host: the fixture programs run as the lab's
 * login user (started through the SSH connection), or as another user for the permission and
 * sudo cases (started locally with runuser; the lab hosts share this machine).
 */
import { execFileSync } from 'node:child_process';
import { mkdir, readdir, symlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeThreadDumpFiles } from '../../src/diagnostics/analyze-files.js';
import { captureThreadDumps, type ThreadDumpProgress } from '../../src/diagnostics/capture/thread-dump-capture.js';
import { captureFailure as failure, startDumpLab, stopDumpLab, type DumpLab } from '../diagnostics/capture/dump-lab.js';
import { allowSudo, startLocalJava, startRemoteJava } from '../diagnostics/capture/java-processes.js';

/** The owner of the JVMs the lab user does not own: this file's own (see startDumpLab). */
const OTHER_USER = 'perfmonjvm-thread';

let env: DumpLab;

beforeAll(async () => {
  env = await startDumpLab(['MonitorDeadlock', 'GrowingCache'], { otherUser: OTHER_USER });
});

afterAll(() => stopDumpLab(env));

async function outDir(name: string): Promise<string> {
  const dir = join(env.work, name);
  await mkdir(dir);
  return dir;
}

describe('thread dumps over SSH', () => {
  it('takes a 3-dump series of the monitor deadlock: files named HOST-PID-TIME.txt, the analysis finds exactly the deadlock', async () => {
    const java = await startRemoteJava(env.connection, env.classes.dir, 'MonitorDeadlock');
    const out = await outDir('series');
    const events: ThreadDumpProgress[] = [];
    const series = await captureThreadDumps(env.connection, { host: 'lab-0', pid: java.pid, count: 3, everySeconds: 1, outDir: out }, (e) => events.push(e));

    expect(series.tool).toBe('jcmd');
    expect(series.target).toMatchObject({ pid: java.pid, runAs: null, mainClass: 'MonitorDeadlock', owner: { user: env.lab.user }, login: { user: env.lab.user } });
    expect(series.files).toHaveLength(3);
    for (const file of series.files) expect(basename(file)).toMatch(new RegExp(`^lab-0-${java.pid}-\\d{8}T\\d{6}Z(-\\d+)?\\.txt$`));
    // Only the three files: no temporary file left beside them.
    expect((await readdir(out)).sort()).toEqual(series.files.map((f) => basename(f)).sort());
    expect(events.filter((e) => e.type === 'saved').map((e) => e.type === 'saved' && e.index)).toEqual([0, 1, 2]);
    expect(events.filter((e) => e.type === 'waiting')).toHaveLength(2);
    expect(events.some((e) => e.type === 'receiving' && e.bytes > 0)).toBe(true);

    const { json: analysis } = await analyzeThreadDumpFiles(series.files);
    expect(analysis.dumps.map((d) => [d.pid, d.deadlocks])).toEqual([
      [java.pid, 1],
      [java.pid, 1],
      [java.pid, 1],
    ]);
    expect(analysis.deadlocks).toHaveLength(1);
    expect(analysis.deadlocks[0]!.threads).toEqual(['transfer-savings-to-checking', 'transfer-checking-to-savings']);
    expect(analysis.deadlocks[0]!.reportedByJvm).toBe(true);
    expect(analysis.deadlocks[0]!.locks.map((l) => l.className)).toEqual(['MonitorDeadlock$Account', 'MonitorDeadlock$Account']);
    expect(analysis.jvmDeadlocks).toHaveLength(1);
    java.kill();
  });

  it('no such pid: said before any tool runs', async () => {
    const error = await failure(captureThreadDumps(env.connection, { host: 'lab-0', pid: 999_999_999, outDir: await outDir('nopid') }));
    expect(error).toMatchObject({ kind: 'no-such-pid', message: 'lab-0: no process with pid 999999999' });
  });

  it('a JVM that does not respond (stopped) is reported after the timeout, nothing saved; it answers once continued', async () => {
    const java = await startRemoteJava(env.connection, env.classes.dir, 'GrowingCache');
    const out = await outDir('stopped');
    process.kill(java.pid, 'SIGSTOP');
    try {
      const error = await failure(captureThreadDumps(env.connection, { host: 'lab-0', pid: java.pid, outDir: out, timeoutMs: 3000 }));
      expect(error.kind).toBe('not-responding');
      expect(error.message).toBe(`lab-0: JVM ${java.pid} did not answer jcmd within 3s (hung, stopped, or in a very long safepoint); nothing was saved`);
      expect(await readdir(out)).toEqual([]);
    } finally {
      process.kill(java.pid, 'SIGCONT');
    }
    const series = await captureThreadDumps(env.connection, { host: 'lab-0', pid: java.pid, outDir: out });
    expect(series.files).toHaveLength(1);
    java.kill();
  });

  it('jcmd missing: falls back to jstack -l; neither present: a clear error naming jvm.javaHome', async () => {
    const java = await startRemoteJava(env.connection, env.classes.dir, 'MonitorDeadlock');
    // A "JDK" whose bin/ holds only jstack (the real one).
    const jdk = join(env.work, 'jstack-only-jdk');
    await mkdir(join(jdk, 'bin'), { recursive: true });
    await symlink(execFileSync('sh', ['-c', 'readlink -f "$(command -v jstack)"'], { encoding: 'utf8' }).trim(), join(jdk, 'bin', 'jstack'));
    execFileSync('chmod', ['-R', 'a+rX', env.work]);
    const events: ThreadDumpProgress[] = [];
    const series = await captureThreadDumps(env.connection, { host: 'lab-0', pid: java.pid, outDir: await outDir('jstack'), javaHome: jdk }, (e) => events.push(e));
    expect(series.tool).toBe('jstack');
    expect(events).toContainEqual({ type: 'notice', message: 'no jcmd here, using jstack' });
    const { json } = await analyzeThreadDumpFiles(series.files);
    expect(json.deadlocks.map((d) => d.threads)).toEqual([['transfer-savings-to-checking', 'transfer-checking-to-savings']]);

    const error = await failure(captureThreadDumps(env.connection, { host: 'lab-0', pid: java.pid, outDir: await outDir('nojdk'), javaHome: '/nonexistent/jdk' }));
    expect(error.kind).toBe('tool-missing');
    expect(error.message).toBe(
      "lab-0: jcmd not found (perfmon: neither /nonexistent/jdk/bin/jcmd nor /nonexistent/jdk/bin/jstack found): install the JDK's tools there, or point jvm.javaHome at a JDK",
    );
    java.kill();
  });

  it("another user's JVM: permission denied naming the owner and jvm.sudoUser; sudo without a rule is refused; with the rule it works", async () => {
    const java = await startLocalJava(env.classes.dir, 'MonitorDeadlock', { user: OTHER_USER });
    const out = await outDir('other-user');
    const denied = await failure(captureThreadDumps(env.connection, { host: 'lab-0', pid: java.pid, outDir: out }));
    expect(denied.kind).toBe('permission');
    expect(denied.message).toBe(
      `lab-0: permission denied: JVM ${java.pid} belongs to user '${OTHER_USER}' but perfmon logs in as '${env.lab.user}', ` +
        `and the JDK tools attach only as the JVM's owner; set jvm.sudoUser: ${OTHER_USER} for lab-0 ` +
        `(and let ${env.lab.user} run \`sudo -n -u ${OTHER_USER}\` without a password)`,
    );
    const refused = await failure(captureThreadDumps(env.connection, { host: 'lab-0', pid: java.pid, outDir: out, sudoUser: OTHER_USER }));
    expect(refused.kind).toBe('permission');
    expect(refused.message).toContain(`\`sudo -n -u ${OTHER_USER}\` was refused for ${env.lab.user} (sudo: a password is required)`);
    expect(await readdir(out)).toEqual([]);

    const removeRule = await allowSudo(env.lab.user, OTHER_USER);
    try {
      const series = await captureThreadDumps(env.connection, { host: 'lab-0', pid: java.pid, outDir: out, sudoUser: OTHER_USER });
      expect(series.target).toMatchObject({ runAs: OTHER_USER, owner: { user: OTHER_USER } });
      const { json } = await analyzeThreadDumpFiles(series.files);
      expect(json.dumps[0]!.pid).toBe(java.pid);
      expect(json.deadlocks).toHaveLength(1);
    } finally {
      await removeRule();
    }
    java.kill();
  });
});
