import chalk from 'chalk';
import type { Level } from '../src/analysis/thresholds.js';

/**
 * Colours and the symbols that carry the same meaning without colour (NO_COLOR, --no-color,
 * a monochrome terminal): a value over its warning threshold gets ▲, over critical ✖.
 */
export const LEVEL_SYMBOL: Record<Level, string> = { ok: ' ', warning: '▲', critical: '✖' };

const LEVEL_COLOR: Record<Level, (text: string) => string> = {
  ok: (t) => t,
  warning: (t) => chalk.yellow(t),
  critical: (t) => chalk.red.bold(t),
};

/** `text` coloured by level, with the level's symbol in front (always one column wide). */
export function marked(text: string, level: Level): string {
  return LEVEL_COLOR[level](`${LEVEL_SYMBOL[level]}${text}`);
}

export function colorFor(level: Level): (text: string) => string {
  return LEVEL_COLOR[level];
}

export const style = {
  dim: (t: string) => chalk.dim(t),
  bold: (t: string) => chalk.bold(t),
  title: (t: string) => chalk.bold.cyan(t),
  accent: (t: string) => chalk.cyan(t),
  key: (t: string) => chalk.bold.yellow(t),
  selected: (t: string) => chalk.inverse(t),
  good: (t: string) => chalk.green(t),
  bad: (t: string) => chalk.red.bold(t),
  warn: (t: string) => chalk.yellow(t),
  /** A state that is not normal and must not be missed (DEGRADED): reverse yellow. */
  alarm: (t: string) => chalk.bgYellow.black.bold(t),
  /** Something that changes hosts: reverse red, so it can't be mistaken for anything else. */
  danger: (t: string) => chalk.bgRed.white.bold(t),
};

/**
 * Colour on or off for the whole process: off with `--no-color` or a non-empty NO_COLOR
 * (no-color.org; chalk itself only reads FORCE_COLOR and the flag).
 */
export function applyColorChoice(colorFlag: boolean, env: NodeJS.ProcessEnv = process.env): void {
  if (!colorFlag || (env['NO_COLOR'] ?? '') !== '') chalk.level = 0;
}

/** A table cell for a value with a level: symbol and value, painted by level after padding. */
export function levelCell(text: string, level: Level): { text: string; paint: (t: string) => string } {
  return { text: `${LEVEL_SYMBOL[level]}${text}`, paint: LEVEL_COLOR[level] };
}
