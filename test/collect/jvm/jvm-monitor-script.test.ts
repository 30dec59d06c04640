import { describe, expect, it } from 'vitest';
import { JSTAT_COUNTERS } from '../../../src/collect/jvm/jvm-counters.js';
import { monitorScript, parseMonitorLine } from '../../../src/collect/jvm/jvm-monitor-script.js';
import { asUser, runAsFor, toolPath } from '../../../src/collect/jvm/jvm-tools.js';

describe('the monitor script', () => {
  it('quotes the tool paths and the counter regex; refuses a bad interval', () => {
    const script = monitorScript({ jstat: "/opt/jdk it's/bin/jstat", jcmd: 'jcmd', counters: JSTAT_COUNTERS, intervalMs: 1000 });
    expect(script).toContain(`S='/opt/jdk it'\\''s/bin/jstat'`);
    expect(script).toContain("N='^(java\\.threads");
    expect(script.trimEnd().split('\n').at(-1)).toBe('m');
    expect(() => monitorScript({ jstat: 'jstat', jcmd: 'jcmd', counters: '.', intervalMs: 0.5 })).toThrow('whole number of ms');
  });

  it('parses each kind of output line', () => {
    expect(parseMonitorLine('I 999 perfmonlab 100')).toEqual({ kind: 'hello', uid: 999, user: 'perfmonlab', clockTicks: 100 });
    expect(parseMonitorLine('J 4242 999 perfmonlab 282847\tjava\x1f-cp\x1fjx\x1fGrowingCache\x1f')).toEqual({
      kind: 'jvm',
      pid: 4242,
      uid: 999,
      user: 'perfmonlab',
      startTicks: 282847,
      argv: ['java', '-cp', 'jx', 'GrowingCache'],
    });
    expect(parseMonitorLine('J 4242 999 perfmonlab 282847\t')).toMatchObject({ kind: 'jvm', argv: null });
    expect(parseMonitorLine('D 2830.51')).toEqual({ kind: 'discovered', hostUptimeSeconds: 2830.51 });
    expect(parseMonitorLine('j 4242 5 6 6 0 "No GC"')).toEqual({ kind: 'output', tag: 'j', pid: 4242, text: '5 6 6 0 "No GC"' });
    expect(parseMonitorLine('c 4242 !x')).toEqual({ kind: 'output', tag: 'c', pid: 4242, text: '!x' });
    expect(parseMonitorLine('Welcome to the jump host')).toEqual({ kind: 'noise', text: 'Welcome to the jump host' });
  });
});

describe('who runs the JDK tools', () => {
  const login = { user: 'perfmonlab', uid: 999 };
  const trader = { user: 'trader', uid: 1001 };

  it('the login user for its own JVMs, sudo -n -u for the configured owner (or root), else a refusal that says what to set', () => {
    expect(runAsFor('oms-1', 7, login, login, undefined)).toEqual({ ok: true, runAs: null });
    expect(runAsFor('oms-1', 7, login, login, 'trader')).toEqual({ ok: true, runAs: null });
    expect(runAsFor('oms-1', 7, login, trader, 'trader')).toEqual({ ok: true, runAs: 'trader' });
    expect(runAsFor('oms-1', 7, login, trader, 'root')).toEqual({ ok: true, runAs: 'root' });
    expect(runAsFor('oms-1', 7, { user: 'root', uid: 0 }, trader, undefined)).toEqual({ ok: true, runAs: null });
    const wrong = runAsFor('oms-1', 7, login, trader, 'md');
    expect(wrong).toEqual({ ok: false, reason: "oms-1: JVM 7 belongs to user 'trader', but jvm.sudoUser for oms-1 is 'md': jcmd must run as the JVM's owner; set jvm.sudoUser: trader" });
    const none = runAsFor('oms-1', 7, login, trader, undefined);
    expect(none.ok).toBe(false);
    expect(!none.ok && none.reason).toContain('set jvm.sudoUser: trader for oms-1');
  });

  it('every word quoted, sudo -n so it never waits for a password', () => {
    expect(asUser(null, ['jcmd', '7', 'Thread.print', '-l'])).toBe("'jcmd' '7' 'Thread.print' '-l'");
    expect(asUser('trader', ['/opt/jdk/bin/jcmd', '7', 'GC.heap_dump', "/tmp/x'y"])).toBe("sudo -n -u 'trader' -- '/opt/jdk/bin/jcmd' '7' 'GC.heap_dump' '/tmp/x'\\''y'");
    expect(toolPath({ javaHome: '/opt/jdk/' }, 'jstat')).toBe('/opt/jdk/bin/jstat');
    expect(toolPath({}, 'jstack')).toBe('jstack');
  });
});
