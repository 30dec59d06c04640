import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { fillTemplate } from '../../src/ssh/command-template.js';
import { shellQuote } from '../../src/ssh/shell-quote.js';

const hostile = [
  '',
  'plain',
  "it's",
  "''",
  "'; rm -rf / #",
  '$(touch /tmp/perfmon-pwned)',
  '`touch /tmp/perfmon-pwned`',
  '${HOME}',
  'a; echo injected',
  'line one\nline two\n',
  '"double" \\ back\\slash',
  ' leading and trailing ',
  '*',
  '-n',
  'tab\there | pipe & amp > redirect < in',
  'ünïcødé ✓',
];

// dash is Debian's /bin/sh; bash and busybox sh are what remote hosts run too.
const shells = [['sh'], ['bash'], ['busybox', 'sh']] as const;

function runIn(shell: readonly string[], command: string): string {
  const [cmd, ...args] = shell;
  return execFileSync(cmd!, [...args, '-c', command], { encoding: 'utf8' });
}

describe('shellQuote', () => {
  it('uses POSIX single quotes', () => {
    expect(shellQuote('')).toBe("''");
    expect(shellQuote('abc')).toBe("'abc'");
    expect(shellQuote("it's")).toBe("'it'\\''s'");
  });

  it('refuses a NUL byte', () => {
    expect(() => shellQuote('a\0b')).toThrow(/NUL/);
  });

  for (const shell of shells) {
    it(`delivers every value literally through ${shell.join(' ')} -c`, () => {
      for (const value of hostile) {
        // printf %s prints its argument byte for byte; a sentinel after it catches a trailing newline.
        expect(runIn(shell, `printf '%s|' ${shellQuote(value)}`)).toBe(`${value}|`);
      }
    });
  }
});

describe('fillTemplate', () => {
  it('quotes every value and keeps it one argument', () => {
    for (const value of hostile) {
      const command = fillTemplate('printf "%s|" {value}; printf "%s" {count}', { value, count: 42 });
      expect(runIn(['sh'], command)).toBe(`${value}|42`);
    }
  });

  it('counts the arguments the shell sees', () => {
    const command = fillTemplate('set -- {a} {b}; echo $#', { a: 'x y z', b: "'; echo 3 4" });
    expect(runIn(['sh'], command)).toBe('2\n');
  });

  it('names an unknown placeholder', () => {
    expect(() => fillTemplate('kill {pid} {sginal}', { pid: 1, signal: 'TERM' })).toThrow(
      /unknown placeholder \{sginal\} \(known: pid, signal\)/,
    );
  });

  it('refuses placeholders inside quotes, where quoting would turn inside out', () => {
    expect(() => fillTemplate("echo '{x}'", { x: 'a' })).toThrow(/\{x\} at column 7 is inside single quotes/);
    expect(() => fillTemplate('echo "{x}"', { x: 'a' })).toThrow(/inside double quotes/);
  });

  it('keeps literal braces and quoted text alone', () => {
    const command = fillTemplate("echo 'a b' | awk '{{print $1}}' ; echo {{}} {v}", { v: 'ok' });
    expect(command).toBe("echo 'a b' | awk '{print $1}' ; echo {} 'ok'");
    expect(runIn(['sh'], command)).toBe('a\n{} ok\n');
  });

  it('refuses non-finite numbers and unterminated quotes', () => {
    expect(() => fillTemplate('sleep {n}', { n: Number.NaN })).toThrow(/\{n\} is not a finite number/);
    expect(() => fillTemplate("echo 'oops {n}", { n: 1 })).toThrow(/inside single quotes/);
    expect(() => fillTemplate("echo 'oops", {})).toThrow(/unterminated single quote/);
  });
});
