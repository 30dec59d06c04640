// Replaces ink/build/output.js in the bundle (see build.mjs): Ink's own Output, but the text
// caches it rebuilds for every frame (a line's styled characters, string widths) live across
// frames, bounded. Most lines of a frame are the same as in the last one (titles, headers,
// labels), and tokenizing them again was most of a frame's cost.
import { styledCharsFromTokens, tokenize } from '@alcalzone/ansi-tokenize';
// @ts-expect-error Ink ships no types for its internal modules; resolved by the build.
import InkOutput from 'ink/build/output.js';
import { BoundedCache } from './bounded-cache.js';
import { fastWidth } from './fast-width.js';

type StyledChars = ReturnType<typeof styledCharsFromTokens>;

/** What Ink 6.8's Output asks of its caches; the values are never mutated by Ink. */
class PersistentCaches {
  // A line's styled characters are ~100 bytes each: 512 lines of 200 columns ≈ 10 MB at most.
  private readonly styled = new BoundedCache<StyledChars>(512);
  private readonly widths = new BoundedCache<number>(8192);
  private readonly blocks = new BoundedCache<number>(1024);

  getStyledChars(line: string): StyledChars {
    let chars = this.styled.get(line);
    if (chars === undefined) {
      chars = styledCharsFromTokens(tokenize(line));
      this.styled.set(line, chars);
    }
    return chars;
  }

  getStringWidth(text: string): number {
    let width = this.widths.get(text);
    if (width === undefined) {
      width = fastWidth(text);
      this.widths.set(text, width);
    }
    return width;
  }

  getWidestLine(text: string): number {
    let width = this.blocks.get(text);
    if (width === undefined) {
      width = Math.max(0, ...text.split('\n').map((line) => this.getStringWidth(line)));
      this.blocks.set(text, width);
    }
    return width;
  }
}

const shared = new PersistentCaches();

export default class Output extends (InkOutput as new (options: { width: number; height: number }) => { caches: unknown }) {
  constructor(options: { width: number; height: number }) {
    super(options);
    this.caches = shared;
  }
}
