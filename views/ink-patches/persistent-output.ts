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

type Transformer = (line: string, index: number) => string;
type Operation =
  | { type: 'write'; x: number; y: number; text: string; transformers: Transformer[] }
  | { type: 'clip'; clip: { x1?: number; x2?: number; y1?: number; y2?: number } }
  | { type: 'unclip' };

interface InkOutputShape {
  caches: unknown;
  width: number;
  height: number;
  operations: Operation[];
  write(x: number, y: number, text: string, options: { transformers: Transformer[] }): void;
  clip(clip: { x1?: number; x2?: number; y1?: number; y2?: number }): void;
  unclip(): void;
  get(): { output: string; height: number };
}

/** A piece of a row: text starting at column x, `width` columns wide. */
interface Piece {
  x: number;
  width: number;
  text: string;
}

export default class Output extends (InkOutput as new (options: { width: number; height: number }) => InkOutputShape) {
  constructor(options: { width: number; height: number }) {
    super(options);
    this.caches = shared;
  }

  /**
   * The frame as text. Ink builds a grid of styled cells for every frame; perfmon's frames are
   * rows of pieces that never overlap, so each row is the pieces joined with spaces between
   * them, their colour codes untouched. Anything else (a horizontal clip, pieces that overlap)
   * goes to Ink's own way.
   */
  override get(): { output: string; height: number } {
    return this.joinRows() ?? super.get();
  }

  private joinRows(): { output: string; height: number } | null {
    const rows: Piece[][] = Array.from({ length: this.height }, () => []);
    const clips: { y1?: number; y2?: number }[] = [];
    for (const op of this.operations) {
      if (op.type === 'clip') {
        if (typeof op.clip.x1 === 'number' || typeof op.clip.x2 === 'number') return null;
        clips.push(op.clip);
        continue;
      }
      if (op.type === 'unclip') {
        clips.pop();
        continue;
      }
      const clip = clips.at(-1);
      const lines = op.text.split('\n');
      for (let index = 0; index < lines.length; index += 1) {
        const y = op.y + index;
        if (clip && ((typeof clip.y1 === 'number' && y < clip.y1) || (typeof clip.y2 === 'number' && y >= clip.y2))) continue;
        const row = rows[y];
        if (!row) continue;
        let line = lines[index]!;
        for (const transformer of op.transformers) line = transformer(line, index);
        const width = shared.getStringWidth(line);
        if (width > 0) row.push({ x: op.x, width, text: line });
      }
    }
    const out: string[] = [];
    for (const row of rows) {
      row.sort((a, b) => a.x - b.x);
      let column = 0;
      let text = '';
      for (const piece of row) {
        if (piece.x < column) return null; // overlapping pieces: Ink's grid decides who wins
        text += ' '.repeat(piece.x - column) + piece.text;
        column = piece.x + piece.width;
      }
      if (column > this.width) return null;
      out.push(text.trimEnd());
    }
    return { output: out.join('\n'), height: rows.length };
  }
}
