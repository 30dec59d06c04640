/** How bad a value is. Every pane marks warning and critical with a colour AND a symbol. */
export type Level = 'ok' | 'warning' | 'critical';

export interface Threshold {
  warning: number;
  critical: number;
}

/** The brief's defaults: warning at 70 %, critical at 90 %. The inventory may override them. */
export const DEFAULT_THRESHOLD: Threshold = { warning: 70, critical: 90 };

/** The inventory's `thresholds` section (see src/config/host-schema.ts), all percentages but load. */
export interface Thresholds {
  cpu: Threshold;
  memory: Threshold;
  swap: Threshold;
  disk: Threshold;
  filesystem: Threshold;
  /** 1-minute load average divided by the number of cores (a ratio, not a percentage). */
  loadPerCore: Threshold;
}

export const DEFAULT_THRESHOLDS: Thresholds = {
  cpu: DEFAULT_THRESHOLD,
  memory: DEFAULT_THRESHOLD,
  swap: DEFAULT_THRESHOLD,
  disk: DEFAULT_THRESHOLD,
  filesystem: DEFAULT_THRESHOLD,
  loadPerCore: { warning: 1, critical: 2 },
};

export function levelOf(value: number | null, threshold: Threshold): Level {
  if (value === null || !Number.isFinite(value)) return 'ok';
  if (value >= threshold.critical) return 'critical';
  if (value >= threshold.warning) return 'warning';
  return 'ok';
}

const RANK: Record<Level, number> = { ok: 0, warning: 1, critical: 2 };

export function worstLevel(levels: Iterable<Level>): Level {
  let worst: Level = 'ok';
  for (const level of levels) if (RANK[level] > RANK[worst]) worst = level;
  return worst;
}

export function levelRank(level: Level): number {
  return RANK[level];
}
