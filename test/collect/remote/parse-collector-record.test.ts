import { describe, expect, it } from 'vitest';
import { CollectorOutputError } from '../../../src/collect/remote/collector-errors.js';
import {
  parseCollectorRecord,
  type CollectorRecord,
  type CollectorSampleRecord,
} from '../../../src/collect/remote/parse-collector-record.js';
import { KnownProcesses } from '../../../src/collect/remote/known-processes.js';
import { CAPTURES, capture, prng, recordsOf, reframe, withLine } from './fixtures.js';

function sample(record: CollectorRecord): CollectorSampleRecord {
  if (record.kind !== 'sample') throw new Error(`expected a sample, got ${record.kind}`);
  return record;
}

/** Parses a capture as a session would: short process lines refer to earlier lists. */
function parseCapture(name: (typeof CAPTURES)[number]): CollectorRecord[] {
  const known = new KnownProcesses();
  return recordsOf(capture(name)).map((text) => {
    const record = parseCollectorRecord(text, { knownProcesses: known });
    if (record.kind === 'sample' && record.hasProcesses) known.add(record.fields.processes);
    return record;
  });
}

function errorOf(fn: () => unknown): CollectorOutputError {
  try {
    fn();
  } catch (error) {
    if (error instanceof CollectorOutputError) return error;
    throw error;
  }
  throw new Error('expected a CollectorOutputError');
}

describe('parseCollectorRecord on captured output', () => {
  it.each(CAPTURES)('reads the %s capture', (name) => {
    const [hello, first, second, third, fourth] = parseCapture(name);
    expect(hello).toEqual({ kind: 'hello', seq: 0, facts: { protocol: 1, clockTicks: 100, pageSize: 4096, cores: 2, hostname: 'vm', kernel: '6.18.44-fc-v669' } });

    const one = sample(first as CollectorRecord);
    expect(one.seq).toBe(1);
    expect(one.interval).toBeGreaterThan(0.9);
    expect(one.fields.cpu.cores).toBe(2);
    expect(one.fields.cpu.perCore).toHaveLength(2);
    expect(one.fields.memory.total).toBe(24684084 * 1024);
    expect(one.fields.memory.used).toBe(one.fields.memory.total - one.fields.memory.available);
    expect(one.fields.disks.map((d) => d.device)).toEqual(['vda']);
    expect(one.fields.network.map((n) => n.iface)).toEqual(['lo', 'eth0']);
    expect(one.hasProcesses).toBe(true);
    expect(one.fields.jvms).toEqual([
      { pid: 2, user: 'root', mainClass: 'com.example.orders.OrderEngine' },
      { pid: 3, user: 'root', mainClass: expect.stringMatching(/\/market-data\.jar$/) },
    ]);
    const engine = one.fields.processes.find((p) => p.pid === 2);
    expect(engine).toMatchObject({ user: 'root', command: 'java', state: 'S', args: expect.stringMatching(/^java -Xmx32m .* com\.example\.orders\.OrderEngine --port 9000$/) });
    expect(engine?.memory).toBeCloseTo(((engine?.rss ?? 0) * 100) / one.fields.memory.total, 1);
    expect(one.hasFilesystems).toBe(true);
    expect(one.fields.filesystems.find((f) => f.mount === '/')).toMatchObject({ device: '/dev/vda', type: 'ext4', size: 264212084 * 1024 });

    expect(sample(second as CollectorRecord)).toMatchObject({ hasProcesses: false, hasFilesystems: false, dfPendingSeconds: null, fields: { processes: [], jvms: [], filesystems: [] } });

    // the third record sends the JVMs short: they come back whole from the first list
    const three = sample(third as CollectorRecord);
    expect(capture(name)).toMatch(/^p 2 [\d.]+ \d+ S \d+$/m);
    expect(three.fields.processes.find((p) => p.pid === 2)).toMatchObject({ command: 'java', args: engine?.args });
    expect(three.dfPendingSeconds).not.toBeNull();
    expect(sample(fourth as CollectorRecord)).toMatchObject({ hasFilesystems: true, dfPendingSeconds: null });
  });
});

describe('parseCollectorRecord on bad output', () => {
  const [, first = '', , third = ''] = recordsOf(capture('dash-mawk'));
  const lines = first.slice(0, -1).split('\n');
  const at = (tag: string) => lines.findIndex((l) => l.startsWith(tag));

  it('names the line and shows it for a value that is not a number', () => {
    const error = errorOf(() => parseCollectorRecord(withLine(first, at('c '), 'c 12.5 x\u001b[2J')));
    expect(error).toMatchObject({ seq: 1, line: at('c ') + 1, reason: '"x\\x1b[2J" is not a number', excerpt: 'c 12.5 x\\x1b[2J' });
    expect(error.message).toBe(`collector output (record 1, line ${at('c ') + 1}): "x\\x1b[2J" is not a number: "c 12.5 x\\x1b[2J"`);
  });

  it.each([
    ['too many numbers in a core', 'C ', 'C 1,2 3,4,5,6,7', 'expected 1 to 4 numbers'],
    ['an empty core', 'C ', 'C 1,2  3', '"" is not a number'],
    ['an unknown line', 'd ', 'Z 1', 'unexpected line'],
    ['a second memory line', 'd ', 'm 1', 'a second "m" line'],
    ['a negative number', 'l ', 'l -1 0 0', '"-1" is not a number'],
    ['a process line outside a list', 'd ', 'p 1 0 0 S 1', 'a process line outside the process list'],
  ])('refuses %s', (_what, replaced, line, reason) => {
    expect(errorOf(() => parseCollectorRecord(withLine(first, at(replaced), line))).reason).toBe(reason);
  });

  it('refuses a record without its load line', () => {
    const error = errorOf(() => parseCollectorRecord(reframe(lines.filter((l) => !l.startsWith('l ')))));
    expect(error.reason).toBe('the record lacks its "l" line');
  });

  it('refuses a short process line it cannot resolve', () => {
    const error = errorOf(() => parseCollectorRecord(third));
    expect(error.reason).toMatch(/^process \d+ is sent short but is not known from earlier lists$/);
  });

  it('refuses a truncated or mis-counted frame', () => {
    expect(errorOf(() => parseCollectorRecord(first.slice(0, 100))).reason).toBe('a record ends with "E <seq> <bytes>" (cut short?)');
    expect(errorOf(() => parseCollectorRecord(first.replace(/^E 1 \d+/m, 'E 1 5'))).reason).toMatch(/^record announces 5 bytes but carries \d+$/);
    expect(errorOf(() => parseCollectorRecord(`x${first}`)).line).toBe(1);
  });

  it('replaces control characters in text from the host', () => {
    const p = at('p ');
    const [numbers] = (lines[p] ?? '').split('\t');
    const record = sample(parseCollectorRecord(withLine(first, p, `${numbers}\troot\tja\u0007va\tjava \u001b]0;pwned\u0007 Main`)));
    expect(record.fields.processes[0]).toMatchObject({ command: 'ja?va', args: 'java ?]0;pwned? Main' });
  });

  it('only ever throws CollectorOutputError, on random damage', () => {
    const random = prng(42);
    const records = CAPTURES.flatMap((name) => recordsOf(capture(name)));
    const damage = [
      (t: string, i: number) => t.slice(0, i) + t.slice(i + 1),
      (t: string, i: number) => t.slice(0, i) + String.fromCharCode(Math.floor(random() * 0x3000)) + t.slice(i),
      (t: string, i: number) => t.slice(0, i),
      (t: string, i: number) => t.slice(0, i) + '\n' + t.slice(i),
      (t: string, i: number) => t.slice(0, i) + t.slice(i).replace(/\d/, '-'),
    ];
    let parsed = 0;
    for (let round = 0; round < 3000; round++) {
      const record = records[Math.floor(random() * records.length)] ?? '';
      const damaged = damage[Math.floor(random() * damage.length)]?.(record, Math.floor(random() * record.length)) ?? record;
      // reframe half of them so the damage reaches the line parser, not only the frame check
      const text = random() < 0.5 ? damaged : reframe(damaged.replace(/\n$/, '').split('\n'));
      try {
        const result = parseCollectorRecord(text);
        parsed++;
        if (result.kind === 'sample') {
          for (const value of [result.fields.cpu.usage, result.fields.memory.total, ...result.fields.load]) expect(Number.isFinite(value)).toBe(true);
        }
      } catch (error) {
        expect(error).toBeInstanceOf(CollectorOutputError);
      }
    }
    expect(parsed).toBeGreaterThan(100);
  });
});
