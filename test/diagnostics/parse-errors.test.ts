import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseClassHistogram } from '../../src/diagnostics/class-histogram.js';
import { InputParseError } from '../../src/diagnostics/parse-error.js';
import { parseThreadDumps } from '../../src/diagnostics/parse-thread-dump.js';
import { dumpText, fixturePath } from './fixture-dumps.js';

const lines = dumpText('monitor-deadlock-jdk17.txt').split('\n');

/** The InputParseError a parser throws on the text (the test fails if it does not throw one). */
function errorOf(parse: (text: string) => unknown, text: string): InputParseError {
  try {
    parse(text);
  } catch (error) {
    if (error instanceof InputParseError) return error;
    throw error;
  }
  throw new Error('parsed without error');
}

function withLine(lineNo: number, replacement: string): string {
  return lines.map((l, i) => (i + 1 === lineNo ? replacement : l)).join('\n');
}

describe('thread dump errors name the line', () => {
  it('a dump cut at a line boundary inside the thread list', () => {
    const error = errorOf(parseThreadDumps, lines.slice(0, 120).join('\n'));
    expect(error.line).toBe(120);
    expect(error.reason).toBe('thread dump truncated: input ends inside the thread list of the dump that starts at line 3');
  });

  it('a dump cut in the middle of a thread header', () => {
    const cut = lines[102]!.slice(0, lines[102]!.indexOf('os_prio=') + 5);
    expect(cut).toBe('"transfer-savings-to-checking" #12 daemon prio=5 os_pr');
    const error = errorOf(parseThreadDumps, [...lines.slice(0, 102), cut].join('\n'));
    expect([error.line, error.reason, error.text]).toEqual([103, 'malformed thread header (no tid= or nid=)', cut]);
    expect(error.at('dump.txt')).toBe(`dump.txt:103: malformed thread header (no tid= or nid=): ${JSON.stringify(cut)}`);
  });

  it('a dump cut short and followed by the next one (an appended series)', () => {
    const text = [...lines.slice(0, 120), ...lines].join('\n');
    const error = errorOf(parseThreadDumps, text);
    expect([error.line, error.text, error.reason]).toEqual([121, '19574:', 'thread dump truncated: a new dump starts here before the one at line 3 ended']);
  });

  it("a dump cut inside the JVM's deadlock report", () => {
    const error = errorOf(parseThreadDumps, lines.slice(0, 160).join('\n'));
    expect(error.line).toBe(160);
    expect(error.reason).toMatch(/^thread dump truncated: input ends inside the JVM's deadlock report/);
  });

  it('garbage with no dump in it', () => {
    const error = errorOf(parseThreadDumps, 'hello\nworld\n');
    expect([error.line, error.reason]).toEqual([1, 'no thread dump found (expected a line starting "Full thread dump")']);
    expect(errorOf(parseThreadDumps, '').line).toBe(1);
  });

  it('a foreign line inside the thread list', () => {
    const error = errorOf(parseThreadDumps, withLine(30, 'Exception in thread "main" java.lang.OutOfMemoryError'));
    expect([error.line, error.reason, error.text]).toEqual([30, 'unexpected line in thread dump', 'Exception in thread "main" java.lang.OutOfMemoryError']);
  });

  it('a thread entry with no "Full thread dump" above it', () => {
    const error = errorOf(parseThreadDumps, lines.slice(12).join('\n'));
    expect(error.line).toBe(1);
    expect(error.reason).toBe('thread entry outside a thread dump (no "Full thread dump" line above it)');
  });

  it('an unknown state, a malformed cpu= and a lock line without a frame', () => {
    expect(errorOf(parseThreadDumps, withLine(104, '   java.lang.Thread.State: SLEEPY')).reason).toBe('unknown thread state');
    expect(errorOf(parseThreadDumps, withLine(103, lines[102]!.replace('cpu=0.40ms', 'cpu=fast'))).reason).toBe(
      'malformed cpu= in thread header',
    );
    const noFrame = 'Full thread dump X:\n\n"t" #1 prio=5 os_prio=0 tid=0x1 nid=0x2 runnable\n   java.lang.Thread.State: RUNNABLE\n\t- locked <0x1> (a X)\n';
    expect([errorOf(parseThreadDumps, noFrame).line, errorOf(parseThreadDumps, noFrame).reason]).toEqual([5, 'lock line before any stack frame']);
  });

  it('a deadlock report whose count does not match', () => {
    const last = lines.findIndex((l) => l === 'Found 1 deadlock.') + 1;
    const error = errorOf(parseThreadDumps, withLine(last, 'Found 2 deadlocks.'));
    expect([error.line, error.reason]).toEqual([last, 'the JVM says 2 deadlock(s) but lists 1']);
  });
});

describe('class histogram errors name the line', () => {
  const histogram = readFileSync(fixturePath('class-histograms/growing-cache-jdk17-1.txt'), 'utf8').split('\n');

  it('no header', () => {
    expect(errorOf(parseClassHistogram, 'nothing to see\n').line).toBe(1);
  });

  it('a damaged row', () => {
    const damaged = histogram.map((l, i) => (i === 9 ? '  10:   12x  345  java.lang.Foo' : l)).join('\n');
    const error = errorOf(parseClassHistogram, damaged);
    expect([error.line, error.reason, error.text]).toEqual([10, 'not a class histogram row', '  10:   12x  345  java.lang.Foo']);
  });

  it('cut before the Total line', () => {
    const error = errorOf(parseClassHistogram, histogram.slice(0, 50).join('\n'));
    expect([error.line, error.reason]).toEqual([50, 'class histogram truncated: no "Total" line after the header at line 2']);
  });
});
