import type { Argv } from 'yargs';

export const MIN_INTERVAL = 0.25;
export const MAX_INTERVAL = 60;

/** Seconds between samples, refused outside 0.25–60 with a message that says so. */
export function parseInterval(value: unknown): number {
  const seconds = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(seconds) || seconds < MIN_INTERVAL || seconds > MAX_INTERVAL) {
    throw new Error(`--interval must be a number of seconds from ${MIN_INTERVAL} to ${MAX_INTERVAL} (got ${JSON.stringify(value)})`);
  }
  return seconds;
}

/** `--interval`; without a default when the inventory's `interval` should apply instead. */
export function withInterval<T>(y: Argv<T>, withDefault = true) {
  return y.option('interval', {
    alias: 'i',
    type: 'number',
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
