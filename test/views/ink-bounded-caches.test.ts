import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BoundedCache } from '../../views/ink-patches/bounded-cache.js';
import measureText from '../../views/ink-patches/measure-text.js';
import wrapText from '../../views/ink-patches/wrap-text.js';

describe("Ink's text caches, bounded", () => {
  it('forgets the least recently used entries beyond the limit', () => {
    const cache = new BoundedCache<number>(3);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    expect(cache.get('a')).toBe(1); // a is now the most recent
    cache.set('d', 4);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    expect(cache.size).toBe(3);
  });

  it('measure and wrap as Ink does', () => {
    expect(measureText('ab\ncde')).toEqual({ width: 3, height: 2 });
    expect(measureText('')).toEqual({ width: 0, height: 0 });
    expect(wrapText('abcdef', 4, 'truncate-end')).toBe('abc…');
    expect(wrapText('abcdef', 4, 'wrap')).toBe('abcd\nef');
    // Distinct text/width pairs whose naive keys would collide (ink#998).
    expect(wrapText('ab', 12, 'wrap')).toBe('ab');
    expect(wrapText('ab1', 2, 'wrap')).toBe('ab\n1');
  });

  it('replace the unbounded ones in the built bundle (npm test builds it first)', () => {
    const bundle = readdirSync('dist')
      .filter((f) => f.endsWith('.js'))
      .map((f) => readFileSync(`dist/${f}`, 'utf8'))
      .join('\n');
    expect(bundle).toContain('BoundedCache');
    expect(bundle).not.toContain('cache[cacheKey] = wrappedText');
    // Ink's Output is extended so its per-frame caches persist across frames.
    expect(bundle).toContain('PersistentCaches');
    // Ink's widest-line and sanitize-ansi go through perfmon's fast width and a cache.
    expect(bundle).toContain('widest = Math.max(widest, fastWidth(line))');
    expect(bundle).toMatch(/\/\/ views\/ink-patches\/cached-sanitize-ansi\.ts\n[^\n]*\n[^\n]*\nfunction sanitizeAnsi\d*\(text\) \{\n  let clean = cache\d*\.get\(text\);/);
  });
});

describe('fastWidth', () => {
  it('agrees with string-width on what perfmon draws and on what it does not', async () => {
    const { fastWidth } = await import('../../views/ink-patches/fast-width.js');
    const stringWidth = (await import('string-width')).default;
    const samples = [
      'plain ascii',
      '\u001b[32m████▌\u001b[39m\u001b[2m·····\u001b[22m ✖ 95%',
      '● lab-1  ▲71%  ▁▂▃▄▅▆▇█ ┤┼ ↑↓ …',
      '主机-1 CJK host',
      'queue 🚀 emoji',
      'e\u0301 combining',
      '',
    ];
    for (const s of samples) expect(fastWidth(s), s).toBe(stringWidth(s));
  });
});

describe("the frame joined row by row", () => {
  it("equals Ink's own grid rendering, and falls back to it where pieces overlap or clip sideways", async () => {
    const { default: Output } = await import('../../views/ink-patches/persistent-output.js');
    // @ts-expect-error Ink's internal module has no types
    const { default: InkOutput } = await import('ink/build/output.js');
    const chalk = (await import('chalk')).default;
    const level = chalk.level;
    chalk.level = 1;
    try {
      const frame = (ops: (o: InstanceType<typeof Output>) => void) => {
        const ours = new Output({ width: 40, height: 4 });
        ops(ours);
        return { fast: ours.get().output, ink: (InkOutput.prototype.get as () => { output: string }).call(ours).output };
      };
      const plain = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '');
      const cases = [
        (o: InstanceType<typeof Output>) => {
          o.write(0, 0, `${chalk.bold.cyan('perfmon')}  host`, { transformers: [] });
          o.write(30, 0, chalk.inverse('1 Fleet'), { transformers: [] });
          o.write(0, 1, `CPU  ${chalk.green('████')}${chalk.dim('····')} ✖ 95%`, { transformers: [] });
          o.write(2, 2, 'a\nb', { transformers: [(line: string, i: number) => `${i}:${line}`] });
        },
        // A vertical clip keeps rows 1–2 only.
        (o: InstanceType<typeof Output>) => {
          o.clip({ y1: 1, y2: 3 });
          o.write(0, 0, 'zero\none\ntwo\nthree', { transformers: [] });
          o.unclip();
        },
        // Overlapping pieces: Ink's grid decides.
        (o: InstanceType<typeof Output>) => {
          o.write(0, 0, 'abcdef', { transformers: [] });
          o.write(2, 0, 'XY', { transformers: [] });
        },
      ];
      for (const ops of cases) {
        const { fast, ink } = frame(ops);
        expect(plain(fast)).toBe(plain(ink));
      }
      const colours = frame(cases[0]!);
      expect(colours.fast).toContain('\u001b[7m1 Fleet');
    } finally {
      chalk.level = level;
    }
  });
});
