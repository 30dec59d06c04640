/**
 * Retention: by age per tier, and by total size, always deleting the oldest chunks. Over the
 * size limit the finest detail goes first (raw, then 1-minute, then 1-hour), because the
 * coarser tiers still cover the same time; each tier keeps its newest chunk.
 */
import type { StoreTables, Table } from './open-store.js';
import { TIERS, type Tier, type TierName } from './store-layout.js';

export interface RetentionConfig {
  /** Maximum age per tier in ms (defaults: raw 14 d, 1m 90 d, 1h 2 y). */
  maxAge?: Partial<Record<TierName, number>>;
  /** Total bytes of all tiers; unlimited when absent. */
  maxBytes?: number;
}

/** What one window of a tier holds: bytes (keys included), samples or buckets, series, its first time. */
export interface Usage {
  bytes: number;
  points: number;
  series: number;
  first: number;
}

export function usageKey(tier: TierName, windowStart: number): (string | number)[] {
  return ['usage', tier, windowStart];
}

export function tierTable(tables: StoreTables, tier: Tier): Table {
  return tables[tier.table];
}

/** Windows of a tier that hold data, oldest first, with their usage. */
export function tierWindows(tables: StoreTables, tier: Tier): { start: number; usage: Usage }[] {
  const out: { start: number; usage: Usage }[] = [];
  for (const { key, value } of tables.meta.getRange({ start: ['usage', tier.name], end: ['usage', tier.name, Number.MAX_SAFE_INTEGER] })) {
    out.push({ start: Number((key as (string | number)[])[2]), usage: value as Usage });
  }
  return out;
}

/** Deletes one window of a tier: its chunks, the raw tier's timestamp columns, its usage. Call inside a transaction. */
function dropWindow(tables: StoreTables, tier: Tier, start: number): void {
  const range = { start: [start], end: [start + 1] };
  const table = tierTable(tables, tier);
  for (const key of table.getKeys(range)) void table.remove(key);
  if (tier.name === 'raw') for (const key of tables.times.getKeys(range)) void tables.times.remove(key);
  void tables.meta.remove(usageKey(tier.name, start));
}

/** Applies the retention as of `now` (the newest sample time); returns the windows deleted. */
export function enforceRetention(tables: StoreTables, config: RetentionConfig, now: number): number {
  let dropped = 0;
  tables.root.transactionSync(() => {
    const windows = new Map(TIERS.map((tier) => [tier.name, tierWindows(tables, tier)]));
    for (const tier of TIERS) {
      const cutoff = now - (config.maxAge?.[tier.name] ?? tier.defaultRetention);
      const list = windows.get(tier.name)!;
      while (list.length > 0 && list[0]!.start + tier.window <= cutoff) {
        dropWindow(tables, tier, list.shift()!.start);
        dropped++;
      }
    }
    // Events (a few per action) live as long as the coarsest tier.
    const eventCutoff = now - (config.maxAge?.['1h'] ?? TIERS[TIERS.length - 1]!.defaultRetention);
    for (const key of tables.events?.getKeys({ start: [0], end: [eventCutoff] }) ?? []) void tables.events!.remove(key);
    if (config.maxBytes === undefined) return;
    let total = [...windows.values()].flat().reduce((n, w) => n + w.usage.bytes, 0);
    for (const tier of TIERS) {
      const list = windows.get(tier.name)!;
      while (total > config.maxBytes && list.length > 1) {
        const oldest = list.shift()!;
        dropWindow(tables, tier, oldest.start);
        total -= oldest.usage.bytes;
        dropped++;
      }
    }
  });
  return dropped;
}
