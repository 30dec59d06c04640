import { describe, expect, it } from 'vitest';
import { counterValue, JstatStream, splitJstatRow } from '../../../src/collect/jvm/jstat-stream.js';
import { errorFixture, jvmFixture } from './jvm-fixtures.js';

describe('splitJstatRow and counterValue', () => {
  it('keeps quoted strings with spaces whole and reads numbers as numbers', () => {
    expect(splitJstatRow('5 6 "G1 Evacuation Pause" 0 "No GC" 1183432113')).toEqual(['5', '6', '"G1 Evacuation Pause"', '0', '"No GC"', '1183432113']);
    expect(splitJstatRow('  1   2 ')).toEqual(['1', '2']);
    expect(splitJstatRow('"a"b" 7')).toEqual(['"a"b"', '7']);
    expect(['"No GC"', '1073741824', '-3', 'x'].map(counterValue)).toEqual(['No GC', 1073741824, -3, 'x']);
  });
});

describe('JstatStream on real captures', () => {
  it('reads the constants, the header and each row by name (JDK 17, G1)', () => {
    const stream = new JstatStream();
    const kinds = jvmFixture('jstat-g1-jdk17.txt')
      .split('\n')
      .map((line) => stream.push(line));
    expect(kinds.filter((k) => k.kind === 'constant')).toHaveLength(7);
    expect(kinds.filter((k) => k.kind === 'header')).toHaveLength(1);
    const samples = kinds.filter((k) => k.kind === 'sample');
    expect(samples).toHaveLength(2);
    const counters = samples[1]!.kind === 'sample' ? samples[1]!.counters : new Map();
    // constants and row values side by side
    expect(counters.get('sun.gc.policy.name')).toBe('GarbageFirst');
    expect(counters.get('sun.gc.generation.1.maxCapacity')).toBe(268435464); // as written: G1 pads it by a word
    expect(counters.get('sun.gc.lastCause')).toBe('G1 Evacuation Pause');
    expect(counters.get('java.threads.live')).toBe(6);
    expect(stream.columns).toContain('sun.os.hrt.ticks');
    expect(stream.errorText).toBe('');
  });

  it('the columns differ by JDK and collector: JDK 25 has no sun.os.hrt.ticks, JDK 17 ZGC no collector 0', () => {
    const columns = (name: string) => {
      const stream = new JstatStream();
      for (const line of jvmFixture(name).split('\n')) stream.push(line);
      return stream.columns ?? [];
    };
    expect(columns('jstat-g1-jdk25.txt')).not.toContain('sun.os.hrt.ticks');
    expect(columns('jstat-z-jdk17.txt')).not.toContain('sun.gc.collector.0.invocations');
    expect(columns('jstat-z-jdk17.txt')).toContain('sun.gc.collector.2.invocations');
  });

  it("keeps what jstat printed when it failed (the exception's head), and rows of the wrong width are not readings", () => {
    const stream = new JstatStream();
    for (const line of errorFixture('jstat-permission-jdk17').output.split('\n')) expect(stream.push(line).kind).toBe('other');
    expect(stream.errorText.split('\n')[0]).toBe('sun.jvmstat.monitor.MonitorException: Could not attach to 7122');
    expect(stream.errorText).toContain('Operation not permitted');
    const table = new JstatStream();
    table.push('java.threads.live sun.gc.collector.0.invocations');
    expect(table.push('6').kind).toBe('other');
    expect(table.push('6 2').kind).toBe('sample');
  });
});
