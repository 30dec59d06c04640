import type { Argv } from 'yargs';

export const MIN_INTERVAL = 0.25;
export const MAX_INTERVAL = 60;

interface NumberRule {
  /** Refuse fractions (`--top 2.5`). */
  whole?: boolean;
  min: number;
  max?: number;
  /** What the number counts, for the message: `seconds`. */
  unit?: string;
}

/**
 * A yargs `coerce` for a numeric flag that names the flag, the rule and what was typed.
 * Declare such flags without `type: 'number'`: yargs would turn `abc` into NaN before the
 * coerce sees it, and the message could only say `(got null)`.
 */
export function numberFlag(name: string, rule: NumberRule): (value: unknown) => number {
  const kind = `${rule.whole ? 'a whole number' : 'a number'}${rule.unit ? ` of ${rule.unit}` : ''}`;
  const range = rule.max === undefined ? `of ${rule.min} or more` : `from ${rule.min} to ${rule.max}`;
  return (value: unknown): number => {
    const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
    if (!Number.isFinite(n) || n < rule.min || (rule.max !== undefined && n > rule.max) || (rule.whole && !Number.isInteger(n))) {
      throw new Error(`--${name} must be ${kind} ${range} (got ${Array.isArray(value) ? value.join(' ') : String(value)})`);
    }
    return n;
  };
}

/** Seconds between samples, refused outside 0.25–60 with a message that says so. */
export const parseInterval = numberFlag('interval', { min: MIN_INTERVAL, max: MAX_INTERVAL, unit: 'seconds' });

/** `--interval`; without a default when the inventory's `interval` should apply instead. */
export function withInterval<T>(y: Argv<T>, withDefault = true) {
  return y.option('interval', {
    alias: 'i',
    ...(withDefault ? { default: 1 } : {}),
    describe: `Seconds between samples (${MIN_INTERVAL}–${MAX_INTERVAL}; default the inventory's interval, else 1)`,
    coerce: (value: unknown) => (value === undefined ? undefined : parseInterval(value)),
  });
}

export function withColor<T>(y: Argv<T>) {
  return y.option('color', {
    type: 'boolean',
    default: true,
    describe: 'Colour output; --no-color (or NO_COLOR=1) turns it off, symbols still mark warnings',
  });
}

/** The flags of an `init` subcommand that writes a commented example file. */
export interface InitFlags {
  out?: string;
  force?: boolean;
}

/** `--out FILE` (`-` for stdout) and `--force` for an `init` subcommand. */
export function withInitOptions<T>(y: Argv<T>, defaultPath: string) {
  return y
    .option('out', { type: 'string', describe: `file to write, - for stdout (default: ${defaultPath})` })
    .option('force', { type: 'boolean', default: false, describe: 'overwrite an existing file' });
}
