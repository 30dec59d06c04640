import { describe, expect, it } from 'vitest';
import { classifyToolFailure, type ToolFailureContext } from '../../../src/collect/jvm/jdk-tool-errors.js';
import { errorFixture } from './jvm-fixtures.js';

const context: ToolFailureContext = { host: 'oms-1', pid: 4242, tool: 'jcmd', loginUser: 'perfmonlab', runAs: null, owner: 'root' };

function classify(name: string, extra: Partial<ToolFailureContext> = {}) {
  const { exitCode, output } = errorFixture(name);
  return classifyToolFailure(output, { ...context, exitCode, ...extra });
}

describe('classifyToolFailure on what the real tools printed', () => {
  it('permission denied (jcmd and jstat, JDK 17 and 25) names the owner and jvm.sudoUser', () => {
    for (const name of ['jcmd-permission-jdk17', 'jcmd-permission-jdk25', 'jstat-permission-jdk17', 'jstat-permission-jdk25']) {
      const failure = classify(name, { tool: name.startsWith('jstat') ? 'jstat' : 'jcmd' });
      expect(failure.kind, name).toBe('permission');
      expect(failure.message).toContain("JVM 4242 belongs to 'root'");
      expect(failure.message).toContain('set jvm.sudoUser: root for oms-1');
    }
  });

  it("a stale attach socket of another user, the tool run as the JVM's owner: remove it, not sudo (JDK 17 and 25)", () => {
    for (const [name, path] of [
      ['jcmd-stale-attach-socket-jdk17', '/tmp/.java_pid18901'],
      ['jcmd-stale-attach-socket-jdk25', '/proc/19028/root/tmp/.java_pid19028'],
    ] as const) {
      expect(classify(name, { owner: 'perfmonlab' })).toEqual({
        kind: 'permission',
        message:
          `oms-1: jcmd cannot attach to JVM 4242: its attach socket ${path} belongs to uid 0, not to perfmonlab (uid 999) who owns the JVM; ` +
          'it was left by an earlier process with the same pid (one killed with SIGKILL): remove it on oms-1 (as root) and try again',
      });
    }
    // The same words when the tool ran as someone else than the owner: sudoUser is the fix.
    expect(classify('jcmd-stale-attach-socket-jdk17', { owner: 'trader' }).message).toContain('set jvm.sudoUser: trader for oms-1');
  });

  it('no such process (JDK 17 "No such process", JDK 25 "non existent JVM pid")', () => {
    for (const name of ['jcmd-no-such-process-jdk17', 'jcmd-no-such-process-jdk25']) {
      expect(classify(name)).toEqual({ kind: 'no-such-pid', message: 'oms-1: no JVM with pid 4242 (it has exited, or the pid is wrong)' });
    }
  });

  it('a JVM that does not answer the attach', () => {
    for (const name of ['jcmd-not-responding-jdk17', 'jcmd-not-responding-jdk25']) {
      const failure = classify(name);
      expect(failure.kind).toBe('not-responding');
      expect(failure.message).toMatch(/^oms-1: JVM 4242 is not responding to jcmd \(com\.sun\.tools\.attach\.AttachNotSupportedException: Unable to open socket file/);
    }
  });

  it('jstat without performance data (-XX:-UsePerfData)', () => {
    for (const name of ['jstat-no-perf-data-jdk17', 'jstat-no-perf-data-jdk25']) {
      expect(classify(name, { tool: 'jstat' }).kind).toBe('no-perf-data');
    }
  });

  it('sudo refusing, and a missing tool (exit 127)', () => {
    const sudo = classify('sudo-password-required', { runAs: 'trader' });
    expect(sudo.kind).toBe('permission');
    expect(sudo.message).toContain('`sudo -n -u trader` was refused for perfmonlab (sudo: a password is required)');
    const missing = classify('sh-jcmd-not-found');
    expect(missing.kind).toBe('tool-missing');
    expect(missing.message).toContain('jvm.javaHome');
    expect(classify('sh-sudo-not-found', { runAs: 'trader' })).toEqual({
      kind: 'tool-missing',
      message: 'oms-1: sudo is not installed, so jvm.sudoUser (trader) cannot be used: /bin/sh: 1: sudo: not found',
    });
  });

  it('anything else: failed, with the first line that says something', () => {
    expect(classifyToolFailure('4242:\njava.lang.IllegalStateException: boom\n\tat x.y(Z.java:1)\n', { ...context, exitCode: 1 })).toEqual({
      kind: 'failed',
      message: 'oms-1: jcmd failed on JVM 4242: java.lang.IllegalStateException: boom',
    });
  });
});
