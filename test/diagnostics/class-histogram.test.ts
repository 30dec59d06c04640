import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diffClassHistograms, javaClassName, parseClassHistogram, topClasses } from '../../src/diagnostics/class-histogram.js';
import { fixturePath, JDKS } from './fixture-dumps.js';

function histogram(name: string) {
  return parseClassHistogram(readFileSync(fixturePath(`class-histograms/${name}`), 'utf8'));
}

describe.each(JDKS)('class histograms of the growing cache on %s', (jdk) => {
  const before = histogram(`growing-cache-${jdk}-1.txt`);
  const after = histogram(`growing-cache-${jdk}-2.txt`);

  it('parses every row, the pid and the totals (rows add up to the Total line)', () => {
    for (const h of [before, after]) {
      expect(h.pid).toEqual(expect.any(Number));
      expect(h.rows.reduce((sum, r) => sum + r.bytes, 0)).toBe(h.totalBytes);
      expect(h.rows.reduce((sum, r) => sum + r.instances, 0)).toBe(h.totalInstances);
      expect(h.rows.map((r) => r.rank)).toEqual(h.rows.map((_, i) => i + 1));
    }
    expect(before.rows[0]).toEqual({ rank: 1, instances: 20000, bytes: 1120000, className: 'GrowingCache$OrderSnapshot', module: null });
    expect(after.rows.find((r) => r.className === 'java.lang.String')?.module).toMatch(/^java\.base@/);
  });

  it('puts the cached class first by bytes', () => {
    expect(topClasses(after, 3).map((r) => r.className)[0]).toBe('GrowingCache$OrderSnapshot');
  });

  it('names the growing class first in the diff: 80 000 more snapshots', () => {
    const growth = diffClassHistograms(before, after);
    expect(growth[0]).toEqual({
      className: 'GrowingCache$OrderSnapshot',
      module: null,
      instancesBefore: 20000,
      instancesAfter: 100000,
      instancesDelta: 80000,
      bytesBefore: 1120000,
      bytesAfter: 5600000,
      bytesDelta: 4480000,
    });
    // The map's nodes and boxed keys follow; the sort is by bytes, then instances.
    expect(growth.slice(1, 3).map((g) => g.className)).toEqual(['java.util.HashMap$Node', 'java.lang.Long']);
    expect(growth.every((g, i) => i === 0 || growth[i - 1]!.bytesDelta >= g.bytesDelta)).toBe(true);
  });
});

describe('class names', () => {
  it('writes JVM array names the Java way', () => {
    expect(['[B', '[[I', '[Ljava.lang.Object;', 'java.lang.String'].map(javaClassName)).toEqual([
      'byte[]',
      'int[][]',
      'java.lang.Object[]',
      'java.lang.String',
    ]);
  });
});
