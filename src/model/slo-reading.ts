/**
 * The SLO part of `perfmon snapshot --json` and of the SLO pane. Shape (stable; add fields,
 * never rename):
 *
 *   { "components": [ {
 *       "name": "oe", "role": "order-engine", "timeMs": 1764200000000,
 *       "appMetrics": { "ordersPerSec": { "key", "type", "value", "unit", "quantiles"?, … }, … },
 *       "slos": [ {
 *         "name": "order-latency", "type": "latency", "objective": 99.9,
 *         "status": "ok" | "ticket" | "page" | "no-data",
 *         "sli": 0.9993,                       // good ÷ total over the covered compliance window
 *         "windowSeconds": 2592000, "coveredSeconds": 5400,
 *         "errorBudget": { "allowed": 0.001, "consumed": 0.7, "remaining": 0.3 },
 *         "current": { "good": true, "value": 41.2 },   // the latest sample's SLI reading
 *         "alerts": [ { "severity": "page", "shortWindowSeconds": 300, "longWindowSeconds": 3600,
 *                       "threshold": 14.4, "shortBurnRate": 2.1, "longBurnRate": 0.8,
 *                       "firing": false, "covered": true }, { "severity": "ticket", … } ]
 *       } ],
 *       "queues": [ … ],      // optional: QueueStatus entries, as `perfmon queues --json` prints them
 *       "database": [ … ]     // optional: one DatabaseSnapshot per host (src/model/database-reading.ts)
 *   } ] }
 *
 * Ratios are 0–1 (objective stays in percent as configured). Budget consumed is the share of
 * the allowed bad events already spent in the covered part of the window; remaining may go
 * below 0. A burn rate of 1 spends the budget exactly over the window.
 */
import type { AppMetricValue } from './app-reading.js';
import type { DatabaseSnapshot } from './database-reading.js';
import type { QueueStatus } from './queue-reading.js';

/** The kinds of SLO (the inventory's `slos[].type`; config checks both lists agree). */
export type SloType = 'availability' | 'latency' | 'throughput' | 'error-rate';

export type AlertSeverity = 'page' | 'ticket';

export interface BurnAlertRule {
  severity: AlertSeverity;
  shortWindowSeconds: number;
  longWindowSeconds: number;
  /** Fires when both windows burn faster than this. */
  threshold: number;
}

/** One burn-rate alert of an SLO as last evaluated (src/analysis/burn-rate.ts). */
export interface BurnAlertState extends BurnAlertRule {
  shortBurnRate: number | null;
  longBurnRate: number | null;
  firing: boolean;
  /** Whether perfmon has history for the whole long window (else the rates cover what it has). */
  covered: boolean;
}

export interface SloStatus {
  name: string;
  type: SloType;
  description?: string;
  objective: number;
  status: 'ok' | 'ticket' | 'page' | 'no-data';
  sli: number | null;
  windowSeconds: number;
  coveredSeconds: number;
  errorBudget: { allowed: number; consumed: number | null; remaining: number | null };
  /** The latest sample: was it good, and the value judged (latency in the mapping's unit, a rate, a ratio). */
  current: { good: boolean | null; value: number | null };
  alerts: BurnAlertState[];
}

export interface ComponentReport {
  name: string;
  role: string;
  timeMs: number;
  appMetrics: Record<string, AppMetricValue>;
  slos: SloStatus[];
  /** The component's queues (QueueCollector and its trackers), when it has queue sources: the `perfmon queues --json` entries. */
  queues?: QueueStatus[];
  /** Its PostgreSQL server per host (PostgresCollector), when it has a database. */
  database?: DatabaseSnapshot[];
}
