import { describe, expect, it } from 'vitest';
import { parseCodeCache } from '../../../src/collect/jvm/code-cache.js';
import { errorFixture, jvmFixture } from './jvm-fixtures.js';

const K = 1024;

describe('parseCodeCache on jcmd Compiler.codecache', () => {
  it('JDK 17: the sum of the three code heaps, committed from their bounds', () => {
    expect(parseCodeCache(jvmFixture('codecache-jdk17.txt'))).toEqual({
      used: (73 + 180 + 1105) * K,
      max: (120036 + 120032 + 5692) * K,
      // bounds [low, committed end, reserved end] of each heap
      committed: 0x45137000 - 0x44ec7000 + (0x3d670000 - 0x3d400000) + (0x44ba8000 - 0x44938000),
    });
  });

  it("JDK 25: the CodeCache total line (with commas), not the heaps added again", () => {
    const figures = parseCodeCache(jvmFixture('codecache-jdk25.txt'))!;
    const total = /^CodeCache: size=(\d+)Kb, used=(\d+)Kb/m.exec(jvmFixture('codecache-jdk25.txt'))!;
    expect(figures.used).toBe(Number(total[2]) * K);
    expect(figures.max).toBe(Number(total[1]) * K);
    expect(figures.committed).toBeGreaterThan(0);
    expect(figures.committed).toBeLessThanOrEqual(figures.max!);
  });

  it('JDK 8 format (one CodeCache line) and an error instead of figures', () => {
    expect(parseCodeCache('CodeCache: size=245760Kb used=2345Kb max_used=2345Kb free=243415Kb\n')).toEqual({ used: 2345 * K, committed: 245760 * K, max: 245760 * K });
    expect(parseCodeCache(errorFixture('jcmd-no-such-process-jdk17').output)).toBeNull();
  });
});
