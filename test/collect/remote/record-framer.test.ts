import { describe, expect, it } from 'vitest';
import { RecordFramer, type FramerEvent } from '../../../src/collect/remote/record-framer.js';
import { CAPTURES, capture, prng, recordsOf, withLine } from './fixtures.js';

const feed = (framer: RecordFramer, chunks: (string | Buffer)[]): FramerEvent[] => [
  ...chunks.flatMap((chunk) => framer.push(chunk)),
  ...framer.end(),
];

const kinds = (events: FramerEvent[]) =>
  events.map((e) => (e.kind === 'record' ? `record ${e.seq}` : e.kind === 'noise' ? `noise ${e.text}` : `error ${e.error.reason}`));

describe('RecordFramer', () => {
  it.each(CAPTURES)('cuts the %s capture into its records, whole or byte by byte', (name) => {
    const text = capture(name);
    const expected = recordsOf(text).map((record, seq) => ({ kind: 'record', seq, text: record }));
    expect(expected).toHaveLength(5);
    expect(feed(new RecordFramer(), [text])).toEqual(expected);
    const bytes = Buffer.from(text);
    expect(feed(new RecordFramer(), [...bytes].map((b) => Buffer.from([b])))).toEqual(expected);
  });

  it('keeps UTF-8 intact whatever the chunk boundaries', () => {
    const [hello = '', first = ''] = recordsOf(capture('busybox'));
    const lines = first.split('\n');
    const index = lines.findIndex((l) => l.startsWith('p '));
    const record = withLine(first, index, `${lines[index]?.split('\t')[0]}\troot\tjava\tjava -Dcity=Zürich -Dtz=東京 Main`);
    const stream = Buffer.from(hello + record);
    for (let cut = 1; cut < stream.length; cut++) {
      const events = feed(new RecordFramer(), [stream.subarray(0, cut), stream.subarray(cut)]);
      expect(events.map((e) => (e.kind === 'record' ? e.text : e.kind))).toEqual([hello, record]);
    }
  });

  it('reports output before the first record as noise and carries on', () => {
    const text = `Welcome to trade-db-7\r\n\n${capture('dash-mawk')}`;
    expect(kinds(feed(new RecordFramer(), [text])).slice(0, 3)).toEqual(['noise Welcome to trade-db-7\r', 'noise ', 'record 0']);
  });

  it('reports a record cut short, then reads the next one', () => {
    const [hello = '', first = '', second = ''] = recordsOf(capture('dash-mawk'));
    const cut = first.slice(0, first.indexOf('\nE ') + 1);
    const events = feed(new RecordFramer(), [hello, cut, second]);
    expect(kinds(events)).toEqual(['record 0', 'error record 1 was cut short (no end line)', 'record 2']);
    const error = events[1]?.kind === 'error' ? events[1].error : undefined;
    expect(error?.seq).toBe(1);
    expect(error?.message).toMatch(/record 1, line \d+\): record 1 was cut short \(no end line\): "B 2"/);
  });

  it('catches a record that lost or gained a line', () => {
    const [, first = ''] = recordsOf(capture('dash-mawk'));
    const lost = first.replace(/^m .*\n/m, '');
    const gained = first.replace(/^(m .*\n)/m, '$1m 1 2 3\n');
    expect(kinds(feed(new RecordFramer(), [lost]))[0]).toMatch(/^error record announces \d+ bytes but carries \d+$/);
    expect(kinds(feed(new RecordFramer(), [gained]))[0]).toMatch(/^error record announces \d+ bytes but carries \d+$/);
  });

  it('catches an end line of another record', () => {
    const [, first = ''] = recordsOf(capture('dash-mawk'));
    expect(kinds(feed(new RecordFramer(), [first.replace(/^E 1 /m, 'E 7 ')]))).toEqual(['error record 1 ends with the end line of record 7']);
  });

  it('reports a stream that ends inside a record', () => {
    const [hello = '', first = ''] = recordsOf(capture('dash-mawk'));
    expect(kinds(feed(new RecordFramer(), [hello, first.slice(0, 40)]))).toEqual(['record 0', 'error stream ended inside record 1']);
  });

  it('drops a record longer than the limit without buffering it, and recovers', () => {
    const [hello = '', first = '', second = ''] = recordsOf(capture('dash-mawk'));
    const huge = first.replace(/^(P)$/m, `$1\n${'p 1 0 0 S 1\n'.repeat(200)}`.trimEnd());
    const events = feed(new RecordFramer({ maxRecordBytes: 1024 }), [hello, huge, second]);
    expect(kinds(events)).toEqual(['record 0', 'error record longer than 1024 bytes', 'record 2']);
  });

  it('drops a line longer than the limit that never ends, and recovers', () => {
    const [hello = '', , second = ''] = recordsOf(capture('dash-mawk'));
    const framer = new RecordFramer({ maxRecordBytes: 4096 });
    const junk = Buffer.alloc(64 * 1024, 0x41);
    const events = [...framer.push(hello), ...framer.push('B 1\nm '), ...Array.from({ length: 50 }, () => framer.push(junk)).flat(), ...framer.push(`\n${second}`)];
    expect(kinds(events)).toEqual(['record 0', 'error line longer than 4096 bytes', 'record 2']);
  });

  it('never throws, whatever the bytes and chunking', () => {
    const random = prng(7);
    const text = Buffer.from(CAPTURES.map(capture).join(''));
    for (let round = 0; round < 300; round++) {
      const bytes = Buffer.from(text);
      for (let n = 0; n < 20; n++) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
      const framer = new RecordFramer({ maxRecordBytes: 2048 });
      let at = 0;
      const events: FramerEvent[] = [];
      while (at < bytes.length) {
        const size = 1 + Math.floor(random() * 300);
        events.push(...framer.push(bytes.subarray(at, at + size)));
        at += size;
      }
      events.push(...framer.end());
      for (const e of events) if (e.kind === 'record') expect(e.text).toMatch(/^B (\d+)\n[\s\S]*E \1 \d+\n$/);
    }
  });
});
