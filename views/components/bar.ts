import chalk from 'chalk';
import type { Level } from '../../src/analysis/thresholds.js';
import { colorFor } from '../theme.js';

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** A horizontal gauge `width` columns wide for 0–100 %, in eighths of a cell, empty part dotted. */
export function gauge(percent: number, width: number, level: Level = 'ok'): string {
  return paintGauge(plainGauge(percent, width), level);
}

/** The gauge's glyphs without colour: a table pads this, then paints it with `paintGauge`. */
export function plainGauge(percent: number, width: number): string {
  if (width <= 0) return '';
  const cells = (clamp(percent) / 100) * width;
  const full = Math.floor(cells);
  const part = full < width ? (EIGHTHS[Math.round((cells - full) * 8)] ?? '') : '';
  const filled = '█'.repeat(full) + part;
  return filled + '·'.repeat(width - filled.length);
}

export function paintGauge(plain: string, level: Level): string {
  const empty = plain.indexOf('·');
  const split = empty < 0 ? plain.length : empty;
  const paint = level === 'ok' ? chalk.green : colorFor(level);
  return paint(plain.slice(0, split)) + chalk.dim(plain.slice(split));
}

export interface BarSegment {
  percent: number;
  /** Distinct glyphs keep the segments apart without colour. */
  glyph: string;
  color: (text: string) => string;
}

/** A stacked gauge (user/system/iowait/steal, like htop), whole cells, the rest dotted. */
export function stackedGauge(segments: readonly BarSegment[], width: number): string {
  let used = 0;
  let out = '';
  let total = 0;
  for (const segment of segments) {
    total += clamp(segment.percent);
    // Round the running total, not each part, so the bar's length matches the sum.
    const end = Math.min(width, Math.round((Math.min(total, 100) / 100) * width));
    const cells = Math.max(0, end - used);
    out += segment.color(segment.glyph.repeat(cells));
    used += cells;
  }
  return out + chalk.dim('·'.repeat(Math.max(0, width - used)));
}

function clamp(percent: number): number {
  return Number.isFinite(percent) ? Math.min(100, Math.max(0, percent)) : 0;
}
