/** The inventory's logs: field (file:line problems), the remote reader's command (every value quoted), lines and their times. */
import { describe, expect, it } from 'vitest';
import { parseInventoryText } from '../../src/config/parse-inventory.js';
import { formatProblem } from '../../src/config/problems.js';
import { logCommand } from '../../src/logs/log-command.js';
import { LineSplitter, lineTime, SinceFilter } from '../../src/logs/log-lines.js';

const inventory = (logs: string) => `hosts:\n  - {name: a, address: 127.0.0.2}\ncomponents:\n  - name: engine\n    role: order-engine\n    hosts: [a]\n    logs: ${logs}\n`;

describe('logs: in the inventory', () => {
  it('takes a unit or a file', () => {
    const unit = parseInventoryText(inventory('{unit: engine@1.service}'), 'inv.yaml');
    expect(unit.ok && unit.inventory.components[0]!.logs).toEqual({ type: 'unit', unit: 'engine@1.service' });
    const file = parseInventoryText(inventory('{file: /var/log/engine.log}'), 'inv.yaml');
    expect(file.ok && file.inventory.components[0]!.logs).toEqual({ type: 'file', file: '/var/log/engine.log' });
  });

  it('names the file and line of what is wrong: both or neither, a relative path, a unit that looks like a flag', () => {
    const problems = (logs: string) => {
      const parsed = parseInventoryText(inventory(logs), 'inv.yaml');
      return parsed.ok ? [] : parsed.problems.map(formatProblem);
    };
    expect(problems('{unit: e.service, file: /x}')).toEqual(['inv.yaml:7:11: components[0].logs: set exactly one of unit (a systemd unit, read with journalctl) or file (a log file path)']);
    expect(problems('{}')[0]).toContain('inv.yaml:7:11: components[0].logs: set exactly one of unit');
    expect(problems('{file: var/log/x}')).toEqual(['inv.yaml:7:18: components[0].logs.file: a log file is an absolute path (/var/log/engine/engine.log) (got "var/log/x")']);
    expect(problems('{unit: "-rf"}')).toEqual(['inv.yaml:7:18: components[0].logs.unit: a unit name does not start with "-"']);
  });
});

describe('the remote reader', () => {
  it('journalctl for a unit, tail -F for a file; every value shell-quoted', () => {
    expect(logCommand({ type: 'unit', unit: 'engine.service' }, { lines: 20, follow: true })).toBe("exec journalctl --no-pager -o short-iso -u 'engine.service' -n 20 -f");
    expect(logCommand({ type: 'unit', unit: 'engine.service' }, { lines: 20, follow: false, sinceMs: 1_764_842_400_123 })).toBe("exec journalctl --no-pager -o short-iso -u 'engine.service' -n all --since '@1764842400'");
    expect(logCommand({ type: 'file', file: "/var/log/it's $(rm -rf ~).log" }, { lines: 5, follow: true })).toBe("exec tail -n 5 -F -- '/var/log/it'\\''s $(rm -rf ~).log'");
    expect(logCommand({ type: 'file', file: '/l' }, { lines: 5, follow: false, sinceMs: 0 })).toBe("exec tail -n 10000 -- '/l'");
  });
});

describe('log lines', () => {
  it('splits chunks at newlines, keeping a line cut between chunks until its end', () => {
    const split = new LineSplitter();
    expect(split.push('one\ntw')).toEqual(['one']);
    expect(split.push('o\r\nthree')).toEqual(['two']);
    expect(split.end()).toEqual(['three']);
  });

  it('reads the time a line starts with: ISO 8601, with a space, with a zone; syslog; none', () => {
    const now = Date.parse('2026-12-04T12:00:00Z');
    expect(lineTime('2026-12-04T10:00:00.250Z INFO up', now)).toBe(Date.parse('2026-12-04T10:00:00.250Z'));
    expect(lineTime('2026-12-04T10:00:00+0100 INFO up', now)).toBe(Date.parse('2026-12-04T09:00:00Z'));
    expect(lineTime('[2026-12-04 10:00:00,5] up', now)).toBe(new Date(2026, 11, 4, 10, 0, 0, 500).getTime());
    expect(lineTime('Dec  4 10:00:00 lab-0 engine[12]: up', now)).toBe(new Date(2026, 11, 4, 10, 0, 0).getTime());
    expect(lineTime('    at a.b(C.java:1)', now)).toBeNull();
  });

  it('--since keeps from the first line stamped then or later; unstamped lines go with the line before', () => {
    const now = Date.parse('2026-12-04T12:00:00Z');
    const filter = new SinceFilter(Date.parse('2026-12-04T11:00:00Z'), now);
    const lines = ['2026-12-04T10:00:00Z old', '  at old.frame', '2026-12-04T11:30:00Z new', '  at new.frame', 'unstamped later'];
    expect(lines.filter((l) => filter.keep(l))).toEqual(['2026-12-04T11:30:00Z new', '  at new.frame', 'unstamped later']);
  });
});
