import { describe, expect, test } from 'vitest';
import { parseExposition } from '../../../src/collect/prometheus/index.js';
import type { ParseResult } from '../../../src/collect/prometheus/index.js';
import { fixtureText, parseFixture, pick, sampleLineCount } from './fixture-files.js';

const flat = (r: ParseResult): unknown[] => r.families.flatMap((f) => f.samples);
const one = (line: string, contentType?: string): ParseResult =>
  parseExposition(`${line}\n`, contentType === undefined ? {} : { contentType });

describe('modified real output (each file says what was changed)', () => {
  const node = parseFixture('node-exporter-1.5.0/metrics.txt');

  test('broken lines inserted: each is one error at its line, every real sample survives', () => {
    const { inserted } = JSON.parse(fixtureText('edge/node-exporter-1.5.0.broken-lines-inserted.json')) as {
      inserted: { line: number; text: string }[];
    };
    const r = parseFixture('edge/node-exporter-1.5.0.broken-lines-inserted.txt');
    expect(r.errors.map((e) => [e.line, e.text])).toEqual(inserted.map((x) => [x.line, x.text]));
    expect(r.families).toEqual(node.families);
    expect(r.errors.map((e) => e.message)).toEqual([
      'value "0.5x" is not a number',
      'label set not closed with }',
      'no value',
      'unterminated label value (a quote missing, or a " not escaped as \\") in label device',
      'timestamp "1700000000.5" is not integer milliseconds',
      'not a metric name, # comment or blank line',
      'invalid character "-" in metric name',
      'label device given twice',
      'unexpected "3" after the timestamp',
      'expected , or } after the value of label device, found "f" at column 48 (an unescaped " in the value?)',
    ]);
  });

  test('no # TYPE or # HELP: every sample kept, each name an untyped family', () => {
    const r = parseFixture('edge/node-exporter-1.5.0.type-and-help-lines-removed.txt');
    expect(r.errors).toEqual([]);
    expect(flat(r)).toEqual(flat(node));
    expect(r.families.every((f) => f.type === 'untyped' && f.help === '')).toBe(true);
    // The summary's _sum and _count are families of their own without the metadata.
    expect(r.families.filter((f) => f.name.startsWith('go_gc_duration_seconds')).map((f) => f.name)).toEqual([
      'go_gc_duration_seconds',
      'go_gc_duration_seconds_sum',
      'go_gc_duration_seconds_count',
    ]);
  });

  test('CRLF line endings and blank lines change nothing', () => {
    const r = parseFixture('edge/node-exporter-1.5.0.crlf-and-blank-lines.txt');
    expect(r.errors).toEqual([]);
    expect(r.families).toEqual(node.families);
  });

  test('a family split in two blocks is merged back, in first-appearance order', () => {
    const original = parseFixture('postgres-exporter-0.11.1/metrics.txt');
    const r = parseFixture('edge/postgres-exporter-0.11.1.family-split-in-two-blocks.txt');
    expect(r.errors).toEqual([]);
    expect(r.families).toEqual(original.families);
    expect(pick(r, 'pg_stat_database_xact_commit')).toHaveLength(5);
  });

  test('OpenMetrics cut before # EOF: reported as truncated, what arrived is kept', () => {
    const text = fixtureText('edge/python-client-phase-1.om.truncated-before-eof.txt');
    const r = parseExposition(text);
    expect(r.format).toBe('text'); // no # EOF, no content type: nothing says OpenMetrics
    const om = parseExposition(text, { contentType: 'application/openmetrics-text; version=1.0.0' });
    const lines = text.split('\n');
    expect(om.errors).toEqual([
      {
        line: lines.length,
        message: 'no # EOF at the end: the OpenMetrics exposition may be truncated',
        text: lines[lines.length - 1],
      },
    ]);
    expect(pick(om, 'last_fill_price')).toEqual([
      { name: 'last_fill_price', labels: { symbol: 'VOD.L' }, value: 71.42, timestampMs: 1700000000123 },
    ]);
  });

  test('text after # EOF: one error at the first such line, the exposition before it intact', () => {
    const r = parseFixture('edge/python-client-phase-1.om.text-after-eof.txt');
    const eofLine = fixtureText('python-client/phase-1.om.txt').split('\n').indexOf('# EOF') + 1;
    expect(r.errors).toEqual([
      { line: eofLine + 1, message: `content after # EOF (line ${eofLine}) ignored`, text: expect.stringMatching(/^# HELP order_processing_seconds /) },
    ]);
    expect(r.families).toEqual(parseFixture('python-client/phase-1.om.txt').families);
  });
});

describe('values, names and labels, line by line', () => {
  test('the float spellings Go accepts, and not the ones only JavaScript does', () => {
    const values = ['NaN', 'nan', '+Inf', '-Inf', 'Inf', '+inf', '-infinity', '1e3', '-1.5E-3', '.5', '5.', '+7', '0.000001'];
    const r = parseExposition(values.map((v, i) => `m{i="${i}"} ${v}`).join('\n'));
    expect(r.errors).toEqual([]);
    expect(pick(r, 'm').map((s) => s.value)).toEqual([NaN, NaN, Infinity, -Infinity, Infinity, Infinity, -Infinity, 1000, -0.0015, 0.5, 5, 7, 1e-6]);
    for (const bad of ['0x1F', 'Infinity1', '1,5', '', '1e', '--1', '1_000']) {
      expect(one(`m ${bad}`).errors, bad).toHaveLength(1);
    }
  });

  test('label syntax: empty set, trailing comma, blanks, separators and # inside values', () => {
    const r = parseExposition(
      ['a{} 1', 'b{x="1",} 2', 'c { x = "1" , y="2" } 3', 'd{x="a,b}c#d=e"} 4 # {trace_id="#}"} 1'].join('\n'),
    );
    expect(r.errors).toEqual([]);
    expect(r.families.map((f) => [f.name, { ...f.samples[0]?.labels }, f.samples[0]?.value])).toEqual([
      ['a', {}, 1],
      ['b', { x: '1' }, 2],
      ['c', { x: '1', y: '2' }, 3],
      ['d', { x: 'a,b}c#d=e' }, 4],
    ]);
  });

  test('escapes: \\\\ \\" \\n unescaped in label values, other pairs kept as written', () => {
    const r = one('m{a="x\\\\y",b="say \\"hi\\"",c="l1\\nl2",d="tab\\there"} 1');
    expect({ ...r.families[0]?.samples[0]?.labels }).toEqual({ a: 'x\\y', b: 'say "hi"', c: 'l1\nl2', d: 'tab\\there' });
  });

  test('HELP: \\\\ and \\n unescaped; \\" only in OpenMetrics', () => {
    const help = '# HELP m A \\\\ B \\n C \\" D\n# TYPE m gauge\nm 1\n';
    expect(parseExposition(help).families[0]?.help).toBe('A \\ B \n C \\" D');
    expect(parseExposition(`${help}# EOF\n`).families[0]?.help).toBe('A \\ B \n C " D');
  });

  test('timestamps: integer ms in text, seconds in OpenMetrics; negatives allowed', () => {
    expect(one('m 1 -1500').families[0]?.samples[0]?.timestampMs).toBe(-1500);
    expect(parseExposition('m 1 1.5\n# EOF\n').families[0]?.samples[0]?.timestampMs).toBe(1500);
    expect(parseExposition('m 1 1.005\n# EOF\n').families[0]?.samples[0]?.timestampMs).toBe(1005);
    expect(one('m 1 1.5').errors[0]?.message).toBe('timestamp "1.5" is not integer milliseconds');
  });

  test('metadata: unknown types, conflicting types, comments in each format', () => {
    const r = parseExposition('# TYPE m flux\n# TYPE m gauge\n# TYPE m counter\n# just a comment\nm 1\n');
    expect(r.errors.map((e) => [e.line, e.message])).toEqual([
      [1, 'unknown metric type "flux"'],
      [3, 'm declared counter after gauge; keeping gauge'],
    ]);
    expect(r.families).toEqual([{ name: 'm', type: 'gauge', help: '', samples: [{ name: 'm', labels: {}, value: 1 }] }]);
    const om = parseExposition('# just a comment\n# TYPE 9bad gauge\nm 1\n# EOF\n');
    expect(om.errors.map((e) => [e.line, e.message])).toEqual([
      [1, 'OpenMetrics allows only # HELP, # TYPE, # UNIT and # EOF comments'],
      [2, '# TYPE without a valid metric name'],
    ]);
    expect(om.families[0]?.type).toBe('unknown');
  });

  test('a sample named after an earlier family rejoins it', () => {
    const r = parseExposition('# TYPE h histogram\nh_bucket{le="1"} 1\n# TYPE g gauge\ng 1\nh_count 1\nh_sum 2\n');
    expect(r.families.map((f) => [f.name, f.samples.map((s) => s.name)])).toEqual([
      ['h', ['h_bucket', 'h_count', 'h_sum']],
      ['g', ['g']],
    ]);
  });

  test('a label named __proto__ is an ordinary label', () => {
    const labels = one('m{__proto__="x",toString="y"} 1').families[0]?.samples[0]?.labels;
    expect(Object.entries(labels ?? {})).toEqual([['__proto__', 'x'], ['toString', 'y']]);
  });

  test('long offending lines are cut in the report', () => {
    const e = one(`m{x="${'y'.repeat(500)}`).errors[0];
    expect(e?.text).toHaveLength(201);
    expect(e?.line).toBe(1);
  });
});

describe('never throws', () => {
  // Deterministic mutations of real lines: deleted, duplicated and injected characters chosen
  // among the ones the grammar cares about. Every non-blank, non-comment line must come back
  // as exactly one sample or one error.
  const base = [
    ...fixtureText('python-client/phase-1.txt').split('\n'),
    ...fixtureText('rabbitmq-3.10.8/per-object.txt').split('\n').slice(840, 880),
  ].filter((l) => l !== '');
  let seed = 42;
  const rand = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const noise = ['"', '\\', '{', '}', ',', '=', '#', ' ', '\t', 'e', '+', '-', '.', 'N', '\u0000', '\u00e9', '\r'];

  test('on 3000 mutated expositions', () => {
    for (let round = 0; round < 3000; round++) {
      const lines = Array.from({ length: 8 }, () => {
        let line = base[rand(base.length)] ?? '';
        for (let k = rand(4); k >= 0; k--) {
          const at = rand(line.length + 1);
          const op = rand(3);
          const bit = noise[rand(noise.length)] ?? '';
          line = op === 0 ? line.slice(0, at) + line.slice(at + 1) : op === 1 ? line.slice(0, at) + bit + line.slice(at) : line.slice(0, at);
        }
        return line;
      });
      const text = lines.join('\n');
      for (const contentType of ['text/plain', 'application/openmetrics-text']) {
        const r = parseExposition(text, { contentType });
        const produced = flat(r).length + r.errors.filter((e) => !e.text.startsWith('#') && e.text !== '').length;
        if (contentType === 'text/plain') expect(produced, text).toBe(sampleLineCount(text.replace(/\r(?=\n|$)/g, '')));
      }
    }
  });

  test('on inputs that are not text at all', () => {
    for (const input of [undefined, null, 42, Buffer.from('m 1\n'), {}, '\u0000\u0000', '\n\n\n', '{{{{', '#'.repeat(10000)]) {
      expect(() => parseExposition(input as unknown as string)).not.toThrow();
    }
    expect(pick(parseExposition(Buffer.from('m 1\n') as unknown as string), 'm')[0]?.value).toBe(1);
  });
});
