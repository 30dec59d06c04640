/**
 * The `history:` block: where the recorder keeps its store and how long each tier lives. Ages
 * are durations per tier (full resolution, 1-minute and 1-hour rollups); `maxBytes` caps the
 * whole store. Past either limit the oldest chunks are deleted (src/history/retention.ts).
 */
import { z } from 'zod';
import { TIERS, type TierName } from '../history/store-layout.js';
import { durationSchema } from './schema-primitives.js';

const SIZE_UNITS: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
};
const SIZE = /^(\d+(?:\.\d+)?)\s*([kmgt]i?b|b)$/i;

/** Bytes in `2GiB`, `500MB`, `1.5 TB`, `4096`; null when it is not a size. */
export function parseSize(text: string): number | null {
  const match = SIZE.exec(text.trim());
  if (!match) return /^\d+$/.test(text.trim()) ? Number(text.trim()) : null;
  return Math.round(Number(match[1]) * (SIZE_UNITS[match[2]!.toLowerCase()] ?? Number.NaN));
}

/** A size: bytes as a number, or text with a unit (B, kB, MB, GB, TB, KiB, MiB, GiB, TiB). Output: bytes. */
export const sizeSchema = z
  .union([z.number().int().min(1), z.string().regex(/^\s*\d+(?:\.\d+)?\s*(?:[kKmMgGtT]i?[bB]|[bB])?\s*$/, { error: 'a size is a number of bytes or text like 500MB, 2GiB, 1TB' })])
  .transform((value, ctx) => {
    const bytes = typeof value === 'number' ? value : parseSize(value);
    if (bytes === null || !(bytes >= 1 << 20)) {
      ctx.issues.push({ code: 'custom', message: `must be at least 1MiB (got ${String(value)})`, input: value });
      return z.NEVER;
    }
    return bytes;
  });

const defaultAge = (tier: TierName) => TIERS.find((t) => t.name === tier)!.defaultRetention / 1000;

export const historySchema = z
  .strictObject({
    path: z
      .string()
      .min(1)
      .optional()
      .describe('history store directory; default $XDG_STATE_HOME/perfmon/history; relative to this file'),
    retention: z
      .strictObject({
        raw: durationSchema({ min: 3600 }).default(defaultAge('raw')).describe('how long full-resolution samples are kept (default 14d)'),
        '1m': durationSchema({ min: 3600 }).default(defaultAge('1m')).describe('how long 1-minute rollups are kept (default 90d)'),
        '1h': durationSchema({ min: 3600 }).default(defaultAge('1h')).describe('how long 1-hour rollups are kept (default 730d, two years)'),
      })
      .prefault({})
      .describe('maximum age per tier; older chunks are deleted'),
    maxBytes: sizeSchema
      .optional()
      .describe('cap on the whole store (e.g. 2GiB); over it the oldest chunks go, full resolution first'),
  })
  .prefault({})
  .describe('The history store `perfmon record` writes and `perfmon history` reads.');
